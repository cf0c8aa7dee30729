/**
 * The scenario half of mockerd's control API (JSON in and out) and the one request
 * middleware that applies fault rules, feeds request triggers and writes the journal.
 *
 *   POST/GET/DELETE /_mockerd/scenario     load (YAML or JSON body) / status / unload
 *   POST /_mockerd/reset                    back to the daemon's starting point
 *   GET/PUT /_mockerd/state                 snapshot / restore
 *   GET /_mockerd/clock, POST /_mockerd/clock/advance {"by":"10s"}
 *   GET/POST/DELETE /_mockerd/faults[/{id}] fault rules
 *   GET/DELETE /_mockerd/journal            every API call (engine time only)
 *   GET /_mockerd/events                    the event log (?format=ndjson)
 *   POST /_mockerd/wait                     {"until": {...}, "timeout": "30s", "advance": true}
 */
import { strictNote } from './strict/middleware.js';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Duplex } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import { VirtualClock } from '../engine/clock.js';
import { invalidParameter, notFound } from '../engine/errors.js';
import { controllerFor, type ScenarioController } from '../scenario/controller.js';
import type { ActiveFault, RequestInfo } from '../scenario/faults.js';
import { ms, ScenarioError } from '../scenario/load.js';
import { sendJson, type ApiContext, type ApiEnv } from './context.js';
import { errorResponse } from './errors.js';
import { HIJACKED } from '../server/hijack.js';

const CONTROL_PREFIX = '/_mockerd/';

export function scenarioControlRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const control = controllerFor(engine);

  r.post('/_mockerd/scenario', async (c) => {
    const text = await c.req.text();
    const file = c.req.query('file') ?? 'request body';
    try {
      return sendJson(c, control.loadScenario(text, file), 201);
    } catch (err) {
      if (err instanceof ScenarioError) return sendJson(c, { message: err.message, problems: err.problems }, 400);
      throw err;
    }
  });
  r.get('/_mockerd/scenario', (c) => {
    const status = control.scenarioStatus();
    if (!status) throw notFound('no scenario loaded');
    return sendJson(c, status);
  });
  r.delete('/_mockerd/scenario', (c) => {
    const name = control.run?.scenario.name;
    control.unloadScenario();
    return sendJson(c, { unloaded: name ?? null });
  });

  r.post('/_mockerd/reset', async (c) => {
    await control.reset();
    return sendJson(c, { reset: true, clock: control.clock() });
  });

  r.get('/_mockerd/state', (c) => sendJson(c, control.snapshot()));
  r.put('/_mockerd/state', async (c) => {
    await control.restore(await readJson(c));
    return sendJson(c, control.snapshot());
  });

  r.get('/_mockerd/clock', (c) => sendJson(c, control.clock()));
  r.post('/_mockerd/clock/advance', async (c) => {
    const body = await readJson(c);
    if (body.by === undefined) throw invalidParameter('expected {"by": "10s"}');
    return sendJson(c, await control.advanceClock(duration(body.by)));
  });

  r.get('/_mockerd/faults', (c) => sendJson(c, control.listFaults()));
  r.post('/_mockerd/faults', async (c) => {
    const body = await readJson(c);
    const rules = Array.isArray(body) ? body : [body];
    try {
      const added = rules.map((rule) => control.addFault(rule));
      return sendJson(c, Array.isArray(body) ? added : added[0], 201);
    } catch (err) {
      if (err instanceof ScenarioError) return sendJson(c, { message: err.message.replace(/^fault rule:\d+:\d+: faults\.0\.?/gm, ''), problems: err.problems }, 400);
      throw err;
    }
  });
  r.delete('/_mockerd/faults', (c) => {
    control.clearFaults();
    return sendJson(c, []);
  });
  r.delete('/_mockerd/faults/:id', (c) => {
    if (!control.removeFault(c.req.param('id'))) throw notFound(`no fault rule ${c.req.param('id')}`);
    return sendJson(c, control.listFaults());
  });

  r.get('/_mockerd/journal', (c) => sendJson(c, control.journalEntries(Number(c.req.query('since') ?? 0))));
  r.delete('/_mockerd/journal', (c) => {
    control.journal.clear(engine.clock.now());
    return sendJson(c, []);
  });

  r.get('/_mockerd/events', (c) => {
    if (c.req.query('format') === 'ndjson') return new Response(control.eventsNdjson(), { headers: { 'Content-Type': 'application/x-ndjson' } });
    return sendJson(c, control.events().map(({ node: _n, ...e }) => e));
  });

  r.post('/_mockerd/wait', async (c) => {
    const body = await readJson(c);
    if (!body.until || typeof body.until !== 'object') throw invalidParameter('expected {"until": {condition}, "timeout": "30s"}');
    const verdict = await control.waitFor(body.until, { timeout: body.timeout === undefined ? undefined : duration(body.timeout), advance: !!body.advance });
    if (verdict.ok) return sendJson(c, { met: true, actual: verdict.actual, clock: control.clock() });
    return sendJson(c, { met: false, message: `condition not met within ${body.timeout ?? '30s'}: ${verdict.actual}`, actual: verdict.actual, clock: control.clock() }, 408);
  });
  return r;
}

/** Control routes alone, for a separate --control-host listener. */
export function createControlApp(engine: Engine, extra: Hono<ApiEnv>[] = []): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.onError((err) => errorResponse(err));
  app.route('/', scenarioControlRoutes(engine));
  for (const r of extra) app.route('/', r);
  return app;
}

/**
 * Faults, request triggers and the journal, as one middleware placed right after
 * version negotiation. Control calls (/_mockerd/...) are neither faulted nor journaled.
 */
