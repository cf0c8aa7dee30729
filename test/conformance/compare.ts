/**
 * Compare one mockerd answer with the dockerd 20.10 golden exchange of the same
 * tag/name. Strict on what clients depend on, loose only where a value is
 * inherently specific to the environment (see NORMALISERS).
 *
 * A difference is `{ kind, detail }`; `detail` is a stable one-line text so the
 * known-differences table can match it (see known-differences.ts).
 */
import type { GoldenExchange, GoldenResponse, StdFrame } from '../support/golden.js';

export type DiffKind =
  | 'status' // HTTP status code
  | 'message' // error text: `message` of a JSON error body, or a plain-text body
  | 'shape' // JSON keys and value types (recursively; arrays by their first element)
  | 'encoding' // body kind: json / json-lines / text / empty / stream / tar
  | 'content-type' // media type of the answer
  | 'head' // hijacked answers: status line and header names
  | 'lines' // JSON-lines streams: line shapes, event Type:Action sequence, stream errors
  | 'frames' // raw streams: stdcopy frames per stream, or the raw text (TTY)
  | 'tar' // tar bodies: entry names
  | 'ending' // dockerd kept the stream open (recorder hung up) and mockerd ended it, or the reverse
  | 'missing' // recorded, but the replay never sent it (a section stopped early or took another branch)
  | 'extra'; // sent by the replay but never recorded (the section took another branch)

export interface Diff {
  kind: DiffKind;
  detail: string;
}

/**
 * Normalisers for text (error messages, plain bodies, stream payloads). Each one
 * replaces a value that cannot match between two daemons by construction.
 */
export const NORMALISERS: Array<{ name: string; why: string; re: RegExp; to: string }> = [
  { name: 'digest', why: 'content digests depend on the bytes of each image/layer', re: /sha256:[0-9a-f]{64}/g, to: 'sha256:<id>' },
  { name: 'id', why: '64-hex object IDs are random per daemon', re: /\b[0-9a-f]{64}\b/g, to: '<id>' },
  { name: 'short-id', why: '12-hex short IDs are the prefix of a random ID', re: /\b[0-9a-f]{12}\b/g, to: '<id12>' },
  { name: 'swarm-id', why: 'swarm object IDs (25 chars base36) are random', re: /\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{25}\b/g, to: '<swarm-id>' },
  { name: 'max-api', why: "20.10's maximum API version was 1.41; mockerd serves newer versions", re: /Maximum supported API version is [0-9.]+/g, to: 'Maximum supported API version is <max>' },
  { name: 'server-version', why: 'daemon build version in Server / User-Agent texts', re: /Docker\/[0-9][^\s)]*/g, to: 'Docker/<version>' },
  { name: 'rfc3339', why: 'timestamps (log lines, events, created dates)', re: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, to: '<time>' },
  { name: 'unix-time', why: 'unix seconds/nanoseconds computed from the clock at request time (events since/until)', re: /\b1\d{9}(\d{9})?\b/g, to: '<unix>' },
  { name: 'id-prefix', why: 'the ambiguous-prefix fixtures use the first hex digit of random IDs', re: /(Multiple IDs found with provided prefix: )[0-9a-f]+/g, to: '$1<prefix>' },
  { name: 'dns', why: 'the resolver address of the recording machine', re: /\b\d{1,3}(\.\d{1,3}){3}:53\b/g, to: '<dns>:53' },
];

export function normText(s: string): string {
  let out = s;
  for (const n of NORMALISERS) out = out.replace(n.re, n.to);
  return out;
}

/** Map keys that are IDs are normalised too (e.g. Networks keyed by ID in some answers). */
function normKey(k: string): string {
  return normText(k);
}

type Shape = string | { [k: string]: Shape } | Shape[];

/** keys + value types; arrays by their first element ([] when empty). */
export function shapeOf(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (typeof v === 'object') {
    const o: Record<string, Shape> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) o[normKey(k)] = shapeOf(val);
    return o;
  }
  return typeof v;
}

function typeName(s: Shape): string {
  if (typeof s === 'string') return s;
  return Array.isArray(s) ? 'array' : 'object';
}

