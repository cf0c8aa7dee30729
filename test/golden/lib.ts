/**
 * Transport + decoding helpers for the golden recorder (see record.ts).
 *
 * Everything here talks to a real dockerd over its unix socket and turns each
 * request/response pair into a {@link GoldenExchange} written verbatim to disk.
 * Nothing is normalised (IDs, times and digests are recorded as dockerd sent
 * them); only swarm join tokens / unlock keys are redacted (see `redact`).
 */
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type {
  GoldenExchange,
  GoldenRequest,
  GoldenResponse,
  StdFrame,
  TarEntry,
} from '../support/golden.js';

export interface CallOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** object/array -> JSON (Content-Type: application/json unless given); string/Buffer -> sent as is */
  body?: unknown;
  /** abort the response after this many ms and record what arrived (truncated: true) */
  timeoutMs?: number;
  /** called once the response head arrived (before the body is complete) */
  onHeaders?: () => void | Promise<void>;
  /** free-text note stored in the fixture */
  note?: string;
  /** keep at most this many body bytes in the file (binary bodies) */
  maxBinary?: number;
  /** do not set a Content-Type even for object bodies */
  noContentType?: boolean;
}

export interface HijackOptions extends CallOptions {
  /** raw bytes written to the socket once the response head arrived */
  stdin?: Buffer | string;
  /** half-close (FIN) the socket after writing stdin */
  closeStdin?: boolean;
  /** run while the hijacked stream is open (e.g. start the container) */
  during?: () => Promise<void>;
  /** the stream is a TTY stream (do not try stdcopy decoding) */
  tty?: boolean;
}

export class Recorder {
  readonly socket: string;
  readonly outDir: string;
  protected readonly written = new Set<string>();
  /** Multiplier for `sleep()` in sections (1 when recording; the replayer shortens waits). */
  sleepScale = 1;
  count = 0;
  readonly counts: Record<string, number> = {};
  /** keep-alive like real clients (so dockerd does not answer `Connection: close`) */
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(socket: string, outDir: string) {
    this.socket = socket;
    this.outDir = outDir;
  }

