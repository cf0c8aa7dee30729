/** Service tag: create, list (status counts, filters), inspect, update (rollback), delete, logs. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { serviceView } from '../engine/swarm/views.js';
import { serviceMode } from '../engine/swarm/types.js';
import { sendJson, type ApiEnv, respond } from './context.js';
import { decodeRegistryAuth } from '../engine/registries.js';
import { familiarString, parseReference, withDefaultTag } from '../engine/images/reference.js';
import { boolParam } from './request.js';
import { versionBefore } from './versions.js';
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
    // dockerd reads ?status only from API 1.41 (older clients' values, even invalid ones, are ignored)
    const status = !versionBefore(c.get('apiVersion'), '1.41') && boolParam(c, 'status');
    const services = [...swarm.services.values()].filter(
      (s) =>
        matchPrefix(f.get('id'), s.id) &&
        matchPrefix(f.get('name'), s.spec.Name) &&
        matchLabels(f.get('label'), s.spec.Labels ?? {}) &&
        (f.get('mode').length === 0 || f.get('mode').includes(serviceMode(s.spec))),
    );
    return respond(c, 'ServiceList', services.map((s) => serviceView(swarm, s, { status })));
  });

  r.post('/services/create', async (c) => {
    const spec = await readSpec(c);
    const pullAuth = c.req.header('x-registry-auth') || undefined;
    const warnings = versionBefore(c.get('apiVersion'), '1.30') ? pinImageByDigest(engine, spec, pullAuth) : [];
    const service = orchestrator().createService(spec, { pullAuth });
    return sendJson(c, { ID: service.id, ...(warnings.length ? { Warnings: warnings } : {}) }, 201);
  });

  r.get('/services/:id', (c) => {
    swarm.requireManager();
    const service = orchestrator().findService(c.req.param('id'));
    return respond(c, 'ServiceInspect', serviceView(swarm, service, { insertDefaults: boolParam(c, 'insertDefaults') }));
  });

  r.post('/services/:id/update', async (c) => {
    const spec = await readSpec(c);
    swarm.requireManager();
    const version = versionParam(c, 'service');
    const pullAuth = c.req.header('x-registry-auth') || undefined;
    const registryAuthFrom = c.req.query('registryAuthFrom');
    const current = orchestrator().findService(c.req.param('id'));
    // With no header the image is pinned with the auth the update keeps (spec or previous spec).
    const kept = pullAuth ?? (registryAuthFrom === 'previous-spec' ? current.previousPullAuth : current.pullAuth);
    const warnings = versionBefore(c.get('apiVersion'), '1.30') ? pinImageByDigest(engine, spec, kept) : [];
    orchestrator().updateService(c.req.param('id'), version, spec, { rollback: c.req.query('rollback') === 'previous', pullAuth, registryAuthFrom });
    return sendJson(c, { Warnings: warnings.length ? warnings : null });
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

/**
 * API < 1.30: dockerd itself pins the image by digest, asking the registry with the
 * request's credentials (later versions leave that to the client); an image it cannot
 * resolve stays as given, with dockerd's warning.
 */
function pinImageByDigest(engine: Engine, spec: Record<string, any>, pullAuth: string | undefined): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const cs = spec.TaskTemplate?.ContainerSpec;
  const image = typeof cs?.Image === 'string' ? cs.Image : '';
  if (!image || image.includes('@')) return [];
  try {
    const digest = engine.imageService.distributionInspect(image, decodeRegistryAuth(pullAuth)).Descriptor.digest;
    cs.Image = `${familiarString(withDefaultTag(parseReference(image)))}@${digest}`;
    return [];
  } catch {
    return [digestWarning(image)];
  }
}

function digestWarning(image: string): string {
  return `image ${image} could not be accessed on a registry to record\nits digest. Each node will access ${image} independently,\npossibly leading to different nodes running different\nversions of the image.\n`;
}