export function scenarioMiddleware(engine: Engine): MiddlewareHandler<ApiEnv> {
  const control = controllerFor(engine);
  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith(CONTROL_PREFIX)) return next();
    const startedAt = engine.clock.now();
    const info = requestInfo(c, path);
    await control.requestArrived(info);
    const fault = control.faults.size ? await control.faults.take(info) : undefined;
    const record = (status: number) =>
      control.journal.record({ method: c.req.method, path: path + queryOf(c.req.url), apiVersion: c.get('apiVersion'), status, ms: engine.clock.now() - startedAt, startedAt, ...(fault ? { fault: fault.id } : {}), ...(strictNote(c.req.raw) ? { strict: strictNote(c.req.raw) } : {}) });
    if (fault?.delay !== undefined) await delay(engine, ms(fault.delay));
    if (fault?.drop) {
      record(0);
      dropConnection(c);
      return new Response(null, { status: 500 });
    }
    if (fault?.status !== undefined) {
      c.res = fault.status === 304 ? new Response(null, { status: 304 }) : sendJson(c, { message: fault.message ?? defaultMessage(fault.status) }, fault.status);
      record(fault.status);
      return;
    }
    await next();
    if (fault) applyStreamFault(c, fault, engine);
    record(c.res === HIJACKED || c.res.status === 299 ? 101 : c.res.status);
  };
}

function requestInfo(c: ApiContext, path: string): RequestInfo {
  const query: Record<string, string> = {};
  new URL(c.req.url).searchParams.forEach((v, k) => (query[k] ??= v));
  return {
    method: c.req.method,
    path,
    query,
    header: (name) => c.req.header(name),
    apiVersion: c.get('apiVersion'),
    body: async () => JSON.parse(await c.req.raw.clone().text()),
  };
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q);
}

/** A delay in engine time: the virtual clock moves forward by it, the real clock is waited on. */
async function delay(engine: Engine, msValue: number): Promise<void> {
  if (engine.clock instanceof VirtualClock) await engine.clock.advance(msValue);
  else await new Promise((r) => setTimeout(r, msValue));
}

function socketOf(c: ApiContext): Duplex | undefined {
  return c.env?.hijack?.socket ?? (c.env?.incoming?.socket as Duplex | undefined);
}

function dropConnection(c: ApiContext): void {
  socketOf(c)?.destroy();
}

/** Truncate, corrupt or break (progress error) the answer's body, streams included. */
function applyStreamFault(c: ApiContext, fault: ActiveFault, engine: Engine): void {
  if (fault.truncate === undefined && !fault.corrupt && !fault.progressError) return;
  const hijack = c.env?.hijack;
  if (c.res.status === 299 && hijack) {
    wrapSocket(hijack.socket, fault);
    return;
  }
  const body = c.res.body;
  if (!body) return;
  void engine;
  c.res = new Response(body.pipeThrough(faultTransform(fault)), { status: c.res.status, headers: c.res.headers });
}

function faultTransform(fault: ActiveFault): TransformStream<Uint8Array, Uint8Array> {
  let sent = 0;
  let lines = 0;
  let done = false;
  return new TransformStream({
    transform(chunk, controller) {
      if (done) return;
      let out: Buffer = Buffer.from(chunk);
      if (fault.progressError) {
        const limit = fault.progressError.afterLines ?? 0;
        let cut = -1;
        for (let i = 0; i < out.length; i++) {
          if (out[i] === 0x0a && ++lines >= limit) {
            cut = i + 1;
            break;
          }
        }
        if (limit === 0) cut = 0;
        if (cut >= 0) {
          const m = fault.progressError.message;
          controller.enqueue(Buffer.concat([out.subarray(0, cut), Buffer.from(JSON.stringify({ errorDetail: { message: m }, error: m }) + '\r\n')]));
          done = true;
          controller.terminate();
          return;
        }
      }
      if (fault.corrupt) out = corrupt(out, sent);
      if (fault.truncate !== undefined && sent + out.length >= fault.truncate) {
        controller.enqueue(out.subarray(0, fault.truncate - sent));
        done = true;
        controller.terminate();
        return;
      }
      sent += out.length;
      controller.enqueue(out);
    },
  });
}

/** Deterministic damage: every 16th byte flipped. */
function corrupt(buf: Buffer, offset: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i < out.length; i++) if ((offset + i) % 16 === 7) out[i] = out[i]! ^ 0x5a;
  return out;
}

/** Hijacked streams (attach, exec): cut or damage what is written to the raw socket. */
function wrapSocket(socket: Duplex, fault: ActiveFault): void {
  let sent = 0;
  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  (socket as unknown as { write: typeof write }).write = (chunk: unknown, ...rest: unknown[]) => {
    let buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (sent === 0 && buf.subarray(0, 5).toString() === 'HTTP/') return write(chunk, ...rest);
    if (fault.corrupt) buf = corrupt(buf, sent);
    if (fault.truncate !== undefined && sent + buf.length >= fault.truncate) {
      write(buf.subarray(0, fault.truncate - sent));
      sent = fault.truncate;
      socket.destroy();
      return false;
    }
    sent += buf.length;
    return write(buf, ...rest);
  };
}

function defaultMessage(status: number): string {
  if (status === 404) return 'page not found';
  if (status === 503) return 'mockerd: service unavailable (fault rule)';
  return `mockerd: injected failure (status ${status})`;
}

function duration(v: unknown): string | number {
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw invalidParameter('expected a duration such as "10s"');
}

async function readJson(c: ApiContext): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameter('expected a JSON body');
  }
}

export type { ScenarioController };
