/**
 * /session and /grpc: BuildKit's endpoints. mockerd is a daemon without BuildKit
 * (/_ping says Builder-Version: 1). Without an Upgrade header, or with another
 * protocol than h2c, both answer what dockerd does before it hijacks (buildkit
 * session.Manager.HandleHTTPRequest, moby daemon/server/router/grpc serveGRPC):
 * 400 from /session (errdefs.InvalidParameter), 500 from /grpc. The h2c switch
 * itself (BuildKit's gRPC) is not simulated.
 */
import { Hono } from 'hono';
import { invalidParameter, notImplemented, systemError } from '../engine/errors.js';
import type { ApiContext, ApiEnv } from './context.js';

function upgradeProblem(c: ApiContext): string {
  const proto = c.env.hijack?.upgrade ?? c.req.header('upgrade') ?? '';
  if (proto === '') return 'no upgrade proto in request';
  if (proto !== 'h2c') return `protocol ${proto} not supported`;
  throw notImplemented('BuildKit sessions (h2c) are not simulated: mockerd has only the classic builder');
}

export function sessionRoutes(): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  r.post('/session', (c) => {
    throw invalidParameter(upgradeProblem(c));
  });
  r.post('/grpc', (c) => {
    throw systemError(upgradeProblem(c));
  });
  return r;
}
