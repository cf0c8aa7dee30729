/**
 * Loader for the dockerd golden fixtures recorded by test/golden/record.ts.
 *
 *   const ex = loadGolden('containers', 'start-already-running');
 *   ex.response.status   // 304
 *
 * Files live in fixtures/golden/<daemon>/<tag>/<name>.json (default daemon:
 * dockerd-20.10). Nothing in them is normalised: compare IDs/times loosely.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StdFrame {
  stream: 'stdin' | 'stdout' | 'stderr' | 'systemerr';
  streamId: number;
  size: number;
  /** payload decoded as UTF-8 */
  data: string;
}

export interface TarEntry {
  name: string;
  /** tar typeflag: '0' file, '5' dir, '2' symlink, '1' hardlink ... */
  type: string;
  size: number;
  mode: string;
  linkname?: string;
}

export interface GoldenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** JSON as sent, a raw string (invalid JSON cases), {base64,length} for binary bodies, or null */
  body: unknown;
  /** hijacked requests: the exact request head written to the socket */
  rawHead?: string;
  /** hijacked requests: bytes written after the response head */
  stdin?: string;
  stdinClosed?: boolean;
}

export type BodyEncoding = 'json' | 'json-lines' | 'text' | 'empty' | 'base64' | 'base64-truncated';

export interface GoldenResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  /** lower-cased header names as node parses them */
  headers: Record<string, string | string[]>;
  /** [name, value, name, value, ...] exactly as sent (case and order) */
  rawHeaders: string[];
  /** hijacked requests: the exact response head bytes (latin1), up to and including CRLFCRLF */
  rawHead?: string;
  /** parsed JSON ('json'), the text ('text', 'json-lines'), '' ('empty') or base64 ('base64*') */
  body: unknown;
  bodyEncoding: BodyEncoding;
  bodyLength: number;
  /** UTF-8 view of the body (json / streams) */
  bodyText?: string;
  /** newline-delimited JSON streams (progress, events, build) */
  jsonLines?: unknown[];
  /** stdcopy frames (null = bytes are not a clean frame sequence) */
  frames?: StdFrame[] | null;
  /** tar bodies: entries (the body itself is truncated) */
  tarEntries?: TarEntry[];
  tarFiles?: Record<string, unknown>;
  /** hijacked chunked answers: the raw chunked bytes */
  rawChunkedBase64?: string;
  /** the recorder stopped reading (streaming endpoint) */
  truncated?: boolean;
  timing?: { headersMs: number; endMs: number };
}

export interface GoldenExchange {
  tag?: string;
  name?: string;
  note?: string;
  request: GoldenRequest;
  response: GoldenResponse;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const GOLDEN_ROOT = path.resolve(here, '../../fixtures/golden');
export const DEFAULT_DAEMON = 'dockerd-20.10';

export function loadGolden(tag: string, name: string, daemon: string = DEFAULT_DAEMON): GoldenExchange {
  const file = path.join(GOLDEN_ROOT, daemon, tag, name.endsWith('.json') ? name : name + '.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GoldenExchange;
}

/** Folders that hold other record kinds (not GoldenExchange): CLI runs and proxied CLI flows. */
const NON_EXCHANGE = new Set(['cli', 'flows']);

/** All exchanges (of one tag, or every tag), as {tag, name} pairs sorted by name. */
export function listGolden(tag?: string, daemon: string = DEFAULT_DAEMON): Array<{ tag: string; name: string }> {
  const root = path.join(GOLDEN_ROOT, daemon);
  if (!fs.existsSync(root)) return [];
  const tags = tag ? [tag] : fs.readdirSync(root).filter((t) => !NON_EXCHANGE.has(t) && fs.statSync(path.join(root, t)).isDirectory());
  const out: Array<{ tag: string; name: string }> = [];
  for (const t of tags.sort()) {
    const dir = path.join(root, t);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.json')) out.push({ tag: t, name: f.slice(0, -5) });
    }
  }
  return out;
}

/** The raw body bytes of a stream/binary exchange (base64 bodies), else the UTF-8 text. */
export function goldenBodyBytes(ex: GoldenExchange): Buffer {
  const r = ex.response;
  if (r.bodyEncoding === 'base64' || r.bodyEncoding === 'base64-truncated') return Buffer.from(String(r.body), 'base64');
  if (r.bodyEncoding === 'json') return Buffer.from(r.bodyText ?? JSON.stringify(r.body));
  return Buffer.from(String(r.body ?? ''));
}

/** One connection of a proxied CLI run (fixtures/golden/<daemon>/flows). */
export interface GoldenFlowConnection {
  openedMs: number;
  requests: string[];
  responses: string[];
  /** bytes as latin1 strings: Buffer.from(s, 'latin1') restores them (truncated to 24 KiB) */
  clientToDaemon: string;
  daemonToClient: string;
  clientToDaemonLength: number;
  daemonToClientLength: number;
}

export interface GoldenFlow {
  cli: string;
  argv: string[];
  stdin: string | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  connections: GoldenFlowConnection[];
}

/** A CLI flow, e.g. loadGoldenFlow('cli28-run-rm-exit3'). */
export function loadGoldenFlow(name: string, daemon: string = DEFAULT_DAEMON): GoldenFlow {
  return JSON.parse(fs.readFileSync(path.join(GOLDEN_ROOT, daemon, 'flows', name + '.json'), 'utf8')) as GoldenFlow;
}

/** A plain CLI run (fixtures/golden/<daemon>/cli): argv, exit code, stdout, stderr. */
export interface GoldenCliRun {
  cli: string;
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export function loadGoldenCli(name: string, daemon: string = DEFAULT_DAEMON): GoldenCliRun {
  return JSON.parse(fs.readFileSync(path.join(GOLDEN_ROOT, daemon, 'cli', name + '.json'), 'utf8')) as GoldenCliRun;
}
