/**
 * Routes dockerd registers with router.WithMinimumAPIVersion: asked for at an
 * older API version they answer 400 "<METHOD> <mux path> requires minimum API
 * version V" (moby daemon/server/router/local.go; it says 400, not 404, on
 * purpose). The mux path is dockerd's route template, as its text shows it.
 */
import type { MiddlewareHandler } from 'hono';
import { invalidParameter } from '../engine/errors.js';
import type { ApiEnv } from './context.js';
import { splitVersionPrefix, versionBefore } from './versions.js';

interface GatedRoute {
  method: string;
  /** dockerd's mux template, e.g. "/images/{name:.*}/attestations" */
  template: string;
  since: string;
}

const GATED: readonly GatedRoute[] = [
  { method: 'POST', template: '/build/prune', since: '1.31' },
  { method: 'POST', template: '/containers/prune', since: '1.25' },
  { method: 'GET', template: '/distribution/{name:.*}/json', since: '1.30' },
  { method: 'GET', template: '/images/{name:.*}/attestations', since: '1.55' },
  { method: 'POST', template: '/images/prune', since: '1.25' },
  { method: 'POST', template: '/networks/prune', since: '1.25' },
  { method: 'POST', template: '/plugins/{name:.*}/upgrade', since: '1.26' },
  { method: 'GET', template: '/secrets', since: '1.25' },
  { method: 'POST', template: '/secrets/create', since: '1.25' },
  { method: 'DELETE', template: '/secrets/{id}', since: '1.25' },
  { method: 'GET', template: '/secrets/{id}', since: '1.25' },
  { method: 'POST', template: '/secrets/{id}/update', since: '1.25' },
  { method: 'GET', template: '/configs', since: '1.30' },
  { method: 'POST', template: '/configs/create', since: '1.30' },
  { method: 'DELETE', template: '/configs/{id}', since: '1.30' },
  { method: 'GET', template: '/configs/{id}', since: '1.30' },
  { method: 'POST', template: '/configs/{id}/update', since: '1.30' },
  { method: 'POST', template: '/volumes/prune', since: '1.25' },
  { method: 'PUT', template: '/volumes/{name:.*}', since: '1.42' },
];

/** gorilla/mux semantics: {x} is one segment, {x:.*} anything. */
function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? (part.includes(':.*') ? '.*' : '[^/]+') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The first API version mockerd serves `method specPath` at ("/images/{name}/attestations"), when dockerd gates it. */
export function minimumApiVersionOf(method: string, specPath: string): string | undefined {
  const bare = (template: string) => template.replace(/\{(\w+)(?::[^}]*)?\}/g, '{$1}');
  return GATED.find((route) => route.method === method && bare(route.template) === specPath)?.since;
}

const PATTERNS = GATED.map((route) => ({ ...route, pattern: templatePattern(route.template) }));

/** 400 for a gated route asked for below its version; methods and lengths keep the templates apart. */
export function minimumVersionGate(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const version = c.get('apiVersion');
    const { path } = splitVersionPrefix(new URL(c.req.url).pathname);
    const route = PATTERNS.find((candidate) => candidate.method === c.req.method && candidate.pattern.test(path));
    if (route && versionBefore(version, route.since)) {
      throw invalidParameter(`${route.method} ${route.template} requires minimum API version ${route.since}`);
    }
    await next();
  };
}
