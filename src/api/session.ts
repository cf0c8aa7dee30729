/**
 * /session and /grpc: BuildKit's endpoints. mockerd is a daemon without BuildKit
 * (/_ping says Builder-Version: 1), so both answer as such a daemon does when
 * called without an h2c upgrade.
 */
import { Hono } from 'hono';
import { invalidParameter, systemError } from '../engine/errors.js';
import type { ApiEnv } from './context.js';

export function sessionRoutes(): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  r.post('/session', () => {
    throw invalidParameter('no upgrade proto in request');
  });
  r.post('/grpc', () => {
    throw systemError('no upgrade proto in request');
  });
  return r;
}