/** Differences between two shapes, as `path: what` strings. */
export function compareShapes(golden: Shape, actual: Shape, path = ''): string[] {
  const out: string[] = [];
  const gt = typeName(golden);
  const at = typeName(actual);
  const here = path || '.';
  if (gt !== at) {
    out.push(`${here}: ${at}, dockerd ${gt}`);
    return out;
  }
  if (Array.isArray(golden) && Array.isArray(actual)) {
    // an empty array says nothing about its elements
    if (golden.length && actual.length) out.push(...compareShapes(golden[0]!, actual[0]!, `${path}[]`));
    return out;
  }
  if (typeof golden === 'object' && typeof actual === 'object') {
    const g = golden as Record<string, Shape>;
    const a = actual as Record<string, Shape>;
    for (const k of Object.keys(g)) {
      if (!(k in a)) out.push(`${path}.${k}: missing (dockerd ${typeName(g[k]!)})`);
      else out.push(...compareShapes(g[k]!, a[k]!, `${path}.${k}`));
    }
    for (const k of Object.keys(a)) if (!(k in g)) out.push(`${path}.${k}: extra (${typeName(a[k]!)})`);
  }
  return out;
}

function mediaType(h: Record<string, string | string[]>): string {
  const v = h['content-type'];
  const s = Array.isArray(v) ? v[0] ?? '' : v ?? '';
  return s.split(';')[0]!.trim().toLowerCase();
}

function bodyKind(r: GoldenResponse): string {
  // an empty body is empty whatever its Content-Type made the decoder call it
  if (r.bodyLength === 0 && r.bodyEncoding !== 'base64-truncated') return 'empty';
  switch (r.bodyEncoding) {
    case 'base64':
      return 'stream';
    case 'base64-truncated':
      return 'tar';
    default:
      return r.bodyEncoding;
  }
}

function framesText(frames: StdFrame[] | null | undefined): Record<string, string> | null {
  if (!frames) return null;
  const out: Record<string, string> = {};
  for (const f of frames) out[f.stream] = (out[f.stream] ?? '') + f.data;
  for (const k of Object.keys(out)) out[k] = normText(out[k]!);
  return out;
}

function short(s: string, n = 160): string {
  const j = JSON.stringify(s);
  return j.length > n ? j.slice(0, n) + '…"' : j;
}

/** Head of a hijacked answer: status line + header names (values of Date/Server etc. vary). */
function headOf(r: GoldenResponse): string {
  const raw = r.rawHead ?? '';
  const lines = raw.split('\r\n').filter(Boolean);
  const status = lines[0] ?? '';
  const names = lines
    .slice(1)
    .map((l) => l.slice(0, l.indexOf(':')).toLowerCase())
    .filter((n) => n !== 'date' && n !== 'content-length')
    .sort();
  return `${status} [${names.join(', ')}]`;
}

function lineSig(v: unknown): string {
  return JSON.stringify(shapeOf(v));
}

/** Collapse runs of identical consecutive shapes (progress streams repeat lines). */
function collapse(sigs: string[]): string[] {
  return sigs.filter((s, i) => i === 0 || s !== sigs[i - 1]);
}

function streamError(lines: unknown[]): string | undefined {
  for (const l of lines) {
    if (l && typeof l === 'object' && 'error' in l) return normText(String((l as { error: unknown }).error));
  }
  return undefined;
}

function eventSeq(lines: unknown[]): string[] | undefined {
  const evs = lines.filter((l): l is { Type: string; Action: string } => !!l && typeof l === 'object' && 'Type' in l && 'Action' in l);
  if (!evs.length) return undefined;
  return evs.map((e) => `${e.Type}:${normText(String(e.Action))}`);
}

