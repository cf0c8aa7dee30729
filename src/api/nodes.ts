/** Node tag: list (filters), inspect, update (availability, role, labels), delete. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { systemError } from '../engine/errors.js';
import { nodeView } from '../engine/swarm/views.js';
import { sendJson, type ApiEnv, respond } from './context.js';
import { boolParam } from './request.js';
import { filtersParam, matchLabels, matchPrefix, readSpec, versionParam } from './swarm-request.js';

const NODE_FILTERS = ['id', 'label', 'membership', 'name', 'node.label', 'role'];

export function nodeRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;

  r.get('/nodes', (c) => {
    swarm.requireManager();
    const f = filtersParam(c, NODE_FILTERS);
    for (const role of f.get('role')) if (!['manager', 'worker'].includes(role)) throw systemError(`Invalid role filter: '${role}'`);
    for (const m of f.get('membership')) if (!['accepted', 'pending'].includes(m)) throw systemError(`Invalid membership filter: '${m}'`);
    const nodes = swarm.memberNodes().filter(
      (n) =>
        matchPrefix(f.get('id'), n.id) &&
        matchPrefix(f.get('name'), n.hostname) &&
        (f.get('role').length === 0 || f.get('role').includes(n.role)) &&
        (f.get('membership').length === 0 || f.get('membership').includes('accepted')) &&
        matchLabels(f.get('label'), n.engineLabels) &&
        matchLabels(f.get('node.label'), n.labels),
    );
    return respond(c, 'NodeList', nodes.map((n) => nodeView(swarm, n)));
  });

  r.get('/nodes/:id', (c) => {
    swarm.requireManager();
    return respond(c, 'NodeInspect', nodeView(swarm, swarm.findNode(c.req.param('id'))));
  });

  r.post('/nodes/:id/update', async (c) => {
    const spec = await readSpec(c);
    swarm.requireManager();
    swarm.updateNode(c.req.param('id'), versionParam(c, 'node'), spec);
    return new Response(null, { status: 200 });
  });

  r.delete('/nodes/:id', (c) => {
    swarm.removeNode(c.req.param('id'), boolParam(c, 'force'));
    return new Response(null, { status: 200 });
  });
  return r;
}
