/**
 * Host ports handed to published container ports, as dockerd's port allocator:
 * a requested port is taken if no other container holds it (same protocol, same or
 * wildcard host IP); an unspecified one is the next free port from 32768 upward.
 */
import { systemError } from '../errors.js';

export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_LAST = 60999;

interface Holder {
  ip: string;
  owner: string;
}

const isWildcard = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::';

export class HostPortAllocator {
  private readonly held = new Map<string, Holder[]>();
  private cursor = EPHEMERAL_FIRST;

  /** Take `port` (or a free one in [from, to], or an ephemeral one when from is 0). */
  take(proto: string, ip: string, from: number, to: number, owner: string): number {
    if (from === 0) return this.takeEphemeral(proto, ip, owner);
    for (let p = from; p <= to; p++) {
      if (this.isFree(proto, ip, p)) return this.hold(proto, ip, p, owner);
    }
    throw systemError(`Bind for ${ip || '0.0.0.0'}:${from === to ? from : `${from}-${to}`} failed: port is already allocated`);
  }

  release(owner: string, proto: string, ip: string, port: number): void {
    const key = `${proto}/${port}`;
    const list = this.held.get(key)?.filter((h) => !(h.owner === owner && h.ip === ip));
    if (!list || list.length === 0) this.held.delete(key);
    else this.held.set(key, list);
  }

  private takeEphemeral(proto: string, ip: string, owner: string): number {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    for (let i = 0; i < span; i++) {
      const p = this.cursor;
      this.cursor = p >= EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1;
      if (this.isFree(proto, ip, p)) return this.hold(proto, ip, p, owner);
    }
    throw systemError('no available ports in the ephemeral range');
  }

  private isFree(proto: string, ip: string, port: number): boolean {
    const list = this.held.get(`${proto}/${port}`);
    return !list || !list.some((h) => isWildcard(h.ip) || isWildcard(ip) || h.ip === ip);
  }

  private hold(proto: string, ip: string, port: number, owner: string): number {
    const key = `${proto}/${port}`;
    const list = this.held.get(key) ?? [];
    list.push({ ip, owner });
    this.held.set(key, list);
    return port;
  }
}
