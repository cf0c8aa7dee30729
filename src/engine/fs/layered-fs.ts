/**
 * A container's root file system: the image's layers (merged, read-only, shared)
 * under a writable upper layer that records changes copy-on-write, with whiteouts
 * for deletions, plus mounted trees (volumes, tmpfs, bind-mounted files).
 * The upper layer and the mount table are created on first use, so a container
 * that never writes costs a few fields.
 */
import type { Layer } from './layer.js';
import { mergeLayers } from './merge.js';
import { contentBytes, dirNode, entrySize, sortedNames, WHITEOUT, type DirNode, type Entry, type Meta, type Node } from './node.js';
import { baseName, isUnder, joinPath, normalizePath, parentOf, splitPath } from './path.js';
import { FsError, type FileStat, type ProcessFileSystem } from './types.js';
import { copyTree, FsTree } from './volume.js';

const MAX_SYMLINKS = 40;

export interface Mount {
  path: string;
  tree: FsTree;
  readOnly: boolean;
  /** A kernel file system (procfs): visible to processes, left out of `docker export`. */
  kernel?: boolean;
}

export interface LayeredFsOptions {
  readOnly?: boolean;
  /** The clock for mtimes of changed entries (the engine's virtual clock); default Date.now. */
  now?: () => number;
}

/** Where a canonical path leads: the visible entry and what the write path needs. */
interface Located {
  entry: Entry | undefined;
  /** The lower directory merged under a visible upper (or lower) directory. */
  lowerDir?: DirNode;
  upperDir?: DirNode;
  mount?: Mount;
  /** The upper layer has a node (maybe a whiteout) at this path. */
  inUpper: boolean;
  /** The lower layers have an entry at this path (deletion needs a whiteout). */
  inLower: boolean;
}

export class LayeredFs implements ProcessFileSystem {
  /** The merged image layers (shared between containers of the image). */
  readonly lower: DirNode;
  readOnly: boolean;
  private upperRoot?: DirNode;
  private mountTable?: Mount[];
  private readonly now: () => number;

  constructor(layers: readonly Layer[] | DirNode, options: LayeredFsOptions = {}) {
    this.lower = Array.isArray(layers) ? mergeLayers(layers) : (layers as DirNode);
    this.readOnly = options.readOnly ?? false;
    this.now = options.now ?? Date.now;
  }

  /** The upper (container) layer, or undefined when nothing was ever written. */
  get upper(): DirNode | undefined {
    return this.upperRoot;
  }

  get mounts(): readonly Mount[] {
    return this.mountTable ?? [];
  }

  /**
   * Mount a tree at `path` (created virtually if absent). With `copyUp`, an empty
   * directory tree is first filled with the image's content at that path, as
   * docker does for a fresh volume.
   */
  mount(path: string, tree: FsTree, options: { readOnly?: boolean; copyUp?: boolean; kernel?: boolean } = {}): void {
    const at = normalizePath(path);
    if (options.copyUp && tree.isEmpty) {
      const existing = this.locate(at).entry;
      if (existing?.kind === 'dir') tree.root = copyTree(this.mergedDir(at, existing));
    }
    const table = (this.mountTable ??= []).filter((m) => m.path !== at);
    table.push({ path: at, tree, readOnly: options.readOnly ?? false, ...(options.kernel ? { kernel: true } : {}) });
    table.sort((a, b) => b.path.length - a.path.length);
    this.mountTable = table;
  }

  unmount(path: string): void {
    const at = normalizePath(path);
    this.mountTable = this.mountTable?.filter((m) => m.path !== at);
  }

  /** The mount a canonical path is in, if any (innermost first). */
  mountAt(path: string): Mount | undefined {
    return this.mountTable?.find((m) => isUnder(path, m.path));
  }

  // ---- ProcessFileSystem ----

  stat(path: string, options: { noFollow?: boolean } = {}): FileStat | undefined {
    const found = this.tryResolve(path, !options.noFollow);
    if (!found?.entry) return undefined;
    return toStat(found.path, found.entry);
  }

