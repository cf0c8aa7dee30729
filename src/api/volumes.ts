/** Volume tag: list, create, inspect, update (cluster volumes), remove, prune. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter, notFound, unavailable } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import type { VolumeCreateRequest } from '../engine/volumes/volume-service.js';
import { volumeView } from '../engine/volumes/volume.js';
import { noContent, sendJson, type ApiEnv } from './context.js';
import { boolParam, readJsonObject } from './request.js';
import { versionBefore } from './versions.js';

export function volumeRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { volumes } = engine;
  const swarmManager = () => engine.swarmState() === 'active/manager';

  r.get('/volumes', (c) => sendJson(c, { Volumes: volumes.list(Filters.parse(c.req.query('filters'))).map((v) => volumeView(v)), Warnings: null }));

  r.post('/volumes/create', async (c) => {
    const body = await readJsonObject<VolumeCreateRequest & { ClusterVolumeSpec?: unknown }>(c, { goType: 'volume.CreateOptions' });
    if (body.ClusterVolumeSpec && !versionBefore(c.get('apiVersion'), '1.42') && !swarmManager()) {
      throw unavailable('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
    }
    return sendJson(c, volumeView(volumes.create(body)), 201);
  });

  r.get('/volumes/:name', (c) => sendJson(c, volumeView(volumes.get(c.req.param('name')))));

  r.put('/volumes/:name', (c) => {
    if (!swarmManager()) throw unavailable('volume update only valid for cluster volumes, but swarm is unavailable');
    const raw = c.req.query('version') ?? '';
    if (!/^\d+$/.test(raw)) throw invalidParameter(`invalid swarm object version '${raw}': strconv.ParseUint: parsing "${raw}": invalid syntax`);
    throw notFound(`volume ${c.req.param('name')} not found`);
  });

  r.delete('/volumes/:name', (c) => {
    volumes.remove(c.req.param('name'), { force: boolParam(c, 'force') });
    return noContent();
  });

  // API < 1.42 prunes named volumes too (dockerd adds all=true for old clients).
  r.post('/volumes/prune', (c) =>
    sendJson(c, volumes.prune(Filters.parse(c.req.query('filters')), { all: versionBefore(c.get('apiVersion'), '1.42') })),
  );

  return r;
}
