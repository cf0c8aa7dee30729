/** The swarm lifecycle through dockerode: init, nodes, createService, listTasks, node update, leave. */
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const t = useDaemon({ nodes: 3, managers: 1, clock: 'virtual', images: ['busybox:latest'] });
const client = () => dockerodeFor(t.daemon.dockerHost);

describe('dockerode swarm flows', () => {
  it('inits, lists nodes, creates a service whose tasks run, drains a node, leaves', async () => {
    const docker = client();
    const nodeId = await docker.swarmInit({ ListenAddr: '0.0.0.0:2377', AdvertiseAddr: '10.0.0.2' });
    expect(nodeId).toMatch(/^[a-z0-9]{25}$/);
    const swarm = await docker.swarmInspect();
    expect(swarm.JoinTokens.Worker).toMatch(/^SWMTKN-1-/);
    const nodes = await docker.listNodes();
    expect(nodes.map((n: any) => n.Description.Hostname).sort()).toEqual(['node-1', 'node-2', 'node-3']);

    const service = await docker.createService({
      Name: 'api',
      TaskTemplate: { ContainerSpec: { Image: 'busybox:latest', Args: ['sleep', 'infinity'] } },
      Mode: { Replicated: { Replicas: 3 } },
    });
    expect(service.id).toMatch(/^[a-z0-9]{25}$/);
    const running = () => docker.listTasks({ filters: { service: ['api'], 'desired-state': ['running'] } });
    const tasks = (await eventually(async () => {
      const list = await running();
      return list.length === 3 && list.every((x: any) => x.Status.State === 'running') && list;
    })) as any[];
    expect(new Set(tasks.map((x: any) => x.NodeID)).size).toBe(3);

    const node2 = nodes.find((n: any) => n.Description.Hostname === 'node-2')!;
    const node = docker.getNode(node2.ID);
    const before = await node.inspect();
    await node.update({ version: before.Version.Index, Role: 'worker', Availability: 'drain', Labels: { tier: 'back' } });
    const after = await node.inspect();
    expect(after.Spec).toEqual({ Role: 'worker', Availability: 'drain', Labels: { tier: 'back' } });
    await eventually(async () => {
      const list = await running();
      return list.length === 3 && list.every((x: any) => x.Status.State === 'running' && x.NodeID !== node2.ID);
    });

    const info = await docker.getService(service.id).inspect();
    await docker.getService(service.id).update({ version: info.Version.Index, ...info.Spec, Mode: { Replicated: { Replicas: 1 } } });
    await eventually(async () => (await running()).length === 1);
    await docker.getService(service.id).remove();
    expect(await docker.listServices()).toEqual([]);
    await docker.swarmLeave({ force: true });
    expect((await docker.info()).Swarm.LocalNodeState).toBe('inactive');
  });
});
