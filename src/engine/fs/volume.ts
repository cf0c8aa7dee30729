/**
 * A writable tree mounted into container file systems: a named or anonymous volume,
 * a tmpfs, or a single bind-mounted file (/etc/hosts). The same object mounted into
 * several containers is shared: a write through one is seen by all.
 */
import { dirNode, type DirNode, type Entry, type FileNode } from './node.js';

export class FsTree {
  constructor(public root: Entry = dirNode({ mode: 0o755 })) {}

  /** An empty directory tree (a fresh volume or tmpfs). */
  static empty(meta: { mode?: number; uid?: number; gid?: number; mtime?: number } = {}): FsTree {
    return new FsTree(dirNode(meta));
  }

  /** A tree holding one file, for bind-mounting a file (hosts, hostname, resolv.conf). */
  static file(content: Buffer, meta: Partial<Omit<FileNode, 'kind' | 'content'>> = {}): FsTree {
    return new FsTree({ kind: 'file', content, mode: meta.mode ?? 0o644, uid: meta.uid ?? 0, gid: meta.gid ?? 0, mtime: meta.mtime ?? 0 });
  }

  get isEmpty(): boolean {
    return this.root.kind === 'dir' && this.root.children.size === 0;
  }

  /** Total bytes of file content (volume "Size" in disk usage). */
  get size(): number {
    return sizeOf(this.root);
  }
}

function sizeOf(entry: Entry): number {
  if (entry.kind === 'file') return Buffer.isBuffer(entry.content) ? entry.content.length : entry.content.size;
  if (entry.kind === 'symlink') return 0;
  let total = 0;
  for (const child of entry.children.values()) if (child.kind !== 'whiteout') total += sizeOf(child);
  return total;
}

/** A deep copy of a directory's structure (file contents shared: they are never mutated in place). */
export function copyTree(dir: DirNode): DirNode {
  const out: DirNode = { kind: 'dir', mode: dir.mode, uid: dir.uid, gid: dir.gid, mtime: dir.mtime, children: new Map() };
  for (const [name, child] of dir.children) {
    if (child.kind === 'whiteout') continue;
    out.children.set(name, child.kind === 'dir' ? copyTree(child) : { ...child });
  }
  return out;
}