export function compareExchange(golden: GoldenExchange, actual: GoldenExchange): Diff[] {
  const g = golden.response;
  const a = actual.response;
  const diffs: Diff[] = [];
  const add = (kind: DiffKind, detail: string): void => void diffs.push({ kind, detail });

  if (g.status !== a.status) add('status', `${a.status}, dockerd ${g.status}`);

  if (g.rawHead !== undefined && a.rawHead !== undefined) {
    const gh = headOf(g);
    const ah = headOf(a);
    if (gh !== ah) add('head', `${ah}, dockerd ${gh}`);
  } else {
    const gm = mediaType(g.headers);
    const am = mediaType(a.headers);
    if (gm !== am) add('content-type', `${am || '(none)'}, dockerd ${gm || '(none)'}`);
  }

  const gk = bodyKind(g);
  const ak = bodyKind(a);
  if (gk !== ak) {
    add('encoding', `${ak}, dockerd ${gk}`);
    // still compare what is comparable: an error text in either
  }

  // error text
  const gMsg = g.bodyEncoding === 'json' && g.body && typeof g.body === 'object' && typeof (g.body as { message?: unknown }).message === 'string' ? (g.body as { message: string }).message : undefined;
  if (gMsg !== undefined) {
    const aMsg = a.bodyEncoding === 'json' && a.body && typeof a.body === 'object' ? (a.body as { message?: unknown }).message : undefined;
    if (typeof aMsg !== 'string') add('message', `no message, dockerd ${short(normText(gMsg))}`);
    else if (normText(aMsg) !== normText(gMsg)) add('message', `${short(normText(aMsg))}, dockerd ${short(normText(gMsg))}`);
  }

  if (gk === ak) {
    switch (gk) {
      case 'json': {
        for (const d of compareShapes(shapeOf(g.body), shapeOf(a.body))) add('shape', d);
        break;
      }
      case 'json-lines': {
        const gl = g.jsonLines ?? [];
        const al = a.jsonLines ?? [];
        const ge = eventSeq(gl);
        const ae = eventSeq(al);
        if (ge || ae) {
          if (JSON.stringify(ge ?? []) !== JSON.stringify(ae ?? [])) add('lines', `events ${short((ae ?? []).join(' '), 300)}, dockerd ${short((ge ?? []).join(' '), 300)}`);
          // shapes of the first event of each Type:Action of one actor both streams have
          // (by actor, so a window that caught another container's events under load still pairs like with like)
          const firstOf = (ls: unknown[]): Map<string, unknown> => {
            const m = new Map<string, unknown>();
            for (const l of ls) {
              const e = l as { Type?: string; Action?: string; Actor?: { Attributes?: { name?: string } } };
              const actor = e.Actor?.Attributes?.name;
              const k = `${e.Type}:${String(e.Action).split(':')[0]}${actor ? ` (${actor})` : ''}`;
              if (!m.has(k)) m.set(k, l);
            }
            return m;
          };
          const gf = firstOf(gl);
          const af = firstOf(al);
          for (const [k, gv] of gf) {
            if (!af.has(k)) continue;
            for (const d of compareShapes(shapeOf(gv), shapeOf(af.get(k)))) add('shape', `event ${k} ${d}`);
          }
        } else {
          const gs = collapse(gl.map(lineSig));
          const as = collapse(al.map(lineSig));
          if (JSON.stringify(gs) !== JSON.stringify(as)) add('lines', `line shapes ${short(as.join(' | '), 300)}, dockerd ${short(gs.join(' | '), 300)}`);
        }
        const gErr = streamError(gl);
        const aErr = streamError(al);
        if (gErr !== aErr) add('lines', `stream error ${short(aErr ?? '(none)')}, dockerd ${short(gErr ?? '(none)')}`);
        break;
      }
      case 'text': {
        const gt = normText(String(g.body));
        const at = normText(String(a.body));
        if (gt !== at) add('message', `${short(at)}, dockerd ${short(gt)}`);
        break;
      }
      case 'stream': {
        const gf = framesText(g.frames);
        const af = framesText(a.frames);
        if (gf) {
          if (!af) add('frames', `not stdcopy frames: ${short(normText(a.bodyText ?? ''))}, dockerd frames ${short(JSON.stringify(gf))}`);
          else if (JSON.stringify(sortKeys(gf)) !== JSON.stringify(sortKeys(af))) add('frames', `${short(JSON.stringify(sortKeys(af)), 300)}, dockerd ${short(JSON.stringify(sortKeys(gf)), 300)}`);
        } else {
          const gt = normText(g.bodyText ?? '');
          const at = normText(a.bodyText ?? '');
          if (gt !== at) add('frames', `raw ${short(at, 300)}, dockerd ${short(gt, 300)}`);
        }
        break;
      }
      case 'tar': {
        const names = (r: GoldenResponse): string => (r.tarEntries ?? []).map((e) => normText(e.name)).sort().join(' ');
        if (names(g) !== names(a)) add('tar', `entries ${short(names(a), 300)}, dockerd ${short(names(g), 300)}`);
        break;
      }
      default:
        break;
    }
  }

  if (!!g.truncated !== !!a.truncated) {
    add('ending', g.truncated ? 'mockerd ended the answer; dockerd kept it open until the client hung up' : 'mockerd kept the answer open until the client hung up; dockerd ended it');
  }
  return diffs;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
}
