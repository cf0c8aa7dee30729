/** POST /build (the classic builder), /build/prune, /build/cancel. */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter } from '../engine/errors.js';
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
      // The CLI and docker-py repeat extrahosts once per host.
      extraHosts: (c.req.queries('extrahosts') ?? []).flatMap((v) => v.split(',')).filter(Boolean),
      networkMode: c.req.query('networkmode') || undefined,
      cacheFrom: cacheFromParam(c),
      credentials: (host) => registryConfig[host] ?? Object.entries(registryConfig).find(([k]) => RegistrySet.hostOf(k) === host)?.[1],
    });
    return progressStream(engine.clock, async (out, signal) => void (await job.run(out, signal)));
  });

  r.post('/build/prune', (c) => {
    engine.imageService.buildCache.clear();
    return sendJson(c, { CachesDeleted: null, SpaceReclaimed: 0 });
  });

  // No build of the classic builder can be cancelled by ID: like BuildKit's Cancel for an unknown ID, nothing happens.
  r.post('/build/cancel', (c) => {
    if (!c.req.query('id')) throw invalidParameter('build ID not provided');
    return new Response(null, { status: 200, headers: { 'Content-Type': 'application/json' } });
  });

  return r;
}

/** cachefrom: a JSON list of image references. */
function cacheFromParam(c: ApiContext): string[] {
  const list = jsonParam<unknown>(c, 'cachefrom', 'cache from');
  return Array.isArray(list) ? list.map(String) : [];
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

/** Go's encoding/json wording for the first syntax error of the common cases. */
export function goJsonError(text: string, err: unknown): string {
  const trimmed = text.trimStart();
  const first = trimmed[0];
  const literals: Record<string, string> = { n: 'null', t: 'true', f: 'false' };
  if (first && literals[first]) {
    const word = literals[first]!;
    for (let i = 1; i < word.length; i++) {
      if (trimmed[i] === undefined) return 'unexpected end of JSON input';
      if (trimmed[i] !== word[i]) return `invalid character '${trimmed[i]}' in literal ${word} (expecting '${word[i]}')`;
    }
  }
  if (first && !/[[{"\d-]/.test(first) && !literals[first]) return `invalid character '${first}' looking for beginning of value`;
  const pos = Number(/position (\d+)/.exec(String(err))?.[1] ?? -1);
  const ch = text[pos];
  return pos < 0 || ch === undefined ? 'unexpected end of JSON input' : `invalid character '${ch}' after top-level value`;
}

function decodeRegistryConfig(header: string | undefined): Record<string, Credentials> {
  if (!header) return {};
  try {
    return JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, Credentials>;
  } catch {
    return {};
  }
}
