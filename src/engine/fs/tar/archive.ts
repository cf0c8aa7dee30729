/** `GET/HEAD /containers/{id}/archive`: a path's stat header and its tar. */
import type { Readable } from 'node:stream';
import type { LayeredFs } from '../layered-fs.js';
import { entrySize, type Entry } from '../node.js';
import { baseName, normalizePath } from '../path.js';
import { FsError } from '../types.js';
import { mergedEntries } from './export.js';
import { entryFor } from './walk.js';
import { tarStream, type TarEntry } from './writer.js';

/** The X-Docker-Container-Path-Stat object (mode in Go's os.FileMode numbering). */
export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

const GO_MODE_DIR = 0x80000000;
const GO_MODE_SYMLINK = 0x8000000;
const GO_MODE_SETUID = 0x800000;
const GO_MODE_SETGID = 0x400000;
const GO_MODE_STICKY = 0x100000;

export function goFileMode(entry: Entry): number {
  let mode = entry.mode & 0o777;
  if (entry.mode & 0o4000) mode += GO_MODE_SETUID;
  if (entry.mode & 0o2000) mode += GO_MODE_SETGID;
  if (entry.mode & 0o1000) mode += GO_MODE_STICKY;
  if (entry.kind === 'dir') mode += GO_MODE_DIR;
  if (entry.kind === 'symlink') mode += GO_MODE_SYMLINK;
  return mode;
}

/** The stat of a path without following a final symlink (as dockerd does); ENOENT when absent. */
export function statPath(fs: LayeredFs, path: string): PathStat {
  const { path: real, entry } = fs.resolve(path, false);
  if (!entry) throw new FsError('ENOENT', path);
  return {
    name: real === '/' ? '/' : baseName(real),
    size: entrySize(entry),
    mode: goFileMode(entry),
    mtime: new Date(entry.mtime).toISOString().replace('.000Z', 'Z'),
    linkTarget: entry.kind === 'symlink' ? entry.target : '',
  };
}

/** Base64 of the stat JSON, the header's value. */
export function encodePathStat(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}

/**
 * The stat and a tar of a path. A directory is archived under its own name (or its
 * contents only when the path ends in "/."); a final symlink is archived as a link.
 */
export function archivePath(fs: LayeredFs, path: string): { stat: PathStat; tar: Readable } {
  const stat = statPath(fs, path);
  const { path: real, entry } = fs.resolve(path, false);
  const contentsOnly = /\/\.$/.test(path);
  const name = stat.name === '/' ? '.' : stat.name;
  function* entries(): Generator<TarEntry> {
    if (entry!.kind !== 'dir') {
      yield entryFor(name, entry!, { names: true });
      return;
    }
    const prefix = contentsOnly ? '' : name + '/';
    if (!contentsOnly) yield entryFor(name, entry!, { names: true });
    yield* mergedEntries(fs, normalizePath(real), prefix, true);
  }
  return { stat, tar: tarStream(entries()) };
}
