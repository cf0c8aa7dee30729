/**
 * The part of procfs the simulated processes can read: /proc/net/tcp and tcp6, made
 * from the container's socket table at each read. Like the kernel's files they stat
 * with size 0 (a tar of them is empty) and are read-only.
 */
import type { LayeredFs } from '../fs/layered-fs.js';
import { fileNode } from '../fs/layer.js';
import { dirNode } from '../fs/node.js';
import { SyntheticContent } from '../fs/synthetic.js';
import { FsTree } from '../fs/volume.js';
import { procNetTcp, socketTableOf } from './sockets.js';

/** File content produced when read (size 0, as procfs reports it). */
class KernelText extends SyntheticContent {
  constructor(private readonly text: () => string) {
    super(0, 0);
  }

  override read(): Buffer {
    return Buffer.from(this.text());
  }
}

/** Mount /proc/net into a container's file system (once; before its processes start). */
export function mountProcNet(fs: LayeredFs): void {
  if (fs.mounts.some((m) => m.path === '/proc/net')) return;
  const table = socketTableOf(fs);
  const net = dirNode({ mode: 0o555 });
  net.children.set('tcp', fileNode(new KernelText(() => procNetTcp(table, 4)), { mode: 0o444 }));
  net.children.set('tcp6', fileNode(new KernelText(() => procNetTcp(table, 6)), { mode: 0o444 }));
  fs.mount('/proc/net', new FsTree(net), { readOnly: true, kernel: true });
}
