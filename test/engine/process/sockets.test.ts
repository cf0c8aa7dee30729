/** /proc/net/tcp and tcp6 as the kernel prints them, from a container's socket table. */
import { describe, expect, it } from 'vitest';
import { procNetTcp, SocketTable } from '../../../src/engine/process/sockets.js';

describe('procNetTcp', () => {
  it('an empty table is the header alone (tcp padded to 149 columns, tcp6 not)', () => {
    const table = new SocketTable();
    const tcp = procNetTcp(table, 4);
    expect(tcp).toBe(`${'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(149)}\n`);
    expect(procNetTcp(table, 6)).toBe('  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n');
  });

  it('a listener on the wildcard address: hex port, state 0A, uid, inode; closing removes it', () => {
    const table = new SocketTable();
    const close = table.listen(6379, 999);
    const [, v4] = procNetTcp(table, 4).split('\n');
    expect(v4).toHaveLength(149);
    expect(v4!.trimEnd()).toMatch(/^ {3}0: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000 {3}999 {8}0 \d+ 1 0000000000000000 100 0 0 10 0$/);
    const [, v6] = procNetTcp(table, 6).split('\n');
    expect(v6).toMatch(/^ {3}0: 0{32}:18EB 0{32}:0000 0A 00000000:00000000 00:00000000 00000000 {3}999 {8}0 \d+ 1 0000000000000000 100 0 0 10 0$/);
    expect(table.isListening(6379)).toBe(true);
    close();
    expect(table.isListening(6379)).toBe(false);
    expect(procNetTcp(table, 4).split('\n').filter(Boolean)).toHaveLength(1);
  });
});
