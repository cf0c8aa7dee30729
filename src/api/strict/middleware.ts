/**
 * Strict mode (--strict): refuse what dockerd would refuse or silently ignore — query
 * parameters and JSON body fields (at any depth) the negotiated version's swagger does not
 * declare — with 400 {"message": "strict mode: ..."}; the journal entry gets a `strict` note.
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../context.js';
import { sendJson } from '../context.js';
import { rulesFor } from './spec-index.js';

const notes = new WeakMap<Request, string>();

/** The strict-mode finding of a request, for the journal. */
export function strictNote(req: Request): string | undefined {
  return notes.get(req);
}

export function strictMiddleware(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/_mockerd')) return next();
    const rules = rulesFor(c.get('apiVersion'), c.req.method, path);
    if (!rules) return next();
    const problems: string[] = [];
    const version = c.get('apiVersion');
    for (const name of new Set(new URL(c.req.url).searchParams.keys())) {
      if (!rules.query.has(name)) problems.push(`query parameter "${name}" is not valid for ${c.req.method} ${rules.template} at API ${version}`);
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.raw.clone().text());
      } catch {
        body = undefined;
      }
      for (const field of rules.undeclared(body)) problems.push(`unknown body field "${field}" for ${c.req.method} ${rules.template} at API ${version}`);
    }
    if (problems.length === 0) return next();
    const message = `strict mode: ${problems.join('; ')}`;
    notes.set(c.req.raw, message);
    return sendJson(c, { message }, 400);
  };
}
