/** GET /distribution/{name}/json: what the registry says about an image (digest, platforms). */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { sendJson, type ApiEnv } from './context.js';
import { registryAuth } from './request.js';

export function distributionRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  r.get('/distribution/:name{.+}/json', (c) => sendJson(c, engine.imageService.distributionInspect(c.req.param('name'), registryAuth(c))));
  return r;
}
