/** Service tag: create, list (status counts, filters), inspect, update (rollback), delete, logs. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { serviceView } from '../engine/swarm/views.js';
import { serviceMode } from '../engine/swarm/types.js';
import { sendJson, type ApiEnv } from './context.js';
import { boolParam } from './request.js';
import { taskLogsResponse } from './swarm-logs.js';
import { filtersParam, matchLabels, matchPrefix, readSpec, versionParam } from './swarm-request.js';

const SERVICE_FILTERS = ['id', 'label', 'mode', 'name'];

export function serviceRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;
  const orchestrator = () => swarm.orchestrator;

  r.get('/services', (c) => {
    swarm.requireManager();
    const f = filtersParam(c, SERVICE_FILTERS);
    const status = boolParam(c, 'status');
    const services = [...swarm.services.values()].filter(
      (s) =>
        matchPrefix(f.get('id'), s.id) &&
        matchPrefix(f.get('name'), s.spec.Name) &&
        matchLabels(f.get('label'), s.spec.Labels ?? {}) &&
        (f.get('mode').length === 0 || f.get('mode').includes(serviceMode(s.spec))),
    );
    return sendJson(c, services.map((s) => serviceView(swarm, s, { status })));
  });

  r.post('/services/create', async (c) => {
    const spec = await readSpec(c);
    const service = orchestrator().createService(spec);
    return sendJson(c, { ID: service.id }, 201);
  });

  r.get('/services/:id', (c) => {
    swarm.requireManager();
    const service = orchestrator().findService(c.req.param('id'));
    return sendJson(c, serviceView(swarm, service, { insertDefaults: boolParam(c, 'insertDefaults') }));
  });

  r.post('/services/:id/update', async (c) => {
    const spec = await readSpec(c);
    swarm.requireManager();
    const version = versionParam(c, 'service');
    orchestrator().updateService(c.req.param('id'), version, spec, { rollback: c.req.query('rollback') === 'previous' });
    return sendJson(c, { Warnings: null });
  });

  r.delete('/services/:id', (c) => {
    orchestrator().removeService(c.req.param('id'));
    return new Response(null, { status: 200 });
  });

  r.get('/services/:id/logs', (c) => {
    swarm.requireManager();
    const service = orchestrator().findService(c.req.param('id'));
    const tasks = orchestrator().tasksOf(service.id).sort((a, b) => a.createdAt - b.createdAt);
    return taskLogsResponse(engine, c, tasks);
  });
  return r;
}
