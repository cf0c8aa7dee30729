/**
 * Classic (standalone) Swarm mode on the wire: the answers `swarm manage` gave where
 * they differ from an engine's (see ../shared/reference/classic-swarm-api.md).
 * Mounted before the other routers; every handler passes through unless the engine
 * runs in classic mode (src/engine/classic).
 */
import { Hono, type Context, type Next } from 'hono';
import type { Engine } from '../engine/engine.js';
import { classicOf, type ClassicMode } from '../engine/classic/classic.js';
import { FILTER_NAMES } from '../engine/classic/filters.js';
import { Filters } from '../engine/filters.js';
import { invalidParameter } from '../engine/errors.js';
import type { SimNode } from '../engine/cluster.js';
import { sendJson, type ApiEnv } from './context.js';
import { pageNotFound } from './errors.js';
import { progressStream } from './progress.js';
import { boolParam, readJsonObject, registryAuth } from './request.js';
import { shape } from './shaping.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = (c: Context<ApiEnv>, mode: ClassicMode, next: Next) => Promise<Response | void>;

export const SWARM_VERSION = '1.2.9';

export function classicRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const only = (h: Handler) => async (c: Context<ApiEnv>, next: Next) => {
    const mode = classicOf(engine);
    if (!mode) return next();
    return h(c, mode, next);
  };

  r.get('/containers/json', only(async (c, mode, next) => {
    await next();
    const all = boolParam(c, 'all');
    await rewriteJson(c, (list: Json[]) =>
      list
        .filter((x) => all || String(x.Image).split(':')[0] !== 'swarm')
        .map((x) => {
          const node = nodeOfId(engine, mode, x.Id);
          if (!node) return x;
          return { ...x, Names: (x.Names as string[]).map((n) => `/${node.hostname}${n}`), Ports: ((x.Ports ?? []) as Json[]).map((p) => (p.IP === '0.0.0.0' ? { ...p, IP: node.addr } : p)) };
        }),
    );
  }));

  r.get('/containers/:id/json', only(async (c, mode, next) => {
    await next();
    await rewriteJson(c, (body: Json) => {
      const node = nodeOfId(engine, mode, body.Id);
      if (!node) return body;
      const out: Json = {};
      for (const [k, v] of Object.entries(replaceHostIp(body, node.addr) as Json)) {
        if (k === 'Name') out.Node = mode.nodeView(node);
        out[k] = v;
      }
      return out;
    });
  }));

  r.post('/containers/create', only(async (c, mode) => {
    const body = await readJsonObject(c, { goType: 'container.CreateRequest' });
    if (Object.keys(body).length === 0) throw invalidParameter('Config cannot be empty in order to create a container');
    const { HostConfig, NetworkingConfig, ...config } = body as Json;
    const container = await mode.create(
      { name: c.req.query('name'), platform: c.req.query('platform'), config, hostConfig: HostConfig ?? {}, networkingConfig: NetworkingConfig ?? {} },
      registryAuth(c),
    );
    return sendJson(c, { Id: container.id, Warnings: [] }, 201);
  }));

  r.get('/images/json', only(async (c, mode) => {
    const { filters, nodes } = splitNodeFilter(c.req.query('filters'));
    const wanted = nodes.map((ref) => mode.findNode(ref));
    const list = engine.imageService.list({ all: boolParam(c, 'all'), sharedSize: boolParam(c, 'shared-size'), filters });
    const version = c.get('apiVersion');
    const kept = list.filter((view) => {
      if (!nodes.length) return true;
      const img = engine.images.find(String(view.Id));
      return !!img && wanted.some((n) => n && mode.images.has(img, n.id));
    });
    return sendJson(c, kept.map((item) => shape('ImageSummary', item, version)));
  }));

  r.post('/images/create', only(async (c, mode) => {
    const fromImage = c.req.query('fromImage');
    // `docker import` was not implemented by the classic Swarm API.
    if (!fromImage) return pageNotFound();
    const target = pullTarget(c.req.query('node'), c.req.query('constraint'));
    const node = target === undefined ? undefined : mode.findNode(target);
    if (target !== undefined && !node) throw invalidParameter(`Unable to find a node that satisfies the following conditions \n[node==${target}]`);
    const pull = mode.preparePull(fromImage, c.req.query('tag') ?? '', c.req.query('platform') || undefined, registryAuth(c), node ? [node] : undefined);
    return progressStream(engine.clock, (out, signal) => pull.run(out, signal));
  }));

  r.get('/info', only(async (c, mode, next) => {
    await next();
    await rewriteJson(c, (info: Json) => classicInfo(engine, mode, info));
  }));

  return r;
}