  /** Send a request with node:http and return the parsed exchange (not written). */
  async exchange(o: CallOptions): Promise<GoldenExchange> {
    const { headers, payload, reqBody } = prepareBody(o);
    const started = Date.now();
    let headersMs: number | undefined;
    return await new Promise<GoldenExchange>((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socket,
          method: o.method,
          path: o.path,
          headers,
          agent: this.agent,
        },
        (res) => {
          headersMs = Date.now() - started;
          const chunks: Buffer[] = [];
          let truncated = false;
          let timer: NodeJS.Timeout | undefined;
          const finish = (): void => {
            if (timer) clearTimeout(timer);
            const body = Buffer.concat(chunks);
            const response = {
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              httpVersion: res.httpVersion,
              headers: { ...res.headers } as Record<string, string | string[]>,
              rawHeaders: res.rawHeaders,
              ...decodeBody(body, String(res.headers['content-type'] ?? ''), o),
            } as GoldenResponse;
            if (truncated) response.truncated = true;
            response.timing = { headersMs: headersMs ?? -1, endMs: Date.now() - started };
            resolve({
              request: { method: o.method, path: o.path, headers, body: reqBody },
              response,
              ...(o.note ? { note: o.note } : {}),
            });
          };
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', finish);
          res.on('error', () => finish());
          res.on('aborted', () => undefined);
          if (o.timeoutMs !== undefined) {
            timer = setTimeout(() => {
              truncated = true;
              res.removeAllListeners('end');
              req.destroy();
              finish();
            }, o.timeoutMs);
          }
          if (o.onHeaders) void Promise.resolve(o.onHeaders()).catch(() => undefined);
        },
      );
      req.on('error', (e) => {
        if (headersMs === undefined) reject(e);
      });
      // a default safety timeout for the head itself
      req.setTimeout(Math.max(60_000, (o.timeoutMs ?? 0) + 5_000), () => req.destroy(new Error('timeout waiting for ' + o.path)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Send a request by hand on a raw socket; records the response head bytes and every byte after. */
  async hijack(o: HijackOptions): Promise<GoldenExchange> {
    const { headers, payload, reqBody } = prepareBody(o);
    const head =
      `${o.method} ${o.path} HTTP/1.1\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n';
    const started = Date.now();
    return await new Promise<GoldenExchange>((resolve, reject) => {
      const sock = net.connect(this.socket);
      const chunks: Buffer[] = [];
      let headEnd = -1;
      let headersMs = -1;
      let truncated = false;
      let done = false;
      let duringPromise: Promise<void> = Promise.resolve();
      const finish = async (): Promise<void> => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        await duringPromise.catch(() => undefined);
        const all = Buffer.concat(chunks);
        const idx = all.indexOf('\r\n\r\n');
        const headBytes = idx >= 0 ? all.subarray(0, idx + 4) : all;
        const rest = idx >= 0 ? all.subarray(idx + 4) : Buffer.alloc(0);
        const headText = headBytes.toString('latin1');
        const lines = headText.split('\r\n');
        const m = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
        const hdrs: Record<string, string | string[]> = {};
        const raw: string[] = [];
        for (const line of lines.slice(1)) {
          if (!line) continue;
          const c = line.indexOf(':');
          const k = line.slice(0, c);
          const v = line.slice(c + 1).trim();
          raw.push(k, v);
          const lk = k.toLowerCase();
          const prev = hdrs[lk];
          hdrs[lk] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        }
        const ct = String(hdrs['content-type'] ?? '');
        const chunked = String(hdrs['transfer-encoding'] ?? '') === 'chunked';
        let bodyBytes: Buffer = rest;
        let rawChunked: string | undefined;
        if (chunked) {
          rawChunked = rest.toString('base64');
          bodyBytes = dechunk(rest);
        }
        const response = {
          status: m ? Number(m[2]) : 0,
          statusText: m ? (m[3] ?? '') : '',
          httpVersion: m ? (m[1] ?? '') : '',
          headers: hdrs,
          rawHeaders: raw,
          rawHead: headText,
          ...decodeBody(bodyBytes, ct, { ...o, forceStream: true, tty: o.tty }),
        } as GoldenResponse;
        if (rawChunked !== undefined) response.rawChunkedBase64 = rawChunked;
        if (truncated) response.truncated = true;
        response.timing = { headersMs, endMs: Date.now() - started };
        const request: GoldenRequest = { method: o.method, path: o.path, headers, body: reqBody, rawHead: head };
        if (o.stdin !== undefined) {
          request.stdin = Buffer.from(o.stdin).toString('utf8');
          request.stdinClosed = !!o.closeStdin;
        }
        resolve({ request, response, ...(o.note ? { note: o.note } : {}) });
        sock.destroy();
      };
      const timer = setTimeout(() => {
        truncated = true;
        void finish();
      }, o.timeoutMs ?? 15_000);
      sock.on('connect', () => {
        sock.write(head);
        if (payload) sock.write(payload);
      });
      sock.on('data', (c: Buffer) => {
        chunks.push(c);
        if (headEnd < 0) {
          const all = Buffer.concat(chunks);
          headEnd = all.indexOf('\r\n\r\n');
          if (headEnd >= 0) {
            headersMs = Date.now() - started;
            if (o.stdin !== undefined) {
              sock.write(o.stdin);
            }
            if (o.closeStdin) sock.end();
            if (o.during) duringPromise = o.during();
            if (o.onHeaders) void Promise.resolve(o.onHeaders()).catch(() => undefined);
          }
        }
      });
      sock.on('end', () => void finish());
      sock.on('close', () => void finish());
      sock.on('error', (e) => {
        if (chunks.length === 0) {
          clearTimeout(timer);
          done = true;
          reject(e);
        } else void finish();
      });
    });
  }

  /** Write an exchange to <outDir>/<tag>/<name>.json */
  save(tag: string, name: string, ex: GoldenExchange): GoldenExchange {
    let key = `${tag}/${name}`;
    let n = 2;
    while (this.written.has(key)) key = `${tag}/${name}-${n++}`;
    this.written.add(key);
    const file = path.join(this.outDir, key + '.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const out: GoldenExchange = { ...ex, tag, name: key.slice(tag.length + 1) };
    fs.writeFileSync(file, JSON.stringify(redact(out), null, 2) + '\n');
    this.count++;
    this.counts[tag] = (this.counts[tag] ?? 0) + 1;
    const r = ex.response;
    const msg =
      r.body && typeof r.body === 'object' && 'message' in (r.body as object)
        ? ' ' + JSON.stringify((r.body as { message: unknown }).message).slice(0, 140)
        : '';
    console.log(`${String(r.status).padEnd(4)}${ex.request.method.padEnd(7)}${ex.request.path.slice(0, 90).padEnd(92)}-> ${key}${msg}`);
    return ex;
  }

  /** exchange + save */
  async rec(tag: string, name: string, o: CallOptions): Promise<GoldenExchange> {
    return this.save(tag, name, await this.exchange(o));
  }

  async recHijack(tag: string, name: string, o: HijackOptions): Promise<GoldenExchange> {
    return this.save(tag, name, await this.hijack(o));
  }

  /**
   * Wait in a section. `settle` waits (for a daemon to reach a state) are scaled by
   * `sleepScale` (a replay against mockerd may wait less); `clock` waits (real time
   * must pass: a second boundary before an events `until`, or a process's own
   * `sleep 1`) never are.
   */
  async sleep(ms: number, kind: 'settle' | 'clock' = 'settle'): Promise<void> {
    const t = kind === 'clock' ? ms : Math.round(ms * this.sleepScale);
    await new Promise((res) => setTimeout(res, t));
  }

  /** Unrecorded helper call: returns status + parsed body. */
  async do(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const ex = await this.exchange({ method, path: p, body, headers });
    return { status: ex.response.status, body: ex.response.body };
  }
}

function prepareBody(o: CallOptions): { headers: Record<string, string>; payload?: Buffer; reqBody: unknown } {
  const headers: Record<string, string> = { Host: 'docker', 'User-Agent': 'mockerd-golden-recorder/1' };
  let payload: Buffer | undefined;
  let reqBody: unknown = null;
  if (o.body !== undefined) {
    if (Buffer.isBuffer(o.body)) {
      payload = o.body;
      reqBody = o.body.length <= 64 * 1024 ? { base64: o.body.toString('base64'), length: o.body.length } : { length: o.body.length };
    } else if (typeof o.body === 'string') {
      payload = Buffer.from(o.body);
      reqBody = o.body;
      if (!o.noContentType) headers['Content-Type'] = 'application/json';
    } else {
      payload = Buffer.from(JSON.stringify(o.body));
      reqBody = o.body;
      if (!o.noContentType) headers['Content-Type'] = 'application/json';
    }
  }
  Object.assign(headers, o.headers ?? {});
  if (payload) headers['Content-Length'] = String(payload.length);
  else if (o.method === 'POST' || o.method === 'PUT') headers['Content-Length'] = '0';
  return { headers, payload, reqBody };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf('\r\n', i);
    if (nl < 0) break;
    const size = parseInt(b.subarray(i, nl).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(b.subarray(nl + 2, nl + 2 + size));
    i = nl + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Parse Docker stdcopy frames; null when the bytes are not a clean frame sequence. */
export function parseFrames(b: Buffer): StdFrame[] | null {
  const frames: StdFrame[] = [];
  let i = 0;
  while (i < b.length) {
    if (b.length - i < 8) return null;
    const stream = b[i]!;
    if (stream > 3 || b[i + 1] !== 0 || b[i + 2] !== 0 || b[i + 3] !== 0) return null;
    const size = b.readUInt32BE(i + 4);
    if (i + 8 + size > b.length) return null;
    const data = b.subarray(i + 8, i + 8 + size);
    frames.push({ stream: (['stdin', 'stdout', 'stderr', 'systemerr'] as const)[stream]!, streamId: stream, size, data: data.toString('utf8') });
    i += 8 + size;
  }
  return frames;
}

/** List tar entries (ustar/gnu headers, no extraction). */
export function tarEntries(b: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let i = 0;
  let longName: string | undefined;
  while (i + 512 <= b.length) {
    const h = b.subarray(i, i + 512);
    if (h.every((x) => x === 0)) break;
    const str = (s: number, l: number): string => {
      const f = h.subarray(s, s + l);
      const z = f.indexOf(0);
      return f.subarray(0, z < 0 ? l : z).toString('utf8');
    };
    let name = str(0, 100);
    const prefix = h.subarray(257, 262).toString('latin1') === 'ustar' ? str(345, 155) : '';
    if (prefix) name = prefix + '/' + name;
    const size = parseInt(str(124, 12).trim() || '0', 8) || 0;
    const type = String.fromCharCode(h[156] || 48);
    const linkname = str(157, 100);
    const dataStart = i + 512;
    i = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = b.subarray(dataStart, dataStart + size).toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x' || type === 'g') {
      const pax = b.subarray(dataStart, dataStart + size).toString('utf8');
      const pm = /\d+ path=([^\n]*)\n/.exec(pax);
      if (pm) longName = pm[1];
      continue;
    }
    if (longName) {
      name = longName;
      longName = undefined;
    }
    const e: TarEntry = { name, type, size, mode: str(100, 8).trim() };
    if (linkname) e.linkname = linkname;
    out.push(e);
  }
  return out;
}

export function tarFile(b: Buffer, want: string): string | undefined {
  let i = 0;
  while (i + 512 <= b.length) {
    const h = b.subarray(i, i + 512);
    if (h.every((x) => x === 0)) break;
    const z = h.indexOf(0);
    const name = h.subarray(0, Math.min(z < 0 ? 100 : z, 100)).toString('utf8');
    const size = parseInt(h.subarray(124, 136).toString('latin1').replace(/\0/g, '').trim() || '0', 8) || 0;
    if (name === want) return b.subarray(i + 512, i + 512 + size).toString('utf8');
    i += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

interface DecodeOpts {
  maxBinary?: number;
  forceStream?: boolean;
  tty?: boolean;
}

function decodeBody(b: Buffer, ct: string, o: DecodeOpts): Partial<GoldenResponse> {
  const r: Partial<GoldenResponse> = { bodyLength: b.length };
  const isStream = ct.includes('vnd.docker.raw-stream') || ct.includes('vnd.docker.multiplexed-stream') || !!o.forceStream;
  if (ct.includes('application/x-tar') || ct.includes('application/octet-stream') && b.length > 512 && b.subarray(257, 262).toString('latin1') === 'ustar') {
    r.bodyEncoding = 'base64-truncated';
    const keep = o.maxBinary ?? 1024;
    r.body = b.subarray(0, keep).toString('base64');
    r.tarEntries = tarEntries(b);
    const manifest = tarFile(b, 'manifest.json');
    if (manifest !== undefined) r.tarFiles = { 'manifest.json': safeJson(manifest) };
    const repos = tarFile(b, 'repositories');
    if (repos !== undefined) r.tarFiles = { ...(r.tarFiles ?? {}), repositories: safeJson(repos) };
    return r;
  }
  if (isStream && !ct.includes('json')) {
    r.bodyEncoding = 'base64';
    r.body = b.toString('base64');
    r.bodyText = b.toString('utf8');
    if (!o.tty && b.length > 0) {
      const f = parseFrames(b);
      r.frames = f;
    }
    return r;
  }
  const text = b.toString('utf8');
  if (b.length === 0) {
    r.body = '';
    r.bodyEncoding = 'empty';
    return r;
  }
  if (ct.includes('json') || /^\s*[[{"]/.test(text)) {
    try {
      r.body = JSON.parse(text) as unknown;
      r.bodyEncoding = 'json';
      r.bodyText = text;
      return r;
    } catch {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      try {
        r.jsonLines = lines.map((l) => JSON.parse(l) as unknown);
        r.body = text;
        r.bodyEncoding = 'json-lines';
        return r;
      } catch {
        /* fall through */
      }
    }
  }
  // stdcopy-framed logs come as text/plain-less octet streams
  if (b[0] !== undefined && b[0] <= 3 && b[1] === 0) {
    const f = parseFrames(b);
    if (f) {
      r.bodyEncoding = 'base64';
      r.body = b.toString('base64');
      r.bodyText = text;
      r.frames = f;
      return r;
    }
  }
  r.body = text;
  r.bodyEncoding = 'text';
  return r;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

/** Redact swarm join tokens and unlock keys (the only secrets dockerd hands out here). */
export function redact<T>(v: T): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      return x.replace(/SWMTKN-1-[a-z0-9]+-[a-z0-9]+/g, 'SWMTKN-1-<redacted>').replace(/SWMKEY-1-[A-Za-z0-9+/=]+/g, 'SWMKEY-1-<redacted>');
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) o[k] = walk(val);
      return o;
    }
    return x;
  };
  return walk(v) as T;
}
