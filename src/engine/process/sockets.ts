/**
 * The TCP sockets a container's processes listen on (one table per container, found
 * through its file system as the name resolvers are), and the kernel's text for them
 * in /proc/net/tcp and /proc/net/tcp6, which in-container port probes read.
 */
import type { ProcessFileSystem } from '../fs/types.js';

export interface ListeningSocket {
  port: number;
  family: 4 | 6;
  uid: number;
  inode: number;
}

/** TCP_LISTEN in the kernel's state numbering. */
const TCP_LISTEN = 0x0a;
/** /proc/net/tcp lines are padded to TMPSZ - 1 (tcp_ipv4.c). */
const TCP4_LINE_WIDTH = 149;

export class SocketTable {
  private readonly sockets: ListeningSocket[] = [];
  private nextInode = 40_000;

  /**
   * A server binds the wildcard address on both families (0.0.0.0 and ::, as redis,
   * nginx and postgres do by default); returns the close().
   */
  listen(port: number, uid: number): () => void {
    const opened: ListeningSocket[] = [4, 6].map((family) => ({ port, family: family as 4 | 6, uid, inode: this.nextInode++ }));
    this.sockets.push(...opened);
    return () => {
      for (const s of opened) {
        const at = this.sockets.indexOf(s);
        if (at >= 0) this.sockets.splice(at, 1);
      }
    };
  }

  isListening(port: number): boolean {
    return this.sockets.some((s) => s.port === port);
  }

  list(family: 4 | 6): ListeningSocket[] {
    return this.sockets.filter((s) => s.family === family);
  }
}

const TABLES = new WeakMap<ProcessFileSystem, SocketTable>();

/** The socket table of the container whose processes see this file system. */
export function socketTableOf(fs: ProcessFileSystem): SocketTable {
  let table = TABLES.get(fs);
  if (!table) TABLES.set(fs, (table = new SocketTable()));
  return table;
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** The text of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6), listening sockets only. */
export function procNetTcp(table: SocketTable, family: 4 | 6): string {
  const rows = table.list(family).map((s, i) => {
    const local = family === 4 ? `${hex(0, 8)}:${hex(s.port, 4)}` : `${hex(0, 32)}:${hex(s.port, 4)}`;
    const remote = family === 4 ? `${hex(0, 8)}:${hex(0, 4)}` : `${hex(0, 32)}:${hex(0, 4)}`;
    // sl, local, remote, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode,
    // refcount, sock pointer (hidden), rto, ato, quick/pingpong, cwnd, ssthresh (listen: max_qlen).
    const line = `${String(i).padStart(4)}: ${local} ${remote} ${hex(TCP_LISTEN, 2)} ${hex(0, 8)}:${hex(0, 8)} 00:${hex(0, 8)} ${hex(0, 8)} ${String(s.uid).padStart(5)} ${String(0).padStart(8)} ${s.inode} 1 0000000000000000 100 0 0 10 0`;
    return family === 4 ? line.padEnd(TCP4_LINE_WIDTH) : line;
  });
  const header =
    family === 4
      ? '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(TCP4_LINE_WIDTH)
      : '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  return [header, ...rows].map((l) => l + '\n').join('');
}