/** /info as `swarm manage` answered it: cluster totals and a status block per node. */
function classicInfo(engine: Engine, mode: ClassicMode, info: Json): Json {
  const rows: [string, string][] = [['Role', 'primary'], ['Strategy', mode.strategy], ['Filters', FILTER_NAMES], ['Nodes', String(mode.nodes().length)]];
  let cpus = 0;
  let memory = 0;
  for (const node of [...mode.nodes()].sort((a, b) => a.hostname.localeCompare(b.hostname))) {
    const view = mode.nodeView(node);
    const usage = mode.usage(node);
    const containers = mode.containersOn(node);
    const running = containers.filter((x) => x.running && !x.paused).length;
    const paused = containers.filter((x) => x.paused).length;
    cpus += usage.cpus;
    memory += usage.memory;
    rows.push(
      [` ${node.hostname}`, `${node.addr}:2375`],
      ['  └ ID', view.ID],
      ['  └ Status', node.state === 'ready' ? 'Healthy' : 'Unhealthy'],
      ['  └ Containers', `${containers.length} (${running} Running, ${paused} Paused, ${containers.length - running - paused} Stopped)`],
      ['  └ Reserved CPUs', `${usage.usedCpus} / ${usage.cpus}`],
      ['  └ Reserved Memory', `${bytesSize(usage.usedMemory)} / ${bytesSize(usage.memory)}`],
      ['  └ Labels', Object.entries(view.Labels).map(([k, v]) => `${k}=${v}`).sort().join(', ')],
      ['  └ UpdatedAt', new Date(engine.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z')],
      ['  └ ServerVersion', node.engineVersion],
    );
  }
  return { ...info, Driver: '', DriverStatus: null, SystemStatus: rows, NCPU: cpus, MemTotal: memory, ServerVersion: `swarm/${SWARM_VERSION}`, OperatingSystem: 'linux', KernelVersion: info.KernelVersion };
}

/** Go's units.BytesSize: binary units, 4 significant digits ("1 GiB", "7.5 GiB", "0 B"). */
export function bytesSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(4))} ${units[i]}`;
}

function nodeOfId(engine: Engine, mode: ClassicMode, id: unknown): SimNode | undefined {
  const container = typeof id === 'string' ? engine.containers.find(id) : undefined;
  return container ? mode.nodeOf(container) : undefined;
}

/** classic swarm replaced every `"HostIp":"0.0.0.0"` of an inspect with the node's IP. */
function replaceHostIp(value: unknown, ip: string): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceHostIp(v, ip));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'HostIp' && v === '0.0.0.0' ? ip : replaceHostIp(v, ip);
  return out;
}

async function rewriteJson<T>(c: Context<ApiEnv>, f: (body: T) => unknown): Promise<void> {
  if (c.res.status !== 200 || !c.res.headers.get('content-type')?.includes('application/json')) return;
  const body = (await c.res.json()) as T;
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  c.res = undefined as unknown as Response; // let Hono replace the answer rather than merge it
  c.res = new Response(JSON.stringify(f(body)) + '\n', { status: 200, headers });
}

/** `filters` without its `node` key (which the engine's image list would refuse). */
function splitNodeFilter(raw: string | undefined): { filters: Filters; nodes: string[] } {
  const all = Filters.parse(raw);
  const nodes = all.get('node');
  if (!nodes.length || !raw) return { filters: all, nodes };
  const parsed = JSON.parse(raw) as Json;
  delete parsed.node;
  return { filters: Filters.parse(JSON.stringify(parsed)), nodes };
}

/** `?node=node-2` or `?constraint=node==node-2`: pull onto that node only. */
function pullTarget(node: string | undefined, constraint: string | undefined): string | undefined {
  if (node) return node;
  const m = /^(?:constraint:)?node==(.+)$/.exec(constraint ?? '');
  return m?.[1];
}
