/** Container tag: create, list, inspect and the lifecycle calls (streams live in their own routers). */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { conflict, invalidParameter, notFound } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import type { Container } from '../engine/containers/container.js';
import { matchesListFilters, relativeTo, validateListFilters } from '../engine/containers/list-filter.js';
import { inspectView, primaryEndpoint, summaryView } from '../engine/containers/views.js';
import { topView } from '../engine/containers/top.js';
import { statsView } from '../engine/containers/stats.js';
import { changes } from '../engine/fs/changes.js';
import { exportTar } from '../engine/fs/tar/export.js';
import type { WaitCondition } from '../engine/containers/runtime.js';
import { noContent, respond, sendJson, type ApiEnv } from './context.js';
import { boolParam, intParam, readBodyText, readJsonObject } from './request.js';
import { addedIn, changedIn, defineShape, removedIn, shape } from './shaping.js';
import { jsonLine, streamResponse } from './streaming.js';

const LEGACY_NETWORK_FIELDS = (ns: any) => {
  const ep = primaryEndpoint(ns.Networks ?? {});
  return {
    Bridge: '', HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null, SecondaryIPv6Addresses: null,
    EndpointID: ep?.EndpointID ?? '', Gateway: ep?.Gateway ?? '', GlobalIPv6Address: ep?.GlobalIPv6Address ?? '',
    GlobalIPv6PrefixLen: ep?.GlobalIPv6PrefixLen ?? 0, IPAddress: ep?.IPAddress ?? '', IPPrefixLen: ep?.IPPrefixLen ?? 0,
    IPv6Gateway: ep?.IPv6Gateway ?? '', MacAddress: ep?.MacAddress ?? '',
  };
};

defineShape('ContainerInspect', [
  changedIn('1.52', (b) => ({ ...b, NetworkSettings: { ...LEGACY_NETWORK_FIELDS(b.NetworkSettings), ...b.NetworkSettings } })),
  removedIn('1.52', 'HostConfig.KernelMemoryTCP', () => 0),
  removedIn('1.42', 'HostConfig.KernelMemory', () => 0),
  addedIn('1.52', 'Storage'),
  addedIn('1.48', 'ImageManifestDescriptor', 'NetworkSettings.Networks.*.GwPriority'),
  // EndpointSettings.MacAddress is in every spec version (1.44 only made it settable on create/connect)
  addedIn('1.44', 'NetworkSettings.Networks.*.DNSNames'),
  addedIn('1.43', 'HostConfig.Annotations'),
]);

defineShape('ContainerSummary', [
  addedIn('1.52', 'Health'),
  addedIn('1.48', 'ImageManifestDescriptor', 'NetworkSettings.Networks.*.GwPriority'),
  // EndpointSettings.MacAddress is in every spec version (1.44 only made it settable on create/connect)
  addedIn('1.44', 'NetworkSettings.Networks.*.DNSNames'),
]);

// moby 23+ (API 1.42, x-go-name WaitResponse) marshals Error with omitempty; 20.10 sent "Error": null.
defineShape('ContainerWaitResponse', [removedIn('1.42', 'Error', () => null)]);

const WAIT_CONDITIONS: WaitCondition[] = ['not-running', 'next-exit', 'removed'];

