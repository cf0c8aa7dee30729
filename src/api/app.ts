/**
 * The Hono application: version negotiation, dockerd's common headers, the one error
 * mapper, and one router per API tag. Routes stay thin; the engine does the work.
 */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { SERVER_HEADER } from './headers.js';
import { Logger } from '../logger.js';
import { invalidParameter } from '../engine/errors.js';
import type { ApiEnv } from './context.js';
import { errorResponse, pageNotFound } from './errors.js';
import { minimumVersionGate } from './route-versions.js';
import { DEFAULT_MIN_API_VERSION, MAX_API_VERSION, compareVersions, splitVersionPrefix } from './versions.js';
import { pingAnswer, systemRoutes } from './system.js';
import { containerRoutes } from './containers.js';
import { swarmRoutes } from './swarm.js';
import { nodeRoutes } from './nodes.js';
import { serviceRoutes } from './services.js';
import { taskRoutes } from './tasks.js';
import { secretRoutes } from './secrets.js';
import { configRoutes } from './configs.js';
import { controlRoutes } from './control.js';
import { imageRoutes } from './images.js';
import { containerStreamRoutes } from './container-streams.js';
import { execRoutes } from './exec.js';
import { containerArchiveRoutes } from './container-archive.js';
import { buildRoutes } from './build.js';
import { sessionRoutes } from './session.js';
import { distributionRoutes } from './distribution.js';
import { networkRoutes } from './networks.js';
import { volumeRoutes } from './volumes.js';
import { classicRoutes } from './classic.js';
import { pluginRoutes } from './plugins.js';
import type { PlainAnswer } from './context.js';
import { scenarioControlRoutes, scenarioMiddleware } from './control-scenario.js';
import { controllerFor } from '../scenario/controller.js';
import { strictMiddleware } from './strict/middleware.js';

export interface ApiOptions {
  minApiVersion?: string;
  logger?: Logger;
  /** Strict mode: undeclared query parameters and body fields are refused (src/api/strict). */
  strict?: boolean;
}


export interface Api {
  app: Hono<ApiEnv>;
  /** Answers the transport may write directly, skipping Hono (health probes). */
  fastAnswer(method: string | undefined, url: string | undefined): PlainAnswer | undefined;
}

export function createApi(engine: Engine, options: ApiOptions = {}): Api {
  return {
    app: createApp(engine, options),
    fastAnswer: (method, url) => (url === '/_ping' && (method === 'GET' || method === 'HEAD') && !controllerFor(engine).intercepting ? pingAnswer(engine, method) : undefined),
  };
}

function createApp(engine: Engine, options: ApiOptions): Hono<ApiEnv> {
  const minVersion = options.minApiVersion ?? DEFAULT_MIN_API_VERSION;
  const logger = options.logger ?? new Logger('warn');
  const app = new Hono<ApiEnv>({ getPath: (req) => splitVersionPrefix(pathOf(req.url)).path });

  if (logger.enabled('debug')) {
    app.use('*', async (c, next) => {
      const start = performance.now();
      await next();
      logger.debug(`${c.req.method} ${pathOf(c.req.url)} -> ${c.res.status} (${(performance.now() - start).toFixed(1)} ms)`);
    });
  }

  app.use('*', async (c, next) => {
    const path = pathOf(c.req.url);
    const clean = cleanPath(path);
    if (clean !== path) {
      // Go's ServeMux redirects unclean paths ("//version") before any handler runs.
      c.set('routed', false);
      return new Response(null, { status: 301, headers: { Location: clean + (c.req.url.includes('?') ? c.req.url.slice(c.req.url.indexOf('?')) : '') } });
    }
    c.set('apiVersion', negotiate(path, minVersion));
    c.set('routed', true);
    await next();
    if (c.get('routed')) setDockerHeaders(c.res.headers);
  });
  // dockerd answers OPTIONS on any path with an empty 200 (its CORS pre-flight handler).
  app.options('*', () => new Response(null, { status: 200 }));
  app.notFound((c) => {
    c.set('routed', false);
    return pageNotFound();
  });
  app.onError((err) => {
    if (!isExpected(err)) logger.error('unexpected error', err);
    const res = errorResponse(err);
    setDockerHeaders(res.headers);
    return res;
  });

  app.use('*', scenarioMiddleware(engine));
  app.use('*', minimumVersionGate());
  if (options.strict) app.use('*', strictMiddleware());
  app.route('/', scenarioControlRoutes(engine));
  app.route('/', classicRoutes(engine)); // classic Swarm mode's answers; passes through otherwise
  app.route('/', systemRoutes(engine, { minApiVersion: minVersion }));
  app.route('/', containerRoutes(engine));
  app.route('/', containerStreamRoutes(engine));
  app.route('/', execRoutes(engine));
  app.route('/', swarmRoutes(engine)); app.route('/', nodeRoutes(engine)); app.route('/', serviceRoutes(engine)); app.route('/', taskRoutes(engine)); app.route('/', secretRoutes(engine)); app.route('/', configRoutes(engine)); app.route('/', controlRoutes(engine));
  app.route('/', imageRoutes(engine));
  app.route('/', containerArchiveRoutes(engine));
  app.route('/', buildRoutes(engine));
  app.route('/', sessionRoutes());
  app.route('/', distributionRoutes(engine));
  app.route('/', networkRoutes(engine)); app.route('/', volumeRoutes(engine));
  app.route('/', pluginRoutes(engine));
  return app;
}

/** What dockerd's version middleware puts on every routed answer (errors included). */
function setDockerHeaders(headers: Headers): void {
  headers.set('Api-Version', MAX_API_VERSION);
  headers.set('Ostype', 'linux');
  headers.set('Server', SERVER_HEADER);
}

/** path.Clean as Go's ServeMux applies it: no empty, "." or ".." segments. */
function cleanPath(path: string): string {
  if (!path.includes('//') && !path.includes('/.')) return path;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const cleaned = '/' + out.join('/');
  return path.endsWith('/') && cleaned !== '/' ? cleaned + '/' : cleaned;
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const q = url.indexOf('?', start);
  return q < 0 ? url.slice(start) : url.slice(start, q);
}

/** The version the request asked for, checked against what we serve (dockerd's texts). */
function negotiate(path: string, minVersion: string): string {
  const { version } = splitVersionPrefix(path);
  if (version === undefined) return MAX_API_VERSION;
  if (compareVersions(version, minVersion) < 0) {
    throw invalidParameter(
      `client version ${version} is too old. Minimum supported API version is ${minVersion}, please upgrade your client to a newer version`,
    );
  }
  if (compareVersions(version, MAX_API_VERSION) > 0) {
    throw invalidParameter(`client version ${version} is too new. Maximum supported API version is ${MAX_API_VERSION}`);
  }
  return version;
}

function isExpected(err: unknown): boolean {
  return err instanceof Error && ['InvalidParameter', 'NotFound', 'Conflict', 'Forbidden', 'NotModified', 'Unauthorized', 'Unavailable', 'NotImplemented', 'System'].includes(err.name);
}
