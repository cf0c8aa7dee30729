/**
 * /session and /grpc: BuildKit's endpoints. mockerd is a daemon without BuildKit
 * (/_ping says Builder-Version: 1). Without an Upgrade header, or with another
 * protocol than h2c, both answer what dockerd does before it hijacks (buildkit
 * session.Manager.HandleHTTPRequest, moby daemon/server/router/grpc serveGRPC):
 * 400 from /session (errdefs.InvalidParameter), 500 from /grpc. With h2c both
 * switch protocols (101) and speak HTTP/2 with no BuildKit behind
 * (src/server/h2c.ts).
 */
import { Hono } from 'hono';
import { invalidParameter, systemError } from '../engine/errors.js';
import { HIJACKED } from '../server/hijack.js';
import { holdSession, serveGrpcWithoutServices } from '../server/h2c.js';
import type { ApiContext, ApiEnv } from './context.js';

/** The h2c socket, or dockerd's text for why there is none. */
function h2cSocket(c: ApiContext): { problem: string } | { socket: NonNullable<ApiEnv['Bindings']['hijack']> } {
  const hijack = c.env.hijack;
  const proto = hijack?.upgrade || c.req.header('upgrade') || '';
  if (proto === '') return { problem: 'no upgrade proto in request' };
  if (proto !== 'h2c') return { problem: `protocol ${proto} not supported` };
  // Node hands an Upgrade to the hijack path only with Connection: Upgrade; without it there is no socket to switch
  if (!hijack) return { problem: 'no upgrade proto in request' };
  return { socket: hijack };
}

export function sessionRoutes(): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  r.post('/session', (c) => {
    const h2c = h2cSocket(c);
    if ('problem' in h2c) throw invalidParameter(h2c.problem);
    holdSession(h2c.socket.socket, h2c.socket.head);
    return HIJACKED;
  });
  r.post('/grpc', (c) => {
    const h2c = h2cSocket(c);
    if ('problem' in h2c) throw systemError(h2c.problem);
    serveGrpcWithoutServices(h2c.socket.socket, h2c.socket.head);
    return HIJACKED;
  });
  return r;
}
