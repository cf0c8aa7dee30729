/**
 * Container tag, streaming routes: attach (hijacked raw stream), attach/ws
 * (websocket) and logs. The engine's AttachSession and log reader do the work;
 * these routes pick the framing and own the connection.
 */
import { STATUS_CODES } from 'node:http';
import { Hono } from 'hono';
import type { WebSocket, WebSocketServer } from 'ws';
import { lazyModule } from '../lazy-module.js';

const wsModule = lazyModule<typeof import('ws')>('ws');
/** How long (real time) a hijacked attach waits after its head before replaying logs (see exec's). */
const HEAD_GRACE_MS = 10;
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Engine } from '../engine/engine.js';
import { conflict, invalidParameter, notImplemented, systemError } from '../engine/errors.js';
import type { Container } from '../engine/containers/container.js';
import { AttachSession, checkAttach, type AttachOptions } from '../engine/attach/attach-session.js';
import { parseDetachKeys } from '../engine/attach/detach-keys.js';
import { readLogs, type LogLine, type LogQuery } from '../engine/attach/log-reader.js';
import { HIJACKED } from '../server/hijack.js';
import { MULTIPLEXED_STREAM, RAW_STREAM, openPlain, openUpgraded, responseHead, type RawChannel } from '../server/raw-stream.js';
import { outputEncoder } from '../server/stdcopy.js';
import type { ApiContext, ApiEnv } from './context.js';
import { statusOf } from './errors.js';
import { boolParam } from './request.js';
import { producerStream } from './streaming.js';
import { compareVersions } from './versions.js';

const atLeast = (c: ApiContext, version: string) => compareVersions(c.get('apiVersion'), version) >= 0;

