/** Tars of a container's file system: `docker export`, commit, and the layer of a commit. */
import type { Readable } from 'node:stream';
import { Layer } from '../layer.js';
import type { LayeredFs } from '../layered-fs.js';
import type { DirNode, Entry } from '../node.js';
import { sortedNames } from '../node.js';
import { joinPath } from '../path.js';
import { entryFor, treeEntries } from './walk.js';
import { tarStream, type TarEntry } from './writer.js';

/** The whole file system flattened (layers, upper layer and mounts), like `docker export`; kernel file systems (procfs) stay out. */
export function exportTar(fs: LayeredFs): Readable {
  const kernel = fs.mounts.filter((m) => m.kernel).map((m) => m.path.slice(1));
  const entries = mergedEntries(fs, '/', '');
  return tarStream(kernel.length ? withoutPaths(entries, kernel) : entries);
}

function* withoutPaths(entries: Iterable<TarEntry>, paths: string[]): Generator<TarEntry> {
  for (const e of entries) {
    const name = e.name.replace(/\/$/, '');
    if (!paths.some((p) => name === p || name.startsWith(p + '/'))) yield e;
  }
}

/** Tar entries of the merged view under a directory, mounts included. */
export function* mergedEntries(fs: LayeredFs, dirPath: string, prefix: string, names = false): Generator<TarEntry> {
  const dir = fs.mergedDir(dirPath);
  for (const name of sortedNames(dir)) {
    const child = dir.children.get(name) as Entry;
    const path = joinPath(dirPath, name);
    yield entryFor(prefix + name, child, { names });
    if (child.kind === 'dir') yield* mergedEntries(fs, path, prefix + name + '/', names);
  }
}

/** A layer tar (whiteouts as `.wh.` files) of any layer. */
export function layerTar(layer: Layer): Readable {
  return layer.tar();
}

/** The container's changes as a new immutable layer (`docker commit`). */
export function commitLayer(fs: LayeredFs): Layer {
  return new Layer(fs.upper ? freeze(fs.upper) : { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, children: new Map() });
}

/** A structural copy, so later writes to the container do not change the layer. */
function freeze(dir: DirNode): DirNode {
  const children = new Map<string, DirNode['children'] extends Map<string, infer N> ? N : never>();
  for (const [name, child] of dir.children) children.set(name, child.kind === 'dir' ? freeze(child) : child);
  return { kind: 'dir', mode: dir.mode, uid: dir.uid, gid: dir.gid, mtime: dir.mtime, children, ...(dir.opaque ? { opaque: true } : {}) };
}

export { treeEntries };
