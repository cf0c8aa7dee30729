/**
 * `GET /containers/{id}/changes`: the upper layer compared with the image, in
 * dockerd's order (a directory before its contents; within a directory, present
 * entries by name, then deletions by name). Kind: 0 modified, 1 added, 2 deleted.
 */
import type { LayeredFs } from './layered-fs.js';
import { sortedNames, type DirNode } from './node.js';
import { joinPath } from './path.js';

export interface Change {
  Path: string;
  Kind: 0 | 1 | 2;
}

export function changes(fs: LayeredFs): Change[] {
  const out: Change[] = [];
  if (fs.upper) walk(fs.upper, fs.lower, '/', out);
  return out;
}

function walk(upper: DirNode, lower: DirNode | undefined, path: string, out: Change[]): void {
  const deleted: string[] = [];
  for (const name of sortedNames(upper)) {
    const child = upper.children.get(name)!;
    const below = lower?.children.get(name);
    const inLower = below !== undefined && below.kind !== 'whiteout';
    if (child.kind === 'whiteout') {
      if (inLower) deleted.push(name);
      continue;
    }
    const at = joinPath(path, name);
    out.push({ Path: at, Kind: inLower ? 0 : 1 });
    if (child.kind !== 'dir') continue;
    const lowerDir = below?.kind === 'dir' ? below : undefined;
    walk(child, lowerDir && !child.opaque ? lowerDir : undefined, at, out);
    if (child.opaque && lowerDir) {
      for (const gone of sortedNames(lowerDir)) if (!child.children.has(gone)) out.push({ Path: joinPath(at, gone), Kind: 2 });
    }
  }
  for (const name of deleted) out.push({ Path: joinPath(path, name), Kind: 2 });
}
