/**
 * An image layer: an immutable tree (it may hold whiteouts and opaque directories,
 * as a layer tar does). Layers are shared by reference between images and
 * containers; its diff_id (sha256 of its uncompressed tar) is computed on first use
 * and cached.
 */
import type { Readable } from 'node:stream';
import { dirNode, type DirNode, type Entry, type FileNode } from './node.js';
import { normalizePath, splitPath } from './path.js';
import { treeEntries } from './tar/walk.js';
import { tarDigest, tarStream } from './tar/writer.js';

let serials = 0;

export class Layer {
  /** Unique per process; identifies the layer in caches (merged lower trees). */
  readonly serial = ++serials;
  private digest?: { digest: string; size: number };

  constructor(readonly root: DirNode) {}

  /** "sha256:..." of the layer's uncompressed tar (what rootfs.diff_ids lists). */
  get diffId(): string {
    return this.tarInfo().digest;
  }

  /** Length in bytes of the layer's uncompressed tar. */
  get tarSize(): number {
    return this.tarInfo().size;
  }

  /** The layer as a tar stream, whiteouts as `.wh.` entries (docker save / push). */
  tar(): Readable {
    return tarStream(treeEntries(this.root, { whiteouts: true }));
  }

  /** Sum of the file sizes in the layer (what docker reports as a layer's size). */
  get contentSize(): number {
    return sumSizes(this.root);
  }

  private tarInfo(): { digest: string; size: number } {
    this.digest ??= tarDigest(treeEntries(this.root, { whiteouts: true }));
    return this.digest;
  }
}

function sumSizes(dir: DirNode): number {
  let total = 0;
  for (const child of dir.children.values()) {
    if (child.kind === 'dir') total += sumSizes(child);
    else if (child.kind === 'file') total += Buffer.isBuffer(child.content) ? child.content.length : child.content.size;
    else if (child.kind === 'symlink') total += Buffer.byteLength(child.target);
  }
  return total;
}

/**
 * Build a tree from path -> entry pairs, creating missing parent directories
 * (mode 0755, owned by root, with `mtime`).
 */
export function treeFromEntries(entries: Iterable<[string, Entry]>, mtime: number): DirNode {
  const root = dirNode({ mtime });
  for (const [path, entry] of entries) placeInTree(root, normalizePath(path), entry, mtime);
  return root;
}

function placeInTree(root: DirNode, path: string, entry: Entry, mtime: number): void {
  const parts = splitPath(path);
  if (parts.length === 0) {
    if (entry.kind === 'dir') Object.assign(root, { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
    return;
  }
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    let next = dir.children.get(part);
    if (next?.kind !== 'dir') {
      next = dirNode({ mtime });
      dir.children.set(part, next);
    }
    dir = next;
  }
  const name = parts[parts.length - 1]!;
  const existing = dir.children.get(name);
  if (existing?.kind === 'dir' && entry.kind === 'dir') {
    Object.assign(existing, { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
  } else {
    dir.children.set(name, entry);
  }
}

export function fileNode(content: FileNode['content'], meta: Partial<Omit<FileNode, 'kind' | 'content'>> = {}): FileNode {
  return { kind: 'file', content, mode: meta.mode ?? 0o644, uid: meta.uid ?? 0, gid: meta.gid ?? 0, mtime: meta.mtime ?? 0 };
}
