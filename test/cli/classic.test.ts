/** Classic (standalone) Swarm mode with the real docker CLI: spread, constraints, node-prefixed names, Node, images per node. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { DockerCli } from '../support/docker-cli.js';

const t = useDaemon({ nodes: 3, mode: 'classic', portListeners: false, seed: 7 });
const b = useDaemon({ nodes: 3, mode: 'classic', strategy: 'binpack', portListeners: false, seed: 7 });

const nodeOf = async (d: typeof t, name: string) => (await d.docker.run(['inspect', '--format', '{{json .Node.Name}}', name])).stdout.trim();

describe('docker CLI against mockerd --nodes 3 --mode classic', () => {
  it('docker run -d six times spreads two containers over each node; docker ps shows node-prefixed names', async () => {
    for (let i = 1; i <= 6; i++) {
      const r = await t.docker.run(['run', '-d', '--name', `web${i}`, 'alpine', 'sleep', '1000']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const ps = await t.docker.run(['ps', '--format', '{{.Names}}']);
    const names = ps.stdout.trim().split('\n').sort();
    expect(names).toHaveLength(6);
    const perNode = new Map<string, number>();
    for (const n of names) {
      expect(n).toMatch(/^node-[123]\/web[1-6]$/);
      perNode.set(n.split('/')[0]!, (perNode.get(n.split('/')[0]!) ?? 0) + 1);
    }
    expect([...perNode.entries()].sort()).toEqual([['node-1', 2], ['node-2', 2], ['node-3', 2]]);
  });

  it('the same host port published twice lands on two nodes, and both run', async () => {
    for (const name of ['port1', 'port2']) {
      const r = await t.docker.run(['run', '-d', '-p', '8080:80', '--name', name, 'alpine', 'sleep', '1000']);
      expect(r.stderr).toBe('');
    }
    expect(await nodeOf(t, 'port1')).not.toBe(await nodeOf(t, 'port2'));
    for (const name of ['port1', 'port2']) {
      expect((await t.docker.run(['inspect', '--format', '{{.State.Status}}', name])).stdout.trim()).toBe('running');
    }
    await t.docker.run(['rm', '-f', 'port1', 'port2']);
  });

  it('hides the swarm agents unless -a', async () => {
    const ps = await t.docker.run(['ps', '-a', '--filter', 'ancestor=swarm', '--format', '{{.Names}} {{.Image}}']);
    expect(ps.stdout.trim().split('\n').sort()).toEqual(['node-1/swarm-agent-node-1 swarm', 'node-2/swarm-agent-node-2 swarm', 'node-3/swarm-agent-node-3 swarm']);
    const plain = await t.docker.run(['ps', '--format', '{{.Image}}']);
    expect(plain.stdout).not.toContain('swarm');
  });

  it('inspect shows Node with the classic key ID, IP and Addr', async () => {
    const r = await t.docker.run(['inspect', '--format', '{{json .Node}}', 'web1']);
    const node = JSON.parse(r.stdout);
    expect(node.ID).toMatch(/^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
    expect(node.Name).toMatch(/^node-[123]$/);
    expect(node.IP).toMatch(/^10\.0\.0\.[234]$/);
    expect(node.Addr).toBe(`http://${node.IP}:4243`);
    expect(node).toMatchObject({ Cpus: 2, Memory: 8 * 1024 ** 3 });
  });

  it('-e constraint:node==node-2 lands on node-2 and leaves the env', async () => {
    const r = await t.docker.run(['run', '-d', '--name', 'pinned', '-e', 'constraint:node==node-2', '-e', 'KEEP=1', 'alpine', 'sleep', '1000']);
    expect(r.code).toBe(0);
    expect(await nodeOf(t, 'pinned')).toBe('"node-2"');
    const env = (await t.docker.run(['inspect', '--format', '{{json .Config.Env}}', 'pinned'])).stdout;
    expect(env).toContain('KEEP=1');
    expect(env).not.toContain('constraint:');
    const labels = JSON.parse((await t.docker.run(['inspect', '--format', '{{json .Config.Labels}}', 'pinned'])).stdout);
    expect(labels['com.docker.swarm.constraints']).toBe('["node==node-2"]');
    expect(labels['com.docker.swarm.id']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('affinity:container== puts a container next to another', async () => {
    const r = await t.docker.run(['run', '-d', '--name', 'buddy', '-e', 'affinity:container==pinned', 'alpine', 'sleep', '1000']);
    expect(r.code).toBe(0);
    expect(await nodeOf(t, 'buddy')).toBe('"node-2"');
  });

  it('a constraint no node meets fails with the classic conditions text', async () => {
    const r = await t.docker.run(['run', '-d', '-e', 'constraint:node==node-9', 'alpine', 'true']);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('Error response from daemon: Unable to find a node that satisfies the following conditions \n[node==node-9]');
  });

  it('a CpuShares request larger than any node fails with "no resources available to schedule container"', async () => {
    const r = await t.docker.run(['run', '-d', '--cpu-shares', '4', 'alpine', 'true']);
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('Error response from daemon: no resources available to schedule container');
  });

  it('docker images --filter node=node-1 lists only what that node holds', async () => {
    const pull = await t.docker.run(['run', '-d', '-e', 'constraint:node==node-3', 'busybox', 'sleep', '1000']);
    expect(pull.code).toBe(0);
    const on3 = await t.docker.run(['images', '--filter', 'node=node-3', '--format', '{{.Repository}}']);
    expect(on3.stdout.split('\n')).toContain('busybox');
    const on1 = await t.docker.run(['images', '--filter', 'node=node-1', '--format', '{{.Repository}}']);
    expect(on1.stdout.split('\n').sort().filter(Boolean)).toEqual(['alpine', 'swarm']);
  });

  it('docker pull pulls onto every node', async () => {
    const r = await t.docker.run(['pull', 'redis']);
    expect(r.code).toBe(0);
    for (const n of ['node-1', 'node-2', 'node-3']) {
      const imgs = await t.docker.run(['images', '--filter', `node=${n}`, '--format', '{{.Repository}}']);
      expect(imgs.stdout.split('\n')).toContain('redis');
    }
  });

  it('docker import answers 404 as the classic API did', async () => {
    const r = await t.docker.run(['import', '-'], { input: Buffer.alloc(1024) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('page not found');
  });

  it('docker info shows the classic status block', async () => {
    const r = await t.docker.run(['info', '--format', '{{json .}}']);
    const info = JSON.parse(r.stdout);
    expect(info.ServerVersion).toBe('swarm/1.2.9');
    expect(info.NCPU).toBe(6);
    const rows: [string, string][] = info.SystemStatus;
    expect(rows.slice(0, 4)).toEqual([['Role', 'primary'], ['Strategy', 'spread'], ['Filters', 'health, port, containerslots, dependency, affinity, constraint, whitelist'], ['Nodes', '3']]);
    expect(rows).toContainEqual([' node-2', '10.0.0.3:2375']);
    expect(rows).toContainEqual(['  └ Status', 'Healthy']);
  });

  it('a private image pulls after docker login and not before', async () => {
    const denied = await t.docker.run(['pull', 'private.registry.test/team/app:1.0']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('unauthorized: authentication required');
    const login = await t.docker.run(['login', 'private.registry.test', '-u', 'mockerd', '--password-stdin'], { input: 'mockerd-secret\n' });
    expect(login.stdout).toContain('Login Succeeded');
    const ok = await t.docker.run(['pull', 'private.registry.test/team/app:1.0']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const imgs = await t.docker.run(['images', '--filter', 'node=node-2', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(imgs.stdout).toContain('private.registry.test/team/app:1.0');
  });
});

describe('docker CLI against mockerd --mode classic --strategy binpack', () => {
  it('fills one node before the next', async () => {
    const placed: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await b.docker.run(['run', '-d', '--name', `job${i}`, '--cpu-shares', '1', 'alpine', 'sleep', '1000']);
      expect(r.code).toBe(0);
      placed.push(JSON.parse(await nodeOf(b, `job${i}`)));
    }
    expect(placed).toEqual(['node-1', 'node-1', 'node-2', 'node-2', 'node-3']);
    const info = JSON.parse((await b.docker.run(['info', '--format', '{{json .SystemStatus}}'])).stdout) as [string, string][];
    expect(info).toContainEqual(['Strategy', 'binpack']);
    expect(info.filter(([k]) => k === '  └ Reserved CPUs').map(([, v]) => v)).toEqual(['2 / 2', '2 / 2', '1 / 2']);
  });

  it('without reservations binpack keeps stacking on the fullest node', async () => {
    const r = await b.docker.run(['run', '-d', '--name', 'stack', 'alpine', 'sleep', '1000']);
    expect(r.code).toBe(0);
    expect(JSON.parse(await nodeOf(b, 'stack'))).toBe('node-1');
  });
});

describe('the mockerd command with --nodes 3 --mode classic --strategy binpack', () => {
  it('serves classic mode with the strategy given on the command line; a bad --mode or --strategy is refused', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '-H', 'tcp://127.0.0.1:0', '--nodes', '3', '--mode', 'classic', '--strategy', 'binpack', '--no-port-listeners'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    const host = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /^export DOCKER_HOST=(\S+)$/m.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error('mockerd exited early')));
    });
    const docker = new DockerCli({ host });
    try {
      for (const name of ['job-a', 'job-b']) expect(await docker.run(['run', '-d', '--name', name, 'alpine', 'sleep', '100'])).toMatchObject({ code: 0 });
      const ps = await docker.run(['ps', '--format', '{{.Names}}']);
      expect(ps.stdout.trim().split('\n').sort()).toEqual(['node-1/job-a', 'node-1/job-b']);
      const info = JSON.parse((await docker.run(['info', '--format', '{{json .SystemStatus}}'])).stdout) as [string, string][];
      expect(info.slice(1, 4)).toEqual([['Strategy', 'binpack'], ['Filters', 'health, port, containerslots, dependency, affinity, constraint, whitelist'], ['Nodes', '3']]);
    } finally {
      docker.cleanup();
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    for (const [flag, value, text] of [['--mode', 'cluster', 'invalid --mode cluster: want engine or classic'], ['--strategy', 'fill', 'invalid --strategy fill: want spread, binpack or random']]) {
      const bad = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', flag!, value!], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      bad.stderr.on('data', (d) => (stderr += d));
      expect(await new Promise((resolve) => bad.on('exit', resolve))).toBe(1);
      expect(stderr).toContain(text);
    }
  });
});