export function containerStreamRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  let wss: WebSocketServer | undefined; // created on the first websocket attach
  const websockets = () => (wss ??= new (wsModule().WebSocketServer)({ noServer: true, perMessageDeflate: false }));

  r.post('/containers/:id/attach', (c) => {
    const ref = c.req.param('id');
    const detachKeys = c.req.query('detachKeys');
    const upgrade = !!c.env.hijack;
    let container: Container;
    try {
      // dockerd hijacks first, so even these errors come as text in a raw-stream answer.
      if (detachKeys && !parseDetachKeys(detachKeys)) throw invalidParameter(`Invalid detach keys (${detachKeys}) provided`);
      container = engine.containers.get(ref);
      checkAttach(container, ref, detachKeys);
    } catch (err) {
      const status = statusOf(err);
      const channel = open(c, responseHead(`${status} ${STATUS_CODES[status] ?? ''}`, [['Content-Type', RAW_STREAM]]));
      channel.write(Buffer.from(`${err instanceof Error ? err.message : String(err)}\r\n`));
      channel.end();
      return answered(c);
    }
    const multiplexed = !container.config.Tty;
    const contentType = upgrade && multiplexed && atLeast(c, '1.42') ? MULTIPLEXED_STREAM : RAW_STREAM;
    const head = upgrade
      ? responseHead('101 UPGRADED', [['Content-Type', contentType], ['Connection', 'Upgrade'], ['Upgrade', 'tcp']])
      : responseHead('200 OK', [['Content-Type', RAW_STREAM]]);
    const channel = open(c, head);
    const output = outputEncoder((b) => channel.write(b), multiplexed);
    const options = attachOptions(c, detachKeys);
    let session: AttachSession | undefined;
    const early: Array<(s: AttachSession) => void> = [];
    const forward = (f: (s: AttachSession) => void) => (session ? f(session) : early.push(f));
    channel.listen({ input: (b) => forward((s) => s.input(b)), inputEnd: () => forward((s) => s.inputEnd()), gone: () => forward((s) => s.cancel()) });
    const begin = () => {
      session = new AttachSession(engine.runtime, container, options, { output });
      for (const f of early.splice(0)) f(session);
      void session.done.then(() => channel.end());
    };
    // A log replay sent with the 101 head is lost by docker-py, which reads the head through a
    // buffered reader and then the raw socket; the replay covers the wait, so nothing is missed.
    if (upgrade && options.logs) setTimeout(begin, HEAD_GRACE_MS);
    else begin();
    return answered(c);
  });

  r.get('/containers/:id/attach/ws', (c) => {
    const ref = c.req.param('id');
    const container = engine.containers.get(ref);
    const hijack = c.env.hijack;
    if (!hijack || hijack.upgrade.toLowerCase() !== 'websocket') {
      return new Response('not websocket protocol', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const detachKeys = c.req.query('detachKeys');
    checkAttach(container, ref, detachKeys);
    const all = !atLeast(c, '1.42');
    const options: AttachOptions = {
      stdin: all || boolParam(c, 'stdin'),
      stdout: all || boolParam(c, 'stdout'),
      stderr: all || boolParam(c, 'stderr'),
      logs: boolParam(c, 'logs'),
      stream: boolParam(c, 'stream'),
      detachKeys,
    };
    const binary = atLeast(c, '1.28');
    websockets().handleUpgrade(c.env.incoming, hijack.socket, hijack.head, (ws: WebSocket) => {
      const session = new AttachSession(engine.runtime, container, options, {
        output: (_stream, data) => {
          if (ws.readyState === ws.OPEN) ws.send(data, { binary });
        },
      });
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => session.input(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)));
      ws.once('close', () => session.cancel());
      void session.done.then(() => {
        if (ws.readyState === ws.OPEN) ws.close(1000);
      });
    });
    return HIJACKED;
  });

  r.get('/containers/:id/logs', (c) => {
    const stdout = boolParam(c, 'stdout');
    const stderr = boolParam(c, 'stderr');
    if (!stdout && !stderr) throw invalidParameter("must specify at least one of 'stdout' or 'stderr'");
    const container = engine.containers.get(c.req.param('id'));
    if (container.state.status === 'removing' || container.state.status === 'dead') {
      throw conflict('can not get logs from container which is dead or marked for removal');
    }
    if (container.hostConfig.LogConfig?.Type === 'none') throw notImplemented('configured logging driver does not support reading');
    const query: LogQuery = {
      stdout,
      stderr,
      tail: parseTail(c.req.query('tail')),
      since: parseTimestamp(c.req.query('since')),
      until: parseTimestamp(c.req.query('until')),
      follow: boolParam(c, 'follow'),
    };
    const timestamps = boolParam(c, 'timestamps');
    const details = boolParam(c, 'details');
    const tty = !!container.config.Tty;
    const contentType = !tty && atLeast(c, '1.42') ? MULTIPLEXED_STREAM : RAW_STREAM;
    const body = producerStream((sink) => {
      const output = outputEncoder((b) => sink.write(b), !tty);
      const emit = (line: LogLine) => output(line.stream, formatLogLine(line, timestamps, details));
      return readLogs({ clock: engine.clock, runtime: engine.runtime }, container, query, emit, () => sink.end());
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': contentType } });
  });

  return r;
}

function attachOptions(c: ApiContext, detachKeys: string | undefined): AttachOptions {
  return {
    stdin: boolParam(c, 'stdin'),
    stdout: boolParam(c, 'stdout'),
    stderr: boolParam(c, 'stderr'),
    logs: boolParam(c, 'logs'),
    stream: boolParam(c, 'stream'),
    detachKeys,
  };
}

/** The raw connection under this request: the hijacked socket, or the plain request's own. */
export function open(c: ApiContext, head: string): RawChannel {
  const hijack = c.env.hijack;
  return hijack ? openUpgraded(hijack.socket, hijack.head, head) : openPlain(c.env.incoming, head);
}

/** Tell the transport the answer is already on the wire. */
export function answered(c: ApiContext): Response {
  return c.env.hijack ? HIJACKED : RESPONSE_ALREADY_SENT;
}

/** dockerd's json-file message: [timestamp ][details ]line. No log options give no attributes. */
function formatLogLine(line: LogLine, timestamps: boolean, details: boolean): Buffer {
  let prefix = details ? ' ' : '';
  if (timestamps) prefix = `${rfc3339NanoFixed(line.time)} ${prefix}`;
  return prefix ? Buffer.concat([Buffer.from(prefix), line.data]) : line.data;
}

/** Go's "2006-01-02T15:04:05.000000000Z07:00" in UTC: always nine fraction digits. */
export function rfc3339NanoFixed(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

/** strconv.Atoi on `tail`; anything else ("all", "abc") means every line. */
function parseTail(value: string | undefined): number {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return -1;
  const n = Number(value);
  return n < 0 ? -1 : n;
}

/** dockerd's ParseTimestamps: "seconds[.nanoseconds]"; "0" or "" = none. */
function parseTimestamp(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '' || value === '0') return undefined;
  const [sec = '', frac] = value.split('.', 2);
  if (!/^[+-]?\d+$/.test(sec)) throw systemError(`strconv.ParseInt: parsing "${sec}": invalid syntax`);
  if (frac !== undefined && !/^\d*$/.test(frac)) throw systemError(`strconv.ParseInt: parsing "${frac}": invalid syntax`);
  const nanos = BigInt((frac ?? '').slice(0, 9).padEnd(9, '0') || '0');
  return BigInt(sec) * 1_000_000_000n + nanos;
}
