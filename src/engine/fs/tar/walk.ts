/** Turning trees into tar entries: depth first, names sorted, each directory before its contents. */
import { sortedNames, type DirNode, type Entry } from '../node.js';
import type { TarEntry } from './writer.js';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export interface WalkOptions {
  /** Emit whiteouts and opaque markers (layer tars); otherwise they are skipped. */
  whiteouts?: boolean;
  /** Prefix for entry names ("" for a root-relative tar). */
  prefix?: string;
  /** Fill uname/gname ("root" for id 0), as dockerd's archive endpoint does. */
  names?: boolean;
}

/** Tar entries for everything under `dir` (not `dir` itself). */
export function* treeEntries(dir: DirNode, options: WalkOptions = {}): Generator<TarEntry> {
  const prefix = options.prefix ?? '';
  if (options.whiteouts && dir.opaque && prefix) yield markerEntry(prefix + OPAQUE_MARKER, dir);
  for (const name of sortedNames(dir)) {
    const child = dir.children.get(name)!;
    const path = prefix + name;
    if (child.kind === 'whiteout') {
      if (options.whiteouts) yield markerEntry(prefix + WHITEOUT_PREFIX + name, dir);
      continue;
    }
    yield entryFor(path, child, options);
    if (child.kind === 'dir') yield* treeEntries(child, { ...options, prefix: path + '/' });
  }
}

export function entryFor(name: string, entry: Entry, options: WalkOptions = {}): TarEntry {
  const base = { name, mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime, ...ownerNames(entry, options) };
  if (entry.kind === 'file') return { ...base, type: 'file', content: entry.content };
  if (entry.kind === 'symlink') return { ...base, type: 'symlink', linkname: entry.target };
  return { ...base, type: 'directory' };
}

function ownerNames(entry: Entry, options: WalkOptions): { uname?: string; gname?: string } {
  if (!options.names) return {};
  return { uname: entry.uid === 0 ? 'root' : '', gname: entry.gid === 0 ? 'root' : '' };
}

function markerEntry(name: string, parent: DirNode): TarEntry {
  return { name, type: 'file', mode: 0o600, uid: 0, gid: 0, mtime: parent.mtime, size: 0 };
}
