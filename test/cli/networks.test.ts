import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['nginx:latest', 'alpine:latest'] });

async function ok(args: string[]): Promise<string> {
  const r = await t.docker.run(args);
  expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Resolves true when something accepts a connection on 127.0.0.1:port. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('docker network', () => {
  it('create / ls / inspect / rm / prune', async () => {
    const id = (await ok(['network', 'create', '--label', 'k=v', 'cli-net'])).trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const ls = await ok(['network', 'ls', '--format', '{{.Name}} {{.Driver}} {{.Scope}}']);
    expect(ls.split('\n')).toEqual(expect.arrayContaining(['bridge bridge local', 'host host local', 'none null local', 'cli-net bridge local']));
    expect((await ok(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}}{{end}} {{.Labels.k}}', 'cli-net'])).trim()).toMatch(/^172\.\d+\.0\.0\/16 v$/);
    const dup = await t.docker.run(['network', 'create', 'cli-net']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('Error response from daemon: network with name cli-net already exists');
    const overlap = await t.docker.run(['network', 'create', '--subnet', '172.17.0.0/24', 'cli-overlap']);
    expect(overlap.stderr).toContain('Error response from daemon: invalid pool request: Pool overlaps with other one on this address space');
    const predefined = await t.docker.run(['network', 'rm', 'host']);
    expect(predefined.stderr).toContain('Error response from daemon: host is a pre-defined network and cannot be removed');
    expect((await ok(['network', 'rm', 'cli-net'])).trim()).toBe('cli-net');
    await ok(['network', 'create', 'cli-prune']);
    const pruned = await ok(['network', 'prune', '-f']);
    expect(pruned).toContain('Deleted Networks:\ncli-prune');
  });

  it('run --network mynet --network-alias db, then connect / disconnect', async () => {
    await ok(['network', 'create', 'cli-app']);
    await ok(['network', 'create', 'cli-other']);
    await ok(['run', '-d', '--name', 'cli-db', '--network', 'cli-app', '--network-alias', 'db', 'alpine', 'sleep', '1000']);
    const aliases = await ok(['inspect', '-f', '{{json (index .NetworkSettings.Networks "cli-app").Aliases}} {{json (index .NetworkSettings.Networks "cli-app").DNSNames}}', 'cli-db']);
    expect(aliases).toMatch(/^\["db"\] \["cli-db","db","[0-9a-f]{12}"\]/);
    expect((await ok(['inspect', '-f', '{{(index .NetworkSettings.Networks "cli-app").IPAddress}}', 'cli-db'])).trim()).toMatch(/^172\.\d+\.0\.2$/);
    await ok(['network', 'connect', '--alias', 'second', 'cli-other', 'cli-db']);
    const nets = await ok(['inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', 'cli-db']);
    expect(nets.trim().split(' ').sort()).toEqual(['cli-app', 'cli-other']);
    const inUse = await t.docker.run(['network', 'rm', 'cli-other']);
    expect(inUse.stderr).toMatch(/Error response from daemon: error while removing network: network cli-other has active endpoints \(name:"cli-db" id:"[0-9a-f]{12}"\)/);
    await ok(['network', 'disconnect', 'cli-other', 'cli-db']);
    await ok(['network', 'rm', 'cli-other']);
    await ok(['rm', '-f', 'cli-db']);
  });

  it('resolves names and aliases inside a user network (ping, nslookup, getent), not on the default bridge', async () => {
    await ok(['network', 'create', 'cli-dns']);
    await ok(['run', '-d', '--name', 'cli-dns-db', '--network', 'cli-dns', '--network-alias', 'database', 'alpine', 'sleep', '1000']);
    const ip = (await ok(['inspect', '-f', '{{(index .NetworkSettings.Networks "cli-dns").IPAddress}}', 'cli-dns-db'])).trim();
    const pinged = await ok(['run', '--rm', '--network', 'cli-dns', 'alpine', 'ping', '-c1', 'cli-dns-db']);
    expect(pinged).toContain(`PING cli-dns-db (${ip}): 56 data bytes`);
    expect(pinged).toContain('1 packets transmitted, 1 packets received, 0% packet loss');
    const looked = await ok(['run', '--rm', '--network', 'cli-dns', 'alpine', 'nslookup', 'database']);
    expect(looked).toContain(`Name:\tdatabase\nAddress: ${ip}`);
    expect((await ok(['run', '--rm', '--network', 'cli-dns', 'alpine', 'getent', 'hosts', 'database'])).trim()).toMatch(new RegExp(`^${ip.replace(/\./g, '\\.')}\\s+database`));
    const bridge = await t.docker.run(['run', '--rm', 'alpine', 'ping', '-c1', 'cli-dns-db']);
    expect(bridge.code).toBe(1);
    expect(bridge.stderr).toContain("ping: bad address 'cli-dns-db'");
    const missing = await t.docker.run(['run', '--rm', '--network', 'cli-dns', 'alpine', 'nslookup', 'nosuchhost']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("** server can't find nosuchhost: NXDOMAIN");
    await ok(['rm', '-f', 'cli-dns-db']);
    expect((await t.docker.run(['run', '--rm', '--network', 'cli-dns', 'alpine', 'ping', '-c1', 'database'])).code).toBe(1);
  });

  it('run -p 8080:80 then docker port; nginx answers on loopback until docker stop', async () => {
    const port = await freePort();
    await ok(['run', '-d', '--name', 'cli-web', '-p', `${port}:80`, 'nginx']);
    expect((await ok(['port', 'cli-web'])).trim().split('\n')).toEqual([`80/tcp -> 0.0.0.0:${port}`, `80/tcp -> [::]:${port}`]);
    expect((await ok(['port', 'cli-web', '80'])).split('\n')[0]).toBe(`0.0.0.0:${port}`);
    expect(await ok(['ps', '--filter', 'name=cli-web', '--format', '{{.Ports}}'])).toContain(`0.0.0.0:${port}->80/tcp`);
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(page).toContain('<title>Welcome to nginx!</title>');
    const conflict = await t.docker.run(['run', '-d', '-p', `${port}:80`, 'nginx']);
    expect(conflict.stderr).toContain(`Bind for 0.0.0.0:${port} failed: port is already allocated`);
    await ok(['stop', 'cli-web']);
    expect(await canConnect(port)).toBe(false);
    expect((await ok(['port', 'cli-web'])).trim()).toBe('');
  });

  it('-P publishes exposed ports on ephemeral host ports from 32768 and holds other connections', async () => {
    await ok(['run', '-d', '--name', 'cli-eph', '-P', '--expose', '9999', 'alpine', 'sleep', '1000']);
    const lines = (await ok(['port', 'cli-eph'])).trim().split('\n');
    const hostPort = Number(/0\.0\.0\.0:(\d+)/.exec(lines.join('\n'))![1]);
    expect(hostPort).toBeGreaterThanOrEqual(32768);
    expect(await canConnect(hostPort)).toBe(true);
    await ok(['rm', '-f', 'cli-eph']);
    expect(await canConnect(hostPort)).toBe(false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
