/** Network tag: list, inspect, create, remove, connect, disconnect, prune. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter, notFound } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import type { NetworkCreateRequest } from '../engine/networks/network-service.js';
import { networkInspectView, networkSummaryView } from '../engine/networks/views.js';
import { respond, sendJson, type ApiEnv } from './context.js';
import { readJsonObject } from './request.js';
import { addedIn, changedIn, defineShape } from './shaping.js';

defineShape('NetworkInspect', [addedIn('1.52', 'Status'), addedIn('1.48', 'EnableIPv4')]);
defineShape('NetworkList', [
  // Before 1.52 list items were full Network objects with an (always empty) Containers map.
  changedIn('1.52', (list: any[]) => list.map(({ Options, Labels, ...rest }) => ({ ...rest, Containers: {}, Options, Labels }))),
  changedIn('1.48', (list: any[]) => list.map(({ EnableIPv4: _drop, ...rest }) => rest)),
]);

export function networkRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { networks } = engine;

  r.get('/networks', (c) => respond(c, 'NetworkList', networks.list(Filters.parse(c.req.query('filters'))).map(networkSummaryView)));

  r.get('/networks/:id', (c) => {
    const term = c.req.param('id');
    const verbose = c.req.query('verbose');
    if (verbose && !['1', '0', 't', 'f', 'true', 'false', 'TRUE', 'FALSE', 'True', 'False', 'T', 'F'].includes(verbose)) {
      throw invalidParameter(`invalid value for verbose: ${verbose}: strconv.ParseBool: parsing "${verbose}": invalid syntax`);
    }
    const n = networks.get(term);
    const scope = c.req.query('scope');
    if (scope && scope !== n.spec.scope) throw notFound(`network ${term} not found`);
    return respond(c, 'NetworkInspect', networkInspectView(n));
  });

  r.post('/networks/create', async (c) => {
    const body = await readJsonObject<NetworkCreateRequest>(c, { goType: 'network.CreateRequest' });
    const n = networks.create(body);
    return sendJson(c, { Id: n.id, Warning: '' }, 201);
  });

  r.delete('/networks/:id', (c) => {
    networks.remove(c.req.param('id'));
    return new Response(null, { status: 204 });
  });

  r.post('/networks/:id/connect', async (c) => {
    const body = await readJsonObject<{ Container?: string; EndpointConfig?: Record<string, unknown> | null }>(c, { goType: 'network.ConnectOptions' });
    networks.connect(String(body.Container ?? ''), c.req.param('id'), body.EndpointConfig);
    return new Response(null, { status: 200 });
  });

  r.post('/networks/:id/disconnect', async (c) => {
    const body = await readJsonObject<{ Container?: string; Force?: boolean }>(c, { goType: 'network.DisconnectOptions' });
    networks.disconnect(String(body.Container ?? ''), c.req.param('id'), !!body.Force);
    return new Response(null, { status: 200 });
  });

  r.post('/networks/prune', (c) => sendJson(c, networks.prune(Filters.parse(c.req.query('filters')))));

  return r;
}
