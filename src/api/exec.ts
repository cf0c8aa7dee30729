/** Exec tag: create, inspect, resize, and start (hijacked like attach, or detached). */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter } from '../engine/errors.js';
import type { ExecCreateRequest, ExecSession } from '../engine/exec/exec-store.js';
import { MULTIPLEXED_STREAM, RAW_STREAM, responseHead } from '../server/raw-stream.js';
import { outputEncoder } from '../server/stdcopy.js';
import { SERVER_HEADER } from './headers.js';
import { sendJson, type ApiContext, type ApiEnv } from './context.js';
import { readJsonObject } from './request.js';
import { MAX_API_VERSION, compareVersions } from './versions.js';
import { answered, open } from './container-streams.js';
import { EXEC_CREATE_FIELDS, foldKeys } from '../engine/go-json.js';

interface ExecStartRequest {
  Detach?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
}

/**
 * docker-py reads the 101 head through a buffered reader and then reads the raw
 * socket, so output that arrives together with the head is lost. dockerd's exec
 * takes tens of milliseconds to start, which hides that; we leave the client this
 * long (real time) to take the head before the command runs.
 */
const HEAD_GRACE_MS = 10;

const atLeast = (c: ApiContext, version: string) => compareVersions(c.get('apiVersion'), version) >= 0;

export function execRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { execs } = engine;

  r.post('/containers/:id/exec', async (c) => {
    // docker-py sends "detachKeys" (lower case); Go's JSON decoding takes it for DetachKeys.
    const body = foldKeys(await readJsonObject<ExecCreateRequest>(c, { goType: 'container.ExecOptions' }), EXEC_CREATE_FIELDS);
    if (!atLeast(c, '1.42')) body.ConsoleSize = null;
    const exec = execs.create(c.req.param('id'), body);
    return sendJson(c, { Id: exec.id }, 201);
  });

  r.get('/exec/:id/json', (c) => sendJson(c, execs.get(c.req.param('id')).view()));

  r.post('/exec/:id/resize', (c) => {
    const height = uint32(c, 'h', 'height');
    const width = uint32(c, 'w', 'width');
    execs.resize(execs.getActive(c.req.param('id')), height, width);
    return new Response(null, { status: 200 });
  });

  r.post('/exec/:id/start', async (c) => {
    const options = await readJsonObject<ExecStartRequest>(c, { goType: 'container.ExecStartOptions' });
    const exec = execs.getActive(c.req.param('id'));
    if (options.ConsoleSize && options.Tty && atLeast(c, '1.42')) execs.resize(exec, options.ConsoleSize[0], options.ConsoleSize[1]);
    if (options.Detach) {
      execs.start(exec);
      return new Response(null, { status: 200 });
    }
    const tty = !!options.Tty;
    const upgrade = !!c.env.hijack;
    // dockerd copies the headers its middleware already set (version, OS, server) into the hijacked head.
    const common: Array<[string, string]> = [['Api-Version', MAX_API_VERSION], ['Ostype', 'linux'], ['Server', SERVER_HEADER]];
    const head = upgrade
      ? responseHead('101 UPGRADED', [['Content-Type', !tty && atLeast(c, '1.42') ? MULTIPLEXED_STREAM : RAW_STREAM], ['Connection', 'Upgrade'], ['Upgrade', 'tcp'], ...common])
      : responseHead('200 OK', [['Content-Type', RAW_STREAM], ...common]);
    const channel = open(c, head);
    const output = outputEncoder((b) => channel.write(b), !tty);
    let session: ExecSession | undefined;
    const early: Array<(s: ExecSession) => void> = [];
    const forward = (f: (s: ExecSession) => void) => (session ? f(session) : early.push(f));
    channel.listen({ input: (b) => forward((s) => s.input(b)), inputEnd: () => forward((s) => s.inputEnd()), gone: () => forward((s) => s.cancel()) });
    setTimeout(() => {
      try {
        session = execs.start(exec, { output });
        for (const f of early.splice(0)) f(session);
        void session.done.then(() => channel.end());
      } catch (err) {
        output('stdout', Buffer.from(`${err instanceof Error ? err.message : String(err)}\r\n`));
        channel.end();
      }
    }, HEAD_GRACE_MS);
    return answered(c);
  });

  return r;
}

/** httputils.Uint32Value with dockerd's wrapping of the parse error. */
function uint32(c: ApiContext, key: string, name: string): number {
  const value = c.req.query(key) ?? '';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 0xffffffff) {
    throw invalidParameter(`invalid resize ${name} "${value}": strconv.ParseUint: parsing "${value}": ${/^\d+$/.test(value) ? 'value out of range' : 'invalid syntax'}`);
  }
  return n;
}
