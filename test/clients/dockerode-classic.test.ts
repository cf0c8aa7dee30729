/** Classic Swarm mode through dockerode: placement, Node, node-prefixed names, private pulls with and without X-Registry-Auth. */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ nodes: 3, mode: 'classic', portListeners: false, seed: 11 });
const b = useDaemon({ nodes: 3, mode: 'classic', strategy: 'binpack', portListeners: false, seed: 11 });
const clientOf = (d: typeof t) => {
  const url = new URL(d.url);
  return new Docker({ host: url.hostname, port: Number(url.port), protocol: 'http' });
};
const follow = (docker: Docker, stream: NodeJS.ReadableStream) =>
  new Promise<any[]>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null, out: any[]) => (err ? reject(err) : resolve(out))));

describe('dockerode against mockerd --mode classic', () => {
  it('createContainer six times spreads over three nodes; listContainers names carry the node', async () => {
    const docker = clientOf(t);
    for (let i = 1; i <= 6; i++) {
      const c = await docker.createContainer({ name: `api${i}`, Image: 'alpine', Cmd: ['sleep', '1000'] });
      await c.start();
    }
    const list = await docker.listContainers();
    const nodes = list.map((c) => c.Names[0]!.split('/')[1]).sort();
    expect(nodes).toEqual(['node-1', 'node-1', 'node-2', 'node-2', 'node-3', 'node-3']);
    expect(list.every((c) => /^\/node-[123]\/api[1-6]$/.test(c.Names[0]!))).toBe(true);
    expect((await docker.listContainers({ all: true })).filter((c) => c.Image === 'swarm')).toHaveLength(3);
  });

  it('inspect has Node; published ports report the node IP', async () => {
    const docker = clientOf(t);
    const c = await docker.createContainer({
      name: 'pub', Image: 'alpine', Cmd: ['sleep', '1000'], Env: ['constraint:node==node-3'],
      ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] } },
    });
    await c.start();
    const info: any = await c.inspect();
    expect(info.Node).toMatchObject({ Name: 'node-3', IP: '10.0.0.4', Addr: 'http://10.0.0.4:4243' });
    expect(Object.keys(info).indexOf('Node')).toBe(Object.keys(info).indexOf('Name') - 1);
    expect(info.HostConfig.PortBindings['80/tcp'][0]).toEqual({ HostIp: '10.0.0.4', HostPort: '8080' });
    expect(info.NetworkSettings.Ports['80/tcp'][0]).toEqual({ HostIp: '10.0.0.4', HostPort: '8080' });
    const listed = (await docker.listContainers({ filters: { name: ['pub'] } }))[0]!;
    expect(listed.Ports.find((p) => p.PublicPort === 8080 && p.IP !== '::')).toMatchObject({ IP: '10.0.0.4', PrivatePort: 80 });
  });

  it('a second container wanting the same host port goes to another node (port filter)', async () => {
    const docker = clientOf(t);
    const c = await docker.createContainer({ name: 'pub2', Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } });
    const info: any = await c.inspect();
    expect(info.Node.Name).not.toBe('node-3');
  });

  it('--volumes-from / --link follow their dependency; an unmet one lists the conditions', async () => {
    const docker = clientOf(t);
    const c = await docker.createContainer({ name: 'dep', Image: 'alpine', Cmd: ['true'], HostConfig: { VolumesFrom: ['pub'] } });
    expect(((await c.inspect()) as any).Node.Name).toBe('node-3');
    const err = await docker
      .createContainer({ Image: 'alpine', Env: ['constraint:node==node-1'], HostConfig: { Links: ['pub:web'] } })
      .catch((e: any) => e);
    expect(err.statusCode).toBe(500);
    expect(err.json.message).toBe('Unable to find a node that satisfies the following conditions \n[--link=pub:web]\n[node==node-1]');
  });

  it('HostConfig.CpuShares counts cores: more than any node has is refused with the classic text', async () => {
    const err = await clientOf(t).createContainer({ Image: 'alpine', HostConfig: { CpuShares: 3 } }).catch((e: any) => e);
    expect(err.statusCode).toBe(500);
    expect(err.json.message).toBe('no resources available to schedule container');
  });

  it('memory reservations: a container larger than any node is refused', async () => {
    const err = await clientOf(t).createContainer({ Image: 'alpine', HostConfig: { Memory: 16 * 1024 ** 3 } }).catch((e: any) => e);
    expect(err.statusCode).toBe(500);
    expect(err.json.message).toBe('no resources available to schedule container');
  });

  it('listImages with a node filter', async () => {
    const docker = clientOf(t);
    await docker.createContainer({ name: 'r1', Image: 'redis', Env: ['constraint:node==node-1'] });
    const on1 = (await (docker as any).listImages({ filters: { node: ['node-1'] } })) as any[];
    const on2 = (await (docker as any).listImages({ filters: { node: ['node-2'] } })) as any[];
    expect(on1.flatMap((i: any) => i.RepoTags ?? [])).toContain('redis:latest');
    expect(on2.flatMap((i: any) => i.RepoTags ?? [])).not.toContain('redis:latest');
  });

  it('a private image: refused without X-Registry-Auth, pulled with it (pull and create)', async () => {
    const docker = clientOf(t);
    const ref = 'private.registry.test/team/app:1.0';
    // classic swarm answered 200 and streamed each node's failure, then the error line.
    const denied = await follow(docker, await docker.pull(ref));
    const message = 'Error response from daemon: Head "https://private.registry.test/v2/team/app/manifests/1.0": unauthorized: authentication required';
    expect(denied).toContainEqual({ status: `Pulling ${ref}... : ${message}`, id: 'node-2' });
    expect(denied.at(-1)).toEqual({ error: message, errorDetail: { code: 1, message } });
    const createDenied = await docker.createContainer({ Image: ref }).catch((e: any) => e);
    expect(createDenied.statusCode).toBe(500);
    expect(createDenied.json.message).toContain('unauthorized: authentication required');
    const authconfig = { username: 'mockerd', password: 'mockerd-secret', serveraddress: 'private.registry.test' };
    const c = await docker.createContainer({ name: 'private-app', Image: ref, Env: ['constraint:node==node-2'], authconfig } as any);
    expect(((await c.inspect()) as any).Node.Name).toBe('node-2');
    const events = await follow(docker, await docker.pull(ref, { authconfig }));
    // swarm manage replaced each progress id with the node's name.
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    expect(events.filter((e) => / : Status: /.test(e.status)).map((e) => e.id)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(events.at(-1)).toEqual({ status: `Pulling ${ref}...`, id: 'node-3' });
    const on3 = (await (docker as any).listImages({ filters: { node: ['node-3'] } })) as any[];
    expect(on3.flatMap((i: any) => i.RepoTags ?? [])).toContain(ref);
  });
});

describe('dockerode against mockerd --mode classic --strategy binpack', () => {
  it('fills node-1 with CpuShares before using node-2', async () => {
    const docker = clientOf(b);
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { CpuShares: 1 } });
      placed.push(((await c.inspect()) as any).Node.Name);
    }
    expect(placed).toEqual(['node-1', 'node-1', 'node-2', 'node-2']);
  });
});
