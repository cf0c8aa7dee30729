/** Sizes dockerd reports: SizeRw (the container's own layer) and SizeRootFs. */
import type { DirNode } from '../fs/node.js';
import { contentSize } from '../fs/node.js';
import type { Container } from './container.js';

export function treeBytes(dir: DirNode | undefined): number {
  if (!dir) return 0;
  let total = 0;
  for (const node of dir.children.values()) {
    if (node.kind === 'file') total += contentSize(node.content);
    else if (node.kind === 'dir') total += treeBytes(node);
  }
  return total;
}

export const sizeRw = (c: Container) => treeBytes(c.fs.upper);
