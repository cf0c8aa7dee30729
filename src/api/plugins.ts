/** Plugin tag: list, privileges, pull (install), inspect, enable/disable, set, upgrade, push, create, remove. */
import { Hono, type Context } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import { pluginView, type Privilege } from '../engine/plugins/plugin.js';
import { noContent, sendJson, type ApiEnv } from './context.js';
import { progressStream } from './progress.js';
import { boolParam, jsonKind, readBodyText, registryAuth } from './request.js';

export function pluginRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const { plugins } = engine;

  r.get('/plugins', (c) => sendJson(c, plugins.list(Filters.parse(c.req.query('filters'))).map(pluginView)));
  r.get('/plugins/privileges', (c) => sendJson(c, plugins.privileges(c.req.query('remote') ?? '', registryAuth(c))));

  r.post('/plugins/pull', async (c) => {
    const granted = await readJsonArray<Privilege>(c, 'types.PluginPrivileges');
    const job = plugins.preparePull(c.req.query('remote') ?? '', c.req.query('name') ?? '', registryAuth(c), granted);
    return withPluginName(progressStream(engine.clock, (out, signal) => job.run(out, signal)), job.name);
  });

  r.post('/plugins/create', async (c) => {
    const body = c.req.raw.body;
    await plugins.create(c.req.query('name') ?? '', body ? (body as unknown as AsyncIterable<Uint8Array>) : emptyBody());
    return noContent();
  });

  r.get('/plugins/:name{.+}/json', (c) => sendJson(c, pluginView(plugins.get(c.req.param('name')))));

  r.post('/plugins/:name{.+}/enable', (c) => {
    const raw = c.req.query('timeout') ?? '';
    if (!/^[+-]?\d+$/.test(raw)) throw invalidParameter(`strconv.Atoi: parsing ${JSON.stringify(raw)}: invalid syntax`);
    plugins.enable(c.req.param('name'), Number(raw));
    return new Response(null, { status: 200 });
  });

  r.post('/plugins/:name{.+}/disable', (c) => {
    plugins.disable(c.req.param('name'), boolParam(c, 'force'));
    return new Response(null, { status: 200 });
  });

  r.post('/plugins/:name{.+}/set', async (c) => {
    const args = await readJsonArray<string>(c, '[]string');
    plugins.set(c.req.param('name'), args.map(String));
    return noContent();
  });

  r.post('/plugins/:name{.+}/upgrade', async (c) => {
    const granted = await readJsonArray<Privilege>(c, 'types.PluginPrivileges');
    const job = plugins.prepareUpgrade(c.req.param('name'), c.req.query('remote') ?? '', registryAuth(c), granted);
    return withPluginName(progressStream(engine.clock, (out, signal) => job.run(out, signal)), job.name);
  });

  r.post('/plugins/:name{.+}/push', (c) => {
    const job = plugins.push(c.req.param('name'), registryAuth(c));
    return progressStream(engine.clock, (out, signal) => job.run(out, signal));
  });

  r.delete('/plugins/:name{.+}', (c) => {
    plugins.remove(c.req.param('name'), boolParam(c, 'force'));
    return new Response(null, { status: 200 });
  });

  return r;
}

function withPluginName(res: Response, name: string): Response {
  res.headers.set('Docker-Plugin-Name', name);
  return res;
}

/** dockerd's ReadJSON into a slice: an empty body is an empty list. */
async function readJsonArray<T>(c: Context, goType: string): Promise<T[]> {
  const text = await readBodyText(c);
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidParameter('invalid JSON: unexpected EOF');
  }
  if (value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`json: cannot unmarshal ${jsonKind(value)} into Go value of type ${goType}`);
  return value as T[];
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
