/** Volume tag: list, create, inspect, update (cluster volumes), remove, prune. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter, unavailable } from '../engine/errors.js';
import { clusterVolumeView, type ClusterVolumeRequest } from '../engine/swarm/cluster-volumes.js';
import { Filters } from '../engine/filters.js';
import type { VolumeCreateRequest } from '../engine/volumes/volume-service.js';
import { volumeView } from '../engine/volumes/volume.js';
import { noContent, sendJson, type ApiContext, type ApiEnv, respond } from './context.js';
import { boolParam, readJsonObject } from './request.js';
import { versionBefore } from './versions.js';

export function volumeRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { volumes } = engine;
  const swarmManager = () => engine.swarmState() === 'active/manager';

  // Cluster volumes (swarm CSI volumes) join local ones from API 1.42 on, on a manager.
  const clusterVolumes = (c: ApiContext) => !versionBefore(c.get('apiVersion'), '1.42') && swarmManager();

  r.get('/volumes', (c) => {
    const local = volumes.list(Filters.parse(c.req.query('filters'))).map((v) => volumeView(v));
    // dockerd lists every cluster volume: its ListVolumesRequest carries no filters
    const cluster = clusterVolumes(c) ? engine.swarm.volumes.list().map(clusterVolumeView) : [];
    return respond(c, 'VolumeList', { Volumes: [...local, ...cluster], Warnings: null });
  });

  r.post('/volumes/create', async (c) => {
    const body = await readJsonObject<VolumeCreateRequest & { ClusterVolumeSpec?: Record<string, unknown> }>(c, { goType: 'volume.CreateOptions' });
    if (body.ClusterVolumeSpec && !versionBefore(c.get('apiVersion'), '1.42')) {
      if (!swarmManager()) {
        throw unavailable('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
      }
      return respond(c, 'VolumeCreate', clusterVolumeView(engine.swarm.volumes.create(body as ClusterVolumeRequest)), 201);
    }
    return respond(c, 'VolumeCreate', volumeView(volumes.create(body)), 201);
  });

  r.get('/volumes/:name', (c) => {
    const name = c.req.param('name');
    const local = volumes.find(name);
    if (local) return respond(c, 'VolumeInspect', volumeView(local));
    if (clusterVolumes(c)) return respond(c, 'VolumeInspect', clusterVolumeView(engine.swarm.volumes.find(name)));
    return respond(c, 'VolumeInspect', volumeView(volumes.get(name)));
  });

  r.put('/volumes/:name', async (c) => {
    if (!swarmManager()) throw unavailable('volume update only valid for cluster volumes, but swarm is unavailable');
    const raw = c.req.query('version') ?? '';
    if (!/^\d+$/.test(raw)) throw invalidParameter(`invalid swarm object version '${raw}': strconv.ParseUint: parsing "${raw}": invalid syntax`);
    const body = await readJsonObject<{ Spec?: Record<string, unknown> }>(c, { goType: 'volume.UpdateOptions' });
    engine.swarm.volumes.update(c.req.param('name'), Number(raw), body);
    return new Response(null, { status: 200 });
  });

  r.delete('/volumes/:name', (c) => {
    const name = c.req.param('name');
    const force = boolParam(c, 'force');
    const local = volumes.find(name);
    if (local || !clusterVolumes(c)) volumes.remove(name, { force });
    // dockerd also asks the cluster when the local store has no such volume, or with force
    if ((!local || force) && clusterVolumes(c)) engine.swarm.volumes.remove(name, force);
    return noContent();
  });

  // API < 1.42 prunes named volumes too (dockerd adds all=true for old clients).
  r.post('/volumes/prune', (c) =>
    sendJson(c, volumes.prune(Filters.parse(c.req.query('filters')), { all: versionBefore(c.get('apiVersion'), '1.42') })),
  );

  return r;
}
