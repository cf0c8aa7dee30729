/**
 * Swarm mode with the real docker CLI against a 5-node, 3-manager simulated cluster on
 * a virtual clock: what users see in `docker node ls`, `docker service ps`, inspect.
 */
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({ nodes: 5, managers: 3, clock: 'virtual', seed: 7, images: ['busybox:latest', 'nginx:latest'] });

const lines = (s: string) => s.trim().split('\n').filter(Boolean);
const docker = async (...args: string[]) => {
  const r = await t.docker.run(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};
/** `docker service ps` rows of tasks that should be running: NAME NODE CURRENT-STATE. */
const runningRows = async (service: string) =>
  lines(await docker('service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.Node}} {{.CurrentState}}'));
const allRunning = (rows: string[], n: number) => rows.length === n && rows.every((r) => / Running /.test(r));
/** Poll until check() gives a value other than false. */
const until = async <T>(check: () => Promise<T | false>, ms?: number): Promise<T> => (await eventually(check, ms)) as T;
const control = (p: string, body?: unknown) =>
  fetch(`${t.url}/_mockerd${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });

describe('docker swarm on a simulated cluster', () => {
  it('swarm init joins every node; node ls shows 5 nodes, 3 managers', async () => {
    const out = await docker('swarm', 'init');
    expect(out).toMatch(/Swarm initialized: current node \([a-z0-9]{25}\) is now a manager/);
    expect(out).toMatch(/docker swarm join --token SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25} /);
    const nodes = lines(await docker('node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}} {{.Self}}'));
    expect(nodes).toEqual([
      'node-1 Ready Active Leader true',
      'node-2 Ready Active Reachable false',
      'node-3 Ready Active Reachable false',
      'node-4 Ready Active  false',
      'node-5 Ready Active  false',
    ]);
    expect((await docker('info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.Nodes}} {{.Swarm.Managers}}')).trim()).toBe('active 5 3');
    const again = await t.docker.run(['swarm', 'init']);
    expect(again.stderr).toContain('This node is already part of a swarm.');
  });

  it('service create --replicas 6 spreads Running tasks over the nodes; scale adds and removes', async () => {
    await docker('service', 'create', '-d', '--name', 'web', '--replicas', '6', 'nginx:latest');
    const rows = await until(async () => {
      const r = await runningRows('web');
      return allRunning(r, 6) && r;
    });
    const perNode = new Map<string, number>();
    for (const r of rows) perNode.set(r.split(' ')[1]!, (perNode.get(r.split(' ')[1]!) ?? 0) + 1);
    expect(perNode.size).toBe(5);
    expect(Math.max(...perNode.values())).toBe(2);
    expect(rows.map((r) => r.split(' ')[0]).sort()).toEqual(['web.1', 'web.2', 'web.3', 'web.4', 'web.5', 'web.6']);
    // Each running task is a container named <service>.<slot>.<task-id> with swarm labels.
    const task = lines(await docker('service', 'ps', 'web', '-q', '--no-trunc', '--filter', 'name=web.1'))[0]!;
    const names = await docker('ps', '--filter', `label=com.docker.swarm.task.id=${task}`, '--format', '{{.Names}} {{.Label "com.docker.swarm.service.name"}}');
    expect(names.trim()).toBe(`web.1.${task} web`);

    await docker('service', 'scale', '-d', 'web=8');
    await eventually(async () => allRunning(await runningRows('web'), 8));
    await docker('service', 'scale', '-d', 'web=6');
    await eventually(async () => allRunning(await runningRows('web'), 6));
    expect((await docker('service', 'ls', '--format', '{{.Name}} {{.Mode}} {{.Replicas}}')).trim()).toBe('web replicated 6/6');
  });

  it('service update --image rolls in batches of 2, 10 s apart', async () => {
    await docker('service', 'update', '-d', '--image', 'busybox:latest', '--args', 'sleep infinity', '--update-parallelism', '2', '--update-delay', '10s', 'web');
    await eventually(async () => (await docker('service', 'inspect', 'web', '--format', '{{.UpdateStatus.State}}')).trim() === 'completed', 15000);
    const ids = lines(await docker('service', 'ps', 'web', '-q', '--no-trunc', '--filter', 'desired-state=running'));
    const created = lines(await docker('inspect', '--format', '{{.CreatedAt.UnixMilli}} {{.Spec.ContainerSpec.Image}}', ...ids));
    // The CLI pins the digest it resolved through /distribution, as with dockerd.
    expect(created.every((l) => /busybox:latest(@sha256:[0-9a-f]{64})?$/.test(l))).toBe(true);
    const times = [...new Set(created.map((l) => Number(l.split(' ')[0])))].sort((a, b) => a - b);
    expect(times.length).toBe(3); // three batches of two
    for (const [i, time] of times.entries()) {
      expect(created.filter((l) => Number(l.split(' ')[0]) === time)).toHaveLength(2);
      if (i > 0) expect(time - times[i - 1]!).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('a failing update with --update-failure-action rollback rolls back', async () => {
    await docker('service', 'update', '-d', '--args', "sh -c 'exit 1'", '--update-failure-action', 'rollback', 'web');
    await eventually(async () => (await docker('service', 'inspect', 'web', '--format', '{{.UpdateStatus.State}}')).trim() === 'rollback_completed', 15000);
    const inspect = await docker('service', 'inspect', 'web', '--format', '{{.UpdateStatus.Message}}|{{json .Spec.TaskTemplate.ContainerSpec.Args}}');
    expect(inspect.trim()).toMatch(/^rollback completed\|\["sleep","infinity"\]$/);
    await eventually(async () => allRunning(await runningRows('web'), 6));
    const failed = await docker('service', 'ps', 'web', '--format', '{{.CurrentState}} {{.Error}}');
    expect(failed).toMatch(/Failed .* "task: non-zero exit \(1\)"/);
  });

  it('node update --availability drain moves the tasks away', async () => {
    await docker('node', 'update', '--availability', 'drain', 'node-2');
    const rows = await until(async () => {
      const r = await runningRows('web');
      return allRunning(r, 6) && r.every((row) => !row.includes(' node-2 ')) && r;
    });
    expect(rows).toHaveLength(6);
    expect((await docker('node', 'ls', '--filter', 'name=node-2', '--format', '{{.Availability}}')).trim()).toBe('Drain');
    await docker('node', 'update', '--availability', 'active', 'node-2');
  });

  it('a node taken down: Down in node ls, its tasks shut down and replaced elsewhere', async () => {
    const onNode5 = (await runningRows('web')).filter((r) => r.includes(' node-5 ')).length;
    expect(onNode5).toBeGreaterThan(0);
    expect((await control('/nodes/node-5/down')).status).toBe(200);
    await eventually(async () => (await docker('node', 'ls', '--filter', 'name=node-5', '--format', '{{.Status}}')).trim() === 'Down');
    const rows = await until(async () => {
      const r = await runningRows('web');
      return allRunning(r, 6) && r.every((row) => !row.includes(' node-5 ')) && r;
    });
    expect(rows).toHaveLength(6);
    const old = lines(await docker('service', 'ps', 'web', '--filter', 'node=node-5', '--format', '{{.DesiredState}}'));
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((d) => d === 'Shutdown')).toBe(true);
    expect((await control('/nodes/node-5/up')).status).toBe(200);
    await eventually(async () => (await docker('node', 'ls', '--filter', 'name=node-5', '--format', '{{.Status}}')).trim() === 'Ready');
  });

  it('a global service runs one task per node; a node added through the control API gets one', async () => {
    await docker('service', 'create', '-d', '--mode', 'global', '--name', 'agent', 'busybox:latest', 'sleep', 'infinity');
    const nodesOf = async () => (await runningRows('agent')).map((r) => r.split(' ')[1]).sort();
    await eventually(async () => allRunning(await runningRows('agent'), 5));
    expect(await nodesOf()).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
    const res = await control('/nodes', { Hostname: 'node-6' });
    expect(res.status).toBe(201);
    await eventually(async () => allRunning(await runningRows('agent'), 6));
    expect(await nodesOf()).toContain('node-6');
    expect((await docker('service', 'ls', '--filter', 'name=agent', '--format', '{{.Mode}} {{.Replicas}}')).trim()).toBe('global 6/6');
  });

  it('--constraint node.labels.zone==a places only on labelled nodes, else pending with the reason', async () => {
    await docker('node', 'update', '--label-add', 'zone=a', 'node-4');
    await docker('service', 'create', '-d', '--name', 'zoned', '--replicas', '3', '--constraint', 'node.labels.zone==a', 'busybox:latest', 'sleep', 'infinity');
    const rows = await until(async () => {
      const r = await runningRows('zoned');
      return allRunning(r, 3) && r;
    });
    expect(rows.every((r) => r.includes(' node-4 '))).toBe(true);
    await docker('service', 'create', '-d', '--name', 'nowhere', '--constraint', 'node.labels.zone==b', 'busybox:latest', 'sleep', 'infinity');
    const pending = await eventually(async () => {
      const out = await docker('service', 'ps', 'nowhere', '--no-trunc', '--format', '{{.CurrentState}}|{{.Error}}');
      return out.includes('no suitable node') && out.trim();
    });
    expect(pending).toMatch(/^Pending .*\|"?no suitable node \(scheduling constraints not satisfied on 6 nodes\)"?$/);
  });

  it('secret create + service create --secret: the file is in the task container', async () => {
    const out = await t.docker.run(['secret', 'create', 'db-password', '-'], { input: 'hunter2' });
    expect(out.code).toBe(0);
    const cfg = await t.docker.run(['config', 'create', 'app-conf', '-'], { input: 'port=5432\n' });
    expect(cfg.code).toBe(0);
    await docker('service', 'create', '-d', '--name', 'db', '--secret', 'db-password', '--config', 'src=app-conf,target=/etc/app.conf', 'busybox:latest', 'sleep', 'infinity');
    await eventually(async () => allRunning(await runningRows('db'), 1));
    const task = lines(await docker('service', 'ps', 'db', '-q', '--no-trunc'))[0]!;
    const containerId = (await docker('inspect', '--format', '{{.Status.ContainerStatus.ContainerID}}', task)).trim();
    const container = t.daemon.engine.containers.get(containerId);
    expect(container.fs.readFile('/run/secrets/db-password')?.toString()).toBe('hunter2');
    expect(container.fs.readFile('/etc/app.conf')?.toString()).toBe('port=5432\n');
    const rm = await t.docker.run(['secret', 'rm', 'db-password']);
    expect(rm.stderr).toContain("secret 'db-password' is in use by the following service: db");
  });

  it('service logs shows each task line with its task and node', async () => {
    await docker('service', 'create', '-d', '--name', 'hello', '--restart-condition', 'none', 'busybox:latest', 'echo', 'hello from swarm');
    await eventually(async () => (await docker('service', 'ps', 'hello', '--format', '{{.CurrentState}}')).startsWith('Complete'));
    const logs = await docker('service', 'logs', 'hello');
    expect(logs).toMatch(/^hello\.1\.[a-z0-9]+@node-\d +\| hello from swarm$/m);
  });

  it('the control API drains, activates, partitions and heals nodes as docker node ls shows', async () => {
    const field = async (f: string) => (await docker('node', 'ls', '--filter', 'name=node-4', '--format', f)).trim();
    expect((await control('/nodes/node-4/drain')).status).toBe(200);
    expect(await field('{{.Availability}}')).toBe('Drain');
    expect((await control('/nodes/node-4/activate')).status).toBe(200);
    expect(await field('{{.Availability}}')).toBe('Active');
    expect((await control('/nodes/node-4/partition')).status).toBe(200);
    await eventually(async () => (await field('{{.Status}}')) === 'Down');
    expect((await control('/nodes/node-4/heal')).status).toBe(200);
    await eventually(async () => (await field('{{.Status}}')) === 'Ready');
    expect((await control('/nodes/nosuch/drain')).status).toBe(404);
  });

  it('swarm leave --force ends swarm mode; swarm calls then answer 503', async () => {
    const refused = await t.docker.run(['swarm', 'leave']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('You are attempting to leave the swarm on a node that is participating as a manager.');
    expect((await docker('swarm', 'leave', '--force')).trim()).toBe('Node left the swarm.');
    expect((await docker('info', '--format', '{{.Swarm.LocalNodeState}}')).trim()).toBe('inactive');
    const ls = await t.docker.run(['node', 'ls']);
    expect(ls.stderr).toContain('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join"');
    expect((await docker('ps', '-aq', '--filter', 'label=com.docker.swarm.service.name'))).toBe('');
  });
});
