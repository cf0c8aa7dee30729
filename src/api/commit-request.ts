/** Reading POST /commit's query parameters and body into the engine's CommitRequest. */
import type { CommitRequest } from '../engine/images/commit.js';
import type { ApiContext } from './context.js';

export function commitRequest(c: ApiContext, body: Record<string, unknown>): CommitRequest {
  return {
    container: c.req.query('container') ?? '',
    repo: c.req.query('repo') || undefined,
    tag: c.req.query('tag') || undefined,
    comment: c.req.query('comment') ?? '',
    author: c.req.query('author') ?? '',
    changes: c.req.queries('changes') ?? [],
    config: body,
  };
}
