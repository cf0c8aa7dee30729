/**
 * The one place engine errors become HTTP answers, as moby's httpstatus does:
 * the kind picks the status, the message goes out as {"message": ...}.
 */
import { EngineError, type ErrorKind } from '../engine/errors.js';

const STATUS: Record<ErrorKind, number> = {
  InvalidParameter: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  NotModified: 304,
  NotImplemented: 501,
  Unavailable: 503,
  System: 500,
};

export function statusOf(err: unknown): number {
  return err instanceof EngineError ? STATUS[err.kind] : 500;
}

/** Build dockerd's error response: JSON {"message"} and a newline, no body for 304. */
export function errorResponse(err: unknown, headers?: Headers): Response {
  const status = statusOf(err);
  const h = new Headers(headers);
  if (status === 304) return new Response(null, { status, headers: h });
  h.set('Content-Type', 'application/json');
  const message = err instanceof Error ? err.message : String(err);
  return new Response(JSON.stringify({ message }) + '\n', { status, headers: h });
}

export const pageNotFound = () =>
  new Response(JSON.stringify({ message: 'page not found' }) + '\n', {
    status: 404,
    headers: { 'Content-Type': 'application/json' },
  });