  readFile(path: string): Buffer | undefined {
    const entry = this.tryResolve(path, true)?.entry;
    return entry?.kind === 'file' ? contentBytes(entry.content) : undefined;
  }

  writeFile(path: string, data: Buffer, options: { append?: boolean; mode?: number } = {}): void {
    const { path: at, entry } = this.resolve(path, true);
    if (entry?.kind === 'dir') throw new FsError('EISDIR', path);
    const content = options.append && entry?.kind === 'file' ? Buffer.concat([contentBytes(entry.content), data]) : data;
    const meta = entry ? { mode: entry.mode, uid: entry.uid, gid: entry.gid } : { mode: options.mode ?? 0o644, uid: 0, gid: 0 };
    this.requireParentDir(at, path);
    this.put(at, { kind: 'file', content, ...meta, mtime: this.now() }, path);
  }

  readDir(path: string): string[] | undefined {
    const found = this.tryResolve(path, true);
    if (found?.entry?.kind !== 'dir') return undefined;
    return sortedNames(this.mergedDir(found.path, found.entry));
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): void {
    if (options.parents) return this.mkdirParents(path, options.mode);
    const { path: at, entry } = this.resolve(path, true);
    if (entry) throw new FsError('EEXIST', path);
    this.requireParentDir(at, path);
    this.put(at, dirNode({ mode: options.mode ?? 0o755, mtime: this.now() }), path);
  }

  private mkdirParents(path: string, mode?: number): void {
    let at = '';
    for (const part of splitPath(normalizePath(path))) {
      at += '/' + part;
      const found = this.resolve(at, true);
      if (found.entry?.kind === 'dir') continue;
      if (found.entry) throw new FsError('ENOTDIR', path);
      this.put(found.path, dirNode({ mode: mode ?? 0o755, mtime: this.now() }), path);
    }
  }

  remove(path: string, options: { recursive?: boolean } = {}): void {
    const { path: at, entry } = this.resolve(path, false);
    if (!entry) throw new FsError('ENOENT', path);
    if (at === '/' || this.mountTable?.some((m) => m.path === at)) throw new FsError('EBUSY', path);
    if (entry.kind === 'dir' && !options.recursive && this.mergedDir(at, entry).children.size > 0) {
      throw new FsError('ENOTEMPTY', path);
    }
    this.put(at, undefined, path);
  }

  symlink(target: string, path: string): void {
    const { path: at, entry } = this.resolve(path, false);
    if (entry) throw new FsError('EEXIST', path);
    this.requireParentDir(at, path);
    this.put(at, { kind: 'symlink', target, mode: 0o777, uid: 0, gid: 0, mtime: this.now() }, path);
  }

  // ---- beyond the process interface: archive, build, engine ----

  /** Set an entry's owner, mode or mtime (copying it up). */
  setMeta(path: string, meta: Partial<Meta>, options: { noFollow?: boolean } = {}): void {
    const { path: at, entry } = this.resolve(path, !options.noFollow);
    if (!entry) throw new FsError('ENOENT', path);
    const updated = entry.kind === 'dir' ? this.copyUpDir(at, entry, meta) : { ...entry, ...meta };
    this.put(at, updated, path, false);
  }

  /** Place an entry (from a tar, a build COPY) at a path whose parent exists; replaces what is there. */
  putEntry(path: string, entry: Entry): void {
    const at = normalizePath(path);
    this.requireParentDir(at, path);
    const current = this.locate(at);
    if (entry.kind === 'dir' && current.entry?.kind === 'dir') {
      this.put(at, this.copyUpDir(at, current.entry, entry), path, false);
      return;
    }
    this.put(at, entry, path);
  }

  /** The visible entry at a canonical path (no symlinks followed anywhere). */
  entryAt(path: string): Entry | undefined {
    return this.locate(normalizePath(path)).entry;
  }

  /** The symlink-free absolute path `path` leads to (last component followed if `follow`). */
  realPath(path: string, follow = true): string {
    return this.resolve(path, follow).path;
  }

