/** What every route sees: the negotiated API version and, on the hijack path, the raw socket. */
import type { Context } from 'hono';
import type { Duplex } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { shape } from './shaping.js';

export interface HijackBinding {
  socket: Duplex;
  /** Bytes the client sent after the request (and its body) before we took the socket. */
  head: Buffer;
  /** The transport's Upgrade header value ("tcp", "websocket"). */
  upgrade: string;
}

export interface ApiEnv {
  Bindings: {
    incoming: IncomingMessage;
    outgoing?: ServerResponse;
    hijack?: HijackBinding;
  };
  Variables: { apiVersion: string; routed: boolean };
}

export type ApiContext = Context<ApiEnv>;

/** A JSON answer as dockerd writes it (Go's json.Encoder ends it with a newline). */
export function sendJson(c: Context, body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body) + '\n', {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Shape a response model for the negotiated version, then send it. */
export function respond(c: ApiContext, model: string, body: unknown, status = 200): Response {
  return sendJson(c, shape(model, body, c.get('apiVersion')), status);
}

export const noContent = () => new Response(null, { status: 204 });

/** An answer simple enough to write without building a Response (the transport's fast path). */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const toResponse = (a: PlainAnswer) =>
  new Response(a.body === '' ? null : a.body, { status: a.status, headers: a.headers });
