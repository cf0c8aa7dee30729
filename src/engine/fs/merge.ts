/**
 * Flattening a stack of layers into one read-only tree (whiteouts applied), shared
 * by every container of the image: unchanged subtrees are reused by reference.
 */
import type { Layer } from './layer.js';
import type { DirNode, Entry, Node } from './node.js';

const cache = new WeakMap<Layer, Map<string, DirNode>>();

/** The merged tree of `layers` (bottom first), cached per layer stack. */
export function mergeLayers(layers: readonly Layer[]): DirNode {
  if (layers.length === 0) return emptyRoot;
  const top = layers[layers.length - 1]!;
  const key = layers.map((l) => l.serial).join(',');
  let byStack = cache.get(top);
  if (!byStack) cache.set(top, (byStack = new Map()));
  let merged = byStack.get(key);
  if (!merged) {
    merged = layers.reduce<DirNode | undefined>((base, layer) => mergeDir(base, layer.root), undefined)!;
    byStack.set(key, merged);
  }
  return merged;
}

const emptyRoot: DirNode = Object.freeze({ kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, children: new Map() }) as DirNode;

function mergeDir(base: DirNode | undefined, over: DirNode): DirNode {
  if (!base || over.opaque) return withoutWhiteouts(over);
  const children = new Map<string, Node>(base.children);
  for (const [name, child] of over.children) {
    if (child.kind === 'whiteout') {
      children.delete(name);
      continue;
    }
    const below = base.children.get(name);
    children.set(name, child.kind === 'dir' ? mergeDir(below?.kind === 'dir' ? below : undefined, child) : child);
  }
  return { kind: 'dir', mode: over.mode, uid: over.uid, gid: over.gid, mtime: over.mtime, children };
}

/** The same directory minus whiteouts and opaque flags (a copy only where needed). */
function withoutWhiteouts(dir: DirNode): DirNode {
  let children: Map<string, Node> | undefined;
  for (const [name, child] of dir.children) {
    const clean: Entry | undefined = child.kind === 'whiteout' ? undefined : child.kind === 'dir' ? withoutWhiteouts(child) : child;
    if (clean === child && !children) continue;
    children ??= new Map(dir.children);
    if (clean) children.set(name, clean);
    else children.delete(name);
  }
  if (!children && !dir.opaque) return dir;
  return { kind: 'dir', mode: dir.mode, uid: dir.uid, gid: dir.gid, mtime: dir.mtime, children: children ?? dir.children };
}
