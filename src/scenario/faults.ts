/**
 * Fault rules: which requests fail and how. Matching works on a plain description of
 * the request (no HTTP framework types), so the same rules serve the API middleware,
 * the transport and request triggers.
 */
import type { FaultRule, RequestMatch } from './types.js';

export interface RequestInfo {
  method: string;
  /** Path without the /v1.NN prefix. */
  path: string;
  query: Record<string, string>;
  header(name: string): string | undefined;
  /** Negotiated API version ("1.50"). */
  apiVersion: string;
  /** The parsed JSON body, read only when a rule asks for body fields. */
  body?: () => Promise<unknown>;
}

export interface ActiveFault extends FaultRule {
  id: string;
  /** Matching requests seen so far. */
  seen: number;
  /** Requests the rule has been applied to. */
  applied: number;
}

export class FaultSet {
  private rules: ActiveFault[] = [];
  private counter = 0;

  list(): readonly ActiveFault[] {
    return this.rules;
  }

  get size(): number {
    return this.rules.length;
  }

  add(rule: FaultRule): ActiveFault {
    const id = rule.id ?? `fault-${++this.counter}`;
    this.rules = this.rules.filter((r) => r.id !== id);
    const active: ActiveFault = { ...rule, id, seen: 0, applied: 0 };
    this.rules.push(active);
    return active;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Whether any rule reads request bodies (then the middleware parses them). */
  needsBody(): boolean {
    return this.rules.some((r) => r.match.body !== undefined);
  }

  /** The first rule that applies to this request, counting the match; undefined when none. */
  async take(req: RequestInfo): Promise<ActiveFault | undefined> {
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.applied >= rule.times) continue;
      if (!(await matchesRequest(rule.match, req))) continue;
      rule.seen++;
      if (rule.seen <= (rule.after ?? 0)) continue;
      rule.applied++;
      return rule;
    }
    return undefined;
  }
}

/** Does the request fit the pattern? Path: * is one segment, ** any number of segments. */
export async function matchesRequest(m: RequestMatch, req: RequestInfo): Promise<boolean> {
  if (m.method && m.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (m.path && !pathMatches(m.path, req.path)) return false;
  if (m.apiVersion && !versionMatches(m.apiVersion, req.apiVersion)) return false;
  for (const [k, v] of Object.entries(m.query ?? {})) {
    const actual = req.query[k];
    if (actual === undefined || !glob(String(v), actual)) return false;
  }
  for (const [k, v] of Object.entries(m.header ?? {})) {
    const actual = req.header(k);
    if (actual === undefined || !glob(v, actual)) return false;
  }
  if (m.body) {
    const body = await req.body?.().catch(() => undefined);
    for (const [k, v] of Object.entries(m.body)) {
      const actual = dig(body, k);
      if (typeof v === 'string' && typeof actual === 'string' ? !glob(v, actual) : JSON.stringify(actual) !== JSON.stringify(v)) return false;
    }
  }
  return true;
}

const patternCache = new Map<string, RegExp>();

export function pathMatches(pattern: string, path: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('/')
      .filter((seg, i) => i > 0 || seg !== '')
      .map((seg) => (seg === '**' ? '(?:/.*)?' : '/' + seg.split('*').map(escape).join('[^/]*')))
      .join('');
    re = new RegExp(`^${body}/?$`);
    patternCache.set(pattern, re);
  }
  return re.test(path);
}

/** Shell-style wildcard (* only). */
export function glob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  return new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(value);
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function versionMatches(spec: string, actual: string): boolean {
  const m = /^(<=|>=|<|>|=)?(\d+\.\d+)$/.exec(spec);
  if (!m) return false;
  const cmp = compare(actual, m[2]!);
  switch (m[1] ?? '=') {
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
    default: return cmp === 0;
  }
}

function compare(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

function dig(value: unknown, dotted: string): unknown {
  let cur = value;
  for (const key of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
