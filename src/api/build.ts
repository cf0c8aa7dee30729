/** POST /build (the classic builder), /build/prune, /build/cancel. */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter, systemError } from '../engine/errors.js';
import { prepareBuild } from '../engine/build/builder.js';
import { readBuildContext } from '../engine/build/context.js';
import { RegistrySet, type Credentials } from '../engine/registries.js';
import { sendJson, type ApiContext, type ApiEnv } from './context.js';
import { boolParam } from './request.js';
import { progressStream } from './progress.js';

export function buildRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();

  r.post('/build', async (c) => {
    if (c.req.query('version') === '2') throw invalidParameter('buildkit not supported by daemon');
    const buildArgs = jsonParam<Record<string, string | null>>(c, 'buildargs', 'build args');
    const labels = jsonParam<Record<string, string>>(c, 'labels', 'labels');
    const raw = c.req.raw.body;
    const body = raw ? Readable.fromWeb(raw as import('node:stream/web').ReadableStream) : Readable.from([]);
    const context = await readBuildContext(body, c.req.query('dockerfile') || 'Dockerfile');
    const registryConfig = decodeRegistryConfig(c.req.header('x-registry-config'));
    const job = prepareBuild(engine, engine.imageService.buildCache, {
      context,
      tags: c.req.queries('t') ?? [],
      buildArgs,
      labels,
      target: c.req.query('target') || undefined,
      quiet: boolParam(c, 'q'),
      nocache: boolParam(c, 'nocache'),
      rm: boolParam(c, 'rm', true),
      forcerm: boolParam(c, 'forcerm'),
      pull: boolParam(c, 'pull'),
      platform: c.req.query('platform') || undefined,
      extraHosts: (c.req.query('extrahosts') ?? '').split(',').filter(Boolean),
      credentials: (host) => registryConfig[host] ?? Object.entries(registryConfig).find(([k]) => RegistrySet.hostOf(k) === host)?.[1],
    });
    return progressStream(engine.clock, async (out, signal) => void (await job.run(out, signal)));
  });

  r.post('/build/prune', (c) => {
    engine.imageService.buildCache.clear();
    return sendJson(c, { CachesDeleted: null, SpaceReclaimed: 0 });
  });

  r.post('/build/cancel', (c) => {
    if (!c.req.query('id')) throw systemError('build ID not provided');
    return new Response(null, { status: 200 });
  });

  return r;
}

function jsonParam<T>(c: ApiContext, name: string, what: string): T {
  const raw = c.req.query(name);
  if (!raw) return {} as T;
  try {
    return (JSON.parse(raw) ?? {}) as T;
  } catch (err) {
    throw invalidParameter(`error reading ${what}: ${goJsonError(raw, err)}`);
  }
}

function goJsonError(text: string, err: unknown): string {
  const pos = Number(/position (\d+)/.exec(String(err))?.[1] ?? -1);
  const ch = text[pos];
  if (pos < 0 || ch === undefined) return 'unexpected end of JSON input';
  if (pos > 0 && /[a-z]/.test(text[0]!)) return `invalid character '${ch}' in literal ${text[0] === 'n' ? 'null (expecting \'u\')' : text[0] === 't' ? "true (expecting 'r')" : "false (expecting 'a')"}`;
  return `invalid character '${ch}' looking for beginning of value`;
}

function decodeRegistryConfig(header: string | undefined): Record<string, Credentials> {
  if (!header) return {};
  try {
    return JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, Credentials>;
  } catch {
    return {};
  }
}
