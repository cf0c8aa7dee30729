/**
 * mockerd's own control API under /_mockerd (not Docker's): change the simulated
 * cluster while clients watch. The scenario issue grows this router.
 */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { notFound } from '../engine/errors.js';
import { nodeView } from '../engine/swarm/views.js';
import type { SimNode } from '../engine/cluster.js';
import { sendJson, type ApiEnv } from './context.js';
import { readSpec } from './swarm-request.js';

export function controlRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;
  const describe = (node: SimNode) =>
    swarm.members.has(node.id) ? nodeView(swarm, node) : { ID: node.id, Hostname: node.hostname, Role: node.role, Joined: false };

  /** Add a node: {"Hostname","Role","Labels","EngineLabels","NanoCPUs","MemoryBytes"}. */
  r.post('/_mockerd/nodes', async (c) => {
    const body = await readSpec(c);
    const node = swarm.addNode({
      hostname: body.Hostname,
      role: body.Role,
      labels: body.Labels,
      engineLabels: body.EngineLabels,
      cpus: body.NanoCPUs ? body.NanoCPUs / 1e9 : undefined,
      memoryBytes: body.MemoryBytes,
    });
    return sendJson(c, describe(node), 201);
  });

  r.get('/_mockerd/nodes', (c) => sendJson(c, engine.cluster.list().map(describe)));

  r.post('/_mockerd/nodes/:ref/join', async (c) => {
    const body = await readSpec(c);
    return sendJson(c, describe(swarm.joinNode(c.req.param('ref'), body.Role)));
  });

  r.post('/_mockerd/nodes/:ref/down', (c) => sendJson(c, describe(swarm.nodeDown(ref(engine, c.req.param('ref'))))));
  r.post('/_mockerd/nodes/:ref/up', (c) => sendJson(c, describe(swarm.nodeUp(ref(engine, c.req.param('ref'))))));
  r.post('/_mockerd/nodes/:ref/drain', (c) => sendJson(c, describe(swarm.setAvailability(ref(engine, c.req.param('ref')), 'drain'))));
  r.post('/_mockerd/nodes/:ref/activate', (c) => sendJson(c, describe(swarm.setAvailability(ref(engine, c.req.param('ref')), 'active'))));
  // A partition cuts the node off from the managers: they see it down while its
  // containers keep running; heal reconnects it. (As the scenario actions do.)
  r.post('/_mockerd/nodes/:ref/partition', (c) => sendJson(c, describe(swarm.nodeDown(ref(engine, c.req.param('ref'))))));
  r.post('/_mockerd/nodes/:ref/heal', (c) => sendJson(c, describe(swarm.nodeUp(ref(engine, c.req.param('ref'))))));
  return r;
}

function ref(engine: Engine, value: string): string {
  const node = engine.cluster.find(value);
  if (!node) throw notFound(`node ${value} not found`);
  return node.id;
}
