/**
 * The nodes every tree in this module is made of: layers (immutable by convention),
 * a container's upper layer, volumes. Plain objects, no classes, so an empty tree
 * costs almost nothing and layers are shared by reference.
 */
import { SyntheticContent } from './synthetic.js';

export interface Meta {
  /** Permission bits (and setuid/setgid/sticky), e.g. 0o755. */
  mode: number;
  uid: number;
  gid: number;
  /** Milliseconds since the epoch. */
  mtime: number;
}

export type Content = Buffer | SyntheticContent;

export interface FileNode extends Meta {
  kind: 'file';
  content: Content;
}

export interface DirNode extends Meta {
  kind: 'dir';
  children: Map<string, Node>;
  /** Hides the same directory in lower layers (overlayfs "opaque", `.wh..wh..opq`). */
  opaque?: boolean;
}

export interface SymlinkNode extends Meta {
  kind: 'symlink';
  target: string;
}

/** A deletion recorded in an upper layer (overlayfs whiteout, `.wh.<name>` in a tar). */
export interface WhiteoutNode {
  kind: 'whiteout';
}

export type Entry = FileNode | DirNode | SymlinkNode;
export type Node = Entry | WhiteoutNode;

export const WHITEOUT: WhiteoutNode = Object.freeze({ kind: 'whiteout' }) as WhiteoutNode;

export function dirNode(meta: Partial<Meta> = {}): DirNode {
  return { kind: 'dir', mode: meta.mode ?? 0o755, uid: meta.uid ?? 0, gid: meta.gid ?? 0, mtime: meta.mtime ?? 0, children: new Map() };
}

export function contentSize(content: Content): number {
  return Buffer.isBuffer(content) ? content.length : content.size;
}

export function contentBytes(content: Content): Buffer {
  return Buffer.isBuffer(content) ? content : content.read();
}

export function* contentChunks(content: Content): Generator<Buffer> {
  if (Buffer.isBuffer(content)) yield content;
  else yield* content.chunks();
}

/** The size dockerd reports for a node in a path stat (directories: 4096). */
export function entrySize(entry: Entry): number {
  if (entry.kind === 'file') return contentSize(entry.content);
  if (entry.kind === 'symlink') return Buffer.byteLength(entry.target);
  return 4096;
}

export function metaOf(entry: Meta): Meta {
  return { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime };
}

/** Children of a directory sorted by name (byte order, like Go's sort.Strings). */
export function sortedNames(dir: DirNode): string[] {
  return [...dir.children.keys()].sort(compareNames);
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