export function containerRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { runtime, containers } = engine;
  const get = (ref: string) => containers.get(ref);
  const imageSize = (c: Container) => engine.images.find(c.imageId)?.size ?? 0;

  r.get('/containers/json', (c) => {
    const filters = Filters.parse(c.req.query('filters'));
    validateListFilters(filters);
    const all = boolParam(c, 'all') || filters.has('exited') || filters.has('status');
    const size = boolParam(c, 'size');
    const limit = intParam(c, 'limit');
    const before = relativeTo(filters, 'before', containers);
    const since = relativeTo(filters, 'since', containers);
    const ctx = { now: engine.clock.now(), store: containers, images: engine.images };
    let list = engine
      .localContainers()
      .filter((x) => all || x.running || x.state.status === 'restarting' || (limit !== undefined && limit > 0))
      .filter((x) => (!before || x.created < before.created) && (!since || x.created > since.created))
      .filter((x) => matchesListFilters(x, filters, ctx))
      .sort((a, b) => b.created - a.created);
    if (limit !== undefined && limit > 0) list = list.slice(0, limit);
    const version = c.get('apiVersion');
    return sendJson(c, list.map((x) => shape('ContainerSummary', summaryView(x, ctx.now, { size, imageSize: imageSize(x) }), version)));
  });

  r.post('/containers/create', async (c) => {
    const body = await readJsonObject(c, { goType: 'container.CreateRequest' });
    if (Object.keys(body).length === 0) throw invalidParameter('Config cannot be empty in order to create a container');
    const { HostConfig, NetworkingConfig, ...config } = body as Record<string, any>;
    const container = runtime.create({
      name: c.req.query('name'),
      platform: c.req.query('platform'),
      config,
      hostConfig: HostConfig ?? {},
      networkingConfig: NetworkingConfig ?? {},
    });
    return sendJson(c, { Id: container.id, Warnings: [] }, 201);
  });

  r.get('/containers/:id/json', (c) => {
    const container = get(c.req.param('id'));
    return respond(c, 'ContainerInspect', inspectView(container, { size: boolParam(c, 'size'), imageSize: imageSize(container) }));
  });

  r.get('/containers/:id/top', (c) => sendJson(c, topView(get(c.req.param('id')), c.req.query('ps_args'), engine.clock.now())));

  r.get('/containers/:id/changes', (c) => {
    const list = changes(get(c.req.param('id')).fs);
    return sendJson(c, list.length ? list : null);
  });

  r.get('/containers/:id/export', (c) => {
    const tar = exportTar(get(c.req.param('id')).fs);
    return new Response(Readable.toWeb(tar) as ReadableStream, { headers: { 'Content-Type': 'application/x-tar' } });
  });

  r.get('/containers/:id/stats', (c) => {
    const container = get(c.req.param('id'));
    const stream = boolParam(c, 'stream', true) && !boolParam(c, 'one-shot');
    if (!stream) return sendJson(c, statsView(container, engine, undefined));
    return streamResponse('application/json', (sink) => {
      let previous = statsView(container, engine, undefined);
      sink.write(jsonLine(previous));
      let timer = engine.clock.setTimer(1000, tick);
      function tick() {
        if (!containers.find(container.id)) return sink.end();
        previous = statsView(container, engine, previous);
        sink.write(jsonLine(previous));
        timer = engine.clock.setTimer(1000, tick);
      }
      return () => timer.cancel();
    });
  });

  r.post('/containers/:id/resize', (c) => {
    const container = get(c.req.param('id'));
    const h = c.req.query('h');
    const w = c.req.query('w');
    if (!h || !/^\d+$/.test(h) || !w || !/^\d+$/.test(w)) throw invalidParameter(`strconv.Atoi: parsing "${!h || !/^\d+$/.test(h) ? h ?? '' : w ?? ''}": invalid syntax`);
    if (!container.running) throw conflictNotRunning(container);
    container.process?.resize(Number(h), Number(w));
    return new Response(null, { status: 200 });
  });

  r.post('/containers/:id/start', async (c) => {
    const container = get(c.req.param('id'));
    const body = (await readBodyText(c)).trim();
    if (body !== '' && body !== '{}' && body !== 'null') {
      throw invalidParameter('starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24');
    }
    runtime.start(container);
    return noContent();
  });

  r.post('/containers/:id/stop', async (c) => {
    await runtime.stop(get(c.req.param('id')), { timeoutSeconds: intParam(c, 't'), signal: c.req.query('signal') });
    return noContent();
  });

  r.post('/containers/:id/restart', async (c) => {
    await runtime.restart(get(c.req.param('id')), { timeoutSeconds: intParam(c, 't'), signal: c.req.query('signal') });
    return noContent();
  });

  r.post('/containers/:id/kill', async (c) => {
    const ref = c.req.param('id');
    const container = containers.find(ref);
    if (!container) throw notFound(`Cannot kill container: ${ref}: No such container: ${ref}`);
    await runtime.kill(container, c.req.query('signal') || 'SIGKILL');
    return noContent();
  });

  r.post('/containers/:id/update', async (c) => {
    const body = await readJsonObject(c, { goType: 'container.UpdateConfig' });
    return sendJson(c, runtime.update(get(c.req.param('id')), body));
  });

  r.post('/containers/:id/rename', (c) => {
    runtime.rename(get(c.req.param('id')), c.req.query('name') ?? '');
    return noContent();
  });

  r.post('/containers/:id/pause', (c) => {
    runtime.pause(get(c.req.param('id')));
    return noContent();
  });

  r.post('/containers/:id/unpause', (c) => {
    runtime.unpause(get(c.req.param('id')));
    return noContent();
  });

  r.post('/containers/:id/wait', (c) => {
    const container = get(c.req.param('id'));
    const condition = (c.req.query('condition') || 'not-running') as WaitCondition;
    if (!WAIT_CONDITIONS.includes(condition)) throw invalidParameter(`invalid condition: "${condition}"`);
    // dockerd sends the headers at once and the body when the condition is met:
    // `docker run` waits for the headers before it starts the container.
    const version = c.get('apiVersion');
    return streamResponse('application/json', (sink) => {
      runtime.wait(container, condition, sink.signal).then(
        ({ Error, ...result }) => {
          sink.write(jsonLine(shape('ContainerWaitResponse', Error ? { ...result, Error } : result, version)));
          sink.end();
        },
        () => sink.end(),
      );
    });
  });

  r.delete('/containers/:id', async (c) => {
    await runtime.remove(get(c.req.param('id')), { force: boolParam(c, 'force'), link: boolParam(c, 'link'), removeVolumes: boolParam(c, 'v') });
    return noContent();
  });

  // A link name, /parent/alias: link=1 removes the link, else the linked container goes.
  r.delete('/containers/:id/:alias', async (c) => {
    const parent = c.req.param('id');
    const alias = c.req.param('alias');
    const options = { force: boolParam(c, 'force'), removeVolumes: boolParam(c, 'v') };
    if (boolParam(c, 'link')) runtime.removeLink(parent, alias);
    else await runtime.remove(runtime.linkedContainer(parent, alias), options);
    return noContent();
  });

  r.post('/containers/prune', async (c) => {
    return sendJson(c, await runtime.prune(Filters.parse(c.req.query('filters'))));
  });

  return r;
}

const conflictNotRunning = (c: Container) => conflict(`Container ${c.id} is not running`);
