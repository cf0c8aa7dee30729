/** Task tag: list (filters), inspect, logs. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { notFound, systemError } from '../engine/errors.js';
import { templateHash } from '../engine/swarm/service-spec.js';
import { taskView } from '../engine/swarm/views.js';
import { TASK_STATE_ORDER, type Task, type TaskState } from '../engine/swarm/types.js';
import { sendJson, type ApiEnv, respond } from './context.js';
import { taskLogsResponse } from './swarm-logs.js';
import { filtersParam, matchLabels, matchPrefix } from './swarm-request.js';

/** `_up-to-date` is dockerd's internal filter: the CLI polls with it while it waits for a service to converge. */
const TASK_FILTERS = ['desired-state', 'id', 'label', 'name', 'node', 'service', '_up-to-date', 'runtime'];

export function taskRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { swarm } = engine;

  const findTask = (ref: string): Task => {
    const direct = swarm.tasks.get(ref);
    if (direct) return direct;
    const hits = [...swarm.tasks.values()].filter((t) => t.id.startsWith(ref));
    if (ref && hits.length === 1) return hits[0]!;
    throw notFound(`task ${ref} not found`);
  };

  r.get('/tasks', (c) => {
    swarm.requireManager();
    const f = filtersParam(c, TASK_FILTERS);
    const desired = f.get('desired-state');
    for (const d of desired) {
      if (!['running', 'shutdown', 'accepted'].includes(d)) throw systemError(`Invalid desired-state filter: '${d}'`);
    }
    const serviceIds = f.get('service').map((ref) => swarm.orchestrator.lookup(ref)?.id ?? ref);
    const upToDate = f.get('_up-to-date').length > 0;
    const nodeIds = f.get('node').map((ref) => swarm.memberNodes().find((n) => n.id === ref || n.hostname === ref)?.id ?? ref);
    const tasks = [...swarm.tasks.values()].filter((t) => {
      const service = swarm.services.get(t.serviceId);
      const name = service ? (t.slot ? `${service.spec.Name}.${t.slot}` : `${service.spec.Name}.${t.nodeId}`) : '';
      return (
        matchPrefix(f.get('id'), t.id) &&
        matchPrefix(f.get('name'), name) &&
        (serviceIds.length === 0 || serviceIds.some((id) => t.serviceId.startsWith(id))) &&
        (nodeIds.length === 0 || nodeIds.some((id) => t.nodeId.startsWith(id))) &&
        (desired.length === 0 || desired.some((d) => matchesDesired(t.desiredState, d as TaskState))) &&
        (!upToDate || (service !== undefined && t.specHash === templateHash(service.spec))) &&
        // swarmkit matches a task's labels filter against its service's labels.
        matchLabels(f.get('label'), service?.spec.Labels ?? {})
      );
    });
    return respond(c, 'TaskList', tasks.map((t) => taskView(swarm, t)));
  });

  r.get('/tasks/:id', (c) => {
    swarm.requireManager();
    return respond(c, 'TaskInspect', taskView(swarm, findTask(c.req.param('id'))));
  });

  r.get('/tasks/:id/logs', (c) => {
    swarm.requireManager();
    return taskLogsResponse(engine, c, [findTask(c.req.param('id'))]);
  });
  return r;
}

/** dockerd: "running" also matches tasks waiting to start (desired ready), "shutdown" every later state. */
function matchesDesired(actual: TaskState, wanted: TaskState): boolean {
  const rank = (s: TaskState) => TASK_STATE_ORDER.indexOf(s);
  if (wanted === 'running') return rank(actual) <= rank('running');
  if (wanted === 'shutdown') return rank(actual) > rank('running');
  return actual === wanted;
}
