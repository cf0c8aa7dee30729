/**
 * HEAD/GET/PUT /containers/{id}/archive: what `docker cp` uses. The stat of a path
 * travels base64-encoded in X-Docker-Container-Path-Stat; tars go both ways.
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import type { Container } from '../engine/containers/container.js';
import { invalidParameter, notFound, systemError } from '../engine/errors.js';
import { archivePath, encodePathStat, statPath } from '../engine/fs/tar/archive.js';
import { ArchiveError, extractTar } from '../engine/fs/tar/extract.js';
import { FsError } from '../engine/fs/types.js';
import type { ApiContext, ApiEnv } from './context.js';
import { boolParam } from './request.js';

const STAT_HEADER = 'X-Docker-Container-Path-Stat';

export function containerArchiveRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();

  const target = (c: ApiContext): { container: Container; path: string } => {
    const container = engine.containers.get(c.req.param('id')!);
    const path = c.req.query('path');
    if (!path) throw invalidParameter('bad parameter: pathcannot be empty');
    return { container, path: path.startsWith('/') ? path : `/${path}` };
  };

  r.on('HEAD', '/containers/:id/archive', (c) => {
    const { container, path } = target(c);
    const stat = withFsErrors(c.req.param('id')!, path, () => statPath(container.fs, path));
    return new Response(null, { status: 200, headers: { [STAT_HEADER]: encodePathStat(stat), 'Content-Type': 'application/json' } });
  });

  r.get('/containers/:id/archive', (c) => {
    const { container, path } = target(c);
    const { stat, tar } = withFsErrors(c.req.param('id')!, path, () => archivePath(container.fs, path));
    engine.runtime.publish(container, 'archive-path');
    return new Response(Readable.toWeb(tar) as ReadableStream, { status: 200, headers: { [STAT_HEADER]: encodePathStat(stat), 'Content-Type': 'application/x-tar' } });
  });

  r.put('/containers/:id/archive', async (c) => {
    const { container, path } = target(c);
    const raw = c.req.raw.body;
    const body = raw ? Readable.fromWeb(raw as import('node:stream/web').ReadableStream) : Readable.from([]);
    try {
      await extractTar(container.fs, path, body, { noOverwriteDirNonDir: boolParam(c, 'noOverwriteDirNonDir'), copyUIDGID: boolParam(c, 'copyUIDGID') });
    } catch (err) {
      throw archiveError(err, c.req.param('id')!, path);
    }
    engine.runtime.publish(container, 'extract-to-dir');
    return new Response(null, { status: 200 });
  });

  return r;
}

function withFsErrors<T>(name: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw archiveError(err, name, path);
  }
}

/** dockerd's answers for archive failures. */
function archiveError(err: unknown, name: string, path: string): Error {
  const missing = () => notFound(`Could not find the file ${path} in container ${name}`);
  if (err instanceof FsError) return err.code === 'ENOENT' || err.code === 'ENOTDIR' ? missing() : systemError(err.message);
  if (err instanceof ArchiveError) return err.kind === 'not-found' ? missing() : systemError(err.message);
  return err as Error;
}
