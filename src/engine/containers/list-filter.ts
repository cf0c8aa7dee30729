/**
 * `docker ps --filter`: every key dockerd supports for /containers/json, with its
 * validation texts. `before`/`since` are resolved to containers by the caller.
 */
import { invalidParameter } from '../errors.js';
import type { Filters } from '../filters.js';
import type { ImageStore } from '../images/image-store.js';
import { normalizeTaggedReference } from '../images/image-store.js';
import type { Container, ContainerStatus } from './container.js';
import type { ContainerStore } from './container-store.js';

export const LIST_FILTER_KEYS = [
  'ancestor', 'before', 'expose', 'exited', 'health', 'id', 'isolation', 'is-task', 'label', 'name', 'network',
  'publish', 'since', 'status', 'volume',
] as const;
export const PRUNE_FILTER_KEYS = ['label', 'label!', 'until'] as const;

const STATUSES: ContainerStatus[] = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
const HEALTH = ['starting', 'healthy', 'unhealthy', 'none'];
const ISOLATION = ['default', 'process', 'hyperv'];

export interface FilterContext {
  now: number;
  store: ContainerStore;
  images: ImageStore;
}

/** Check filter values that dockerd rejects before listing anything. */
export function validateListFilters(f: Filters): void {
  f.validate(LIST_FILTER_KEYS);
  for (const s of f.get('status')) if (!STATUSES.includes(s as ContainerStatus)) throw invalidParameter(`invalid filter 'status=${s}'`);
  for (const h of f.get('health')) if (!HEALTH.includes(h)) throw invalidParameter(`Unrecognised filter value for health: ${h}`);
  for (const i of f.get('isolation')) if (!ISOLATION.includes(i)) throw invalidParameter(`Invalid isolation: '${i}'`);
  for (const e of f.get('exited')) if (!/^-?\d+$/.test(e)) throw invalidParameter(`invalid filter 'exited=${e}'`);
  f.bool('is-task');
}

export function matchesListFilters(c: Container, f: Filters, ctx: FilterContext): boolean {
  if (!f.match('name', c.name) && !f.match('name', c.name.slice(1))) return false;
  if (!f.prefix('id', c.id)) return false;
  if (!f.labels('label', c.labels)) return false;
  if (f.get('label!').some((expr) => labelHas(c.labels, expr))) return false;
  if (!f.exact('status', c.state.status)) return false;
  if (!f.exact('health', c.state.health?.Status ?? 'none')) return false;
  if (f.has('exited') && !(c.state.status === 'exited' && f.get('exited').includes(String(c.state.exitCode)))) return false;
  const isTask = f.bool('is-task');
  if (isTask !== undefined && isTask !== 'com.docker.swarm.task' in c.labels) return false;
  if (f.has('ancestor') && !f.get('ancestor').some((ref) => isAncestor(ref, c, ctx.images))) return false;
  if (f.has('network') && !f.get('network').some((n) => Object.entries(c.networks).some(([name, ep]) => name === n || ep.NetworkID.startsWith(n)))) return false;
  if (f.has('volume') && !f.get('volume').some((v) => c.mounts.some((m) => m.Name === v || m.Destination === v || m.Source === v))) return false;
  if (f.has('publish') && !f.get('publish').some((p) => publishedPorts(c).some((port) => portMatches(p, port)))) return false;
  if (f.has('expose') && !f.get('expose').some((p) => Object.keys(c.config.ExposedPorts ?? {}).some((port) => portMatches(p, port)))) return false;
  if (f.has('until') && !f.get('until').every((u) => c.created < untilTime(u, ctx.now))) return false;
  return true;
}

function labelHas(labels: Record<string, string>, expr: string): boolean {
  const eq = expr.indexOf('=');
  return eq < 0 ? expr in labels : labels[expr.slice(0, eq)] === expr.slice(eq + 1);
}

function isAncestor(ref: string, c: Container, images: ImageStore): boolean {
  const image = images.find(ref);
  if (image) return image.id === c.imageId;
  try {
    return normalizeTaggedReference(ref) === normalizeTaggedReference(c.config.Image);
  } catch {
    return false;
  }
}

/** "8080/tcp" for each host port binding (running containers). */
function publishedPorts(c: Container): string[] {
  const out: string[] = [];
  for (const [port, bindings] of Object.entries((c.hostConfig.PortBindings ?? {}) as Record<string, Array<{ HostPort?: string }> | null>)) {
    out.push(port);
    for (const b of bindings ?? []) if (b.HostPort) out.push(`${b.HostPort}/${port.split('/')[1] ?? 'tcp'}`);
  }
  return out;
}

/** "80", "80/tcp", "8000-8100/tcp" against "80/tcp". */
function portMatches(filter: string, port: string): boolean {
  const [fp, fproto] = filter.split('/');
  const [pp, pproto] = port.split('/');
  if (fproto && fproto !== (pproto ?? 'tcp')) return false;
  const [lo, hi] = fp!.split('-').map(Number);
  const n = Number(pp);
  return hi === undefined ? n === lo : n >= lo! && n <= hi;
}

/** `until` in prune filters: a timestamp, a date, or a Go duration before now. */
export function untilTime(value: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const d = /^(\d+)(h|m|s)$/.exec(value);
  if (d) return now - Number(d[1]) * { h: 3_600_000, m: 60_000, s: 1000 }[d[2] as 'h' | 'm' | 's'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`failed to parse value of until: ${value}`);
  return t;
}

/** Containers created before/after a reference container (`before`/`since`). */
export function relativeTo(f: Filters, key: 'before' | 'since', store: ContainerStore): Container | undefined {
  const ref = f.get(key)[0];
  return ref === undefined ? undefined : store.get(ref);
}