  /**
   * The directory as seen through the layers: upper children over lower children,
   * whiteouts removed, mount points added. A new object; do not mutate.
   */
  mergedDir(path: string, entry?: Entry): DirNode {
    const at = normalizePath(path);
    const found = this.locate(at);
    const dir = entry ?? found.entry;
    if (dir?.kind !== 'dir') throw new FsError('ENOTDIR', path);
    const children = new Map<string, Node>();
    if (found.lowerDir) for (const [name, child] of found.lowerDir.children) children.set(name, child);
    for (const [name, child] of (found.upperDir ?? dir).children) {
      if (child.kind === 'whiteout') children.delete(name);
      else children.set(name, child);
    }
    for (const m of this.mountTable ?? []) {
      if (m.path !== at && parentOf(m.path) === at) children.set(baseName(m.path), m.tree.root);
    }
    return { kind: 'dir', mode: dir.mode, uid: dir.uid, gid: dir.gid, mtime: dir.mtime, children };
  }

  // ---- resolution ----

  /** Follow symlinks in every component (and the last if `follow`); ENOENT/ENOTDIR on a missing parent. */
  resolve(path: string, follow: boolean): { path: string; entry: Entry | undefined } {
    let pending = splitPath(path);
    let resolved: string[] = [];
    let links = 0;
    let entry: Entry | undefined = this.locate('/').entry;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '..') {
        resolved.pop();
        entry = this.locate('/' + resolved.join('/')).entry;
        continue;
      }
      if (entry?.kind !== 'dir') throw new FsError(entry ? 'ENOTDIR' : 'ENOENT', path);
      const candidate = '/' + [...resolved, part].join('/');
      const next = this.locate(candidate).entry;
      if (next?.kind === 'symlink' && (pending.length > 0 || follow)) {
        if (++links > MAX_SYMLINKS) throw new FsError('ELOOP', path);
        pending = [...splitPath(next.target), ...pending];
        if (next.target.startsWith('/')) resolved = [];
        entry = this.locate('/' + resolved.join('/')).entry;
        continue;
      }
      resolved.push(part);
      entry = next;
    }
    return { path: '/' + resolved.join('/'), entry };
  }

  private tryResolve(path: string, follow: boolean): { path: string; entry: Entry | undefined } | undefined {
    try {
      return this.resolve(path, follow);
    } catch (err) {
      if (err instanceof FsError) return undefined;
      throw err;
    }
  }

  /** What the layers (and mounts) hold at a canonical path. */
  private locate(path: string): Located {
    const mount = this.mountAt(path);
    if (mount) return locateInMount(mount, path);
    let upper: Node | undefined = this.upperRoot;
    let lower: Entry | undefined = this.lower;
    for (const part of splitPath(path)) {
      const lowerVisible: boolean = lower?.kind === 'dir' && (upper === undefined || (upper.kind === 'dir' && !upper.opaque));
      upper = upper?.kind === 'dir' ? upper.children.get(part) : undefined;
      const next: Node | undefined = lowerVisible ? (lower as DirNode).children.get(part) : undefined;
      lower = next?.kind === 'whiteout' ? undefined : next;
    }
    const entry = upper === undefined ? lower : upper.kind === 'whiteout' ? undefined : upper;
    if (!entry && this.mountTable?.some((m) => m.path !== path && isUnder(m.path, path))) {
      // A missing ancestor of a mount point: a virtual directory (dockerd would create it).
      return { entry: dirNode({ mtime: 0 }), inUpper: false, inLower: false };
    }
    const lowerDir = lower?.kind === 'dir' && (upper === undefined || (upper.kind === 'dir' && !upper.opaque)) ? lower : undefined;
    return {
      entry,
      lowerDir,
      upperDir: upper?.kind === 'dir' ? upper : undefined,
      inUpper: upper !== undefined,
      inLower: lower !== undefined,
    };
  }

  // ---- writing ----

  private requireParentDir(at: string, original: string): void {
    if (at === '/') throw new FsError('EEXIST', original);
    const parent = this.locate(parentOf(at)).entry;
    if (!parent) throw new FsError('ENOENT', original);
    if (parent.kind !== 'dir') throw new FsError('ENOTDIR', original);
  }

  /** Set (or delete, with undefined) the node at a canonical path in the right tree. */
  private put(at: string, node: Entry | undefined, original: string, touchParent = true): void {
    const mount = this.mountAt(at);
    if (mount) return this.putInMount(mount, at, node, original, touchParent);
    if (this.readOnly) throw new FsError('EROFS', original);
    const current = this.locate(at);
    const parent = this.upperDirFor(parentOf(at));
    const name = baseName(at);
    if (node === undefined) {
      if (current.inLower) parent.children.set(name, WHITEOUT);
      else parent.children.delete(name);
    } else {
      // A new directory where the lower layers had something else (or a deleted dir) hides it.
      if (node.kind === 'dir' && current.inLower && (current.entry?.kind !== 'dir' || !current.lowerDir)) node.opaque = true;
      parent.children.set(name, node);
    }
    if (touchParent) parent.mtime = this.now();
  }

  private putInMount(mount: Mount, at: string, node: Entry | undefined, original: string, touchParent: boolean): void {
    if (mount.readOnly) throw new FsError('EROFS', original);
    if (at === mount.path) {
      if (!node) throw new FsError('EBUSY', original);
      mount.tree.root = node;
      return;
    }
    const parent = walkTree(mount.tree.root, relativeParts(parentOf(at), mount.path));
    if (parent?.kind !== 'dir') throw new FsError('ENOENT', original);
    if (node) parent.children.set(baseName(at), node);
    else parent.children.delete(baseName(at));
    if (touchParent) parent.mtime = this.now();
  }

  /** The upper directory at a canonical path, copying up each missing ancestor's metadata. */
  private upperDirFor(path: string): DirNode {
    this.upperRoot ??= { ...dirNode(this.lower), children: new Map() };
    let dir = this.upperRoot;
    let at = '/';
    for (const part of splitPath(path)) {
      at = joinPath(at, part);
      let next = dir.children.get(part);
      if (next?.kind !== 'dir') {
        const visible = this.locate(at).entry;
        if (visible?.kind !== 'dir') throw new FsError('ENOTDIR', at);
        next = { kind: 'dir', mode: visible.mode, uid: visible.uid, gid: visible.gid, mtime: visible.mtime, children: new Map() };
        dir.children.set(part, next);
      }
      dir = next;
    }
    return dir;
  }

  /** An upper copy of a directory that keeps its upper children (and opaqueness). */
  private copyUpDir(at: string, dir: DirNode, meta: Partial<Meta>): DirNode {
    const upper = this.locate(at).upperDir;
    const base = { mode: dir.mode, uid: dir.uid, gid: dir.gid, mtime: dir.mtime };
    const clean = { mode: meta.mode ?? base.mode, uid: meta.uid ?? base.uid, gid: meta.gid ?? base.gid, mtime: meta.mtime ?? base.mtime };
    if (upper) return Object.assign(upper, clean);
    if (this.mountAt(at)) return Object.assign(dir, clean);
    return { kind: 'dir', ...clean, children: new Map() };
  }
}

function locateInMount(mount: Mount, path: string): Located {
  const entry = walkTree(mount.tree.root, relativeParts(path, mount.path));
  return { entry, mount, inUpper: false, inLower: false, upperDir: entry?.kind === 'dir' ? entry : undefined };
}

function relativeParts(path: string, base: string): string[] {
  return splitPath(path.slice(base === '/' ? 0 : base.length));
}

function walkTree(root: Entry, parts: string[]): Entry | undefined {
  let node: Node | undefined = root;
  for (const part of parts) {
    node = node?.kind === 'dir' ? node.children.get(part) : undefined;
  }
  return node?.kind === 'whiteout' ? undefined : node;
}

export function toStat(path: string, entry: Entry): FileStat {
  return {
    name: path === '/' ? '/' : baseName(path),
    kind: entry.kind,
    size: entrySize(entry),
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
    ...(entry.kind === 'symlink' ? { linkTarget: entry.target } : {}),
  };
}
