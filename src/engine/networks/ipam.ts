/**
 * The default IPAM driver, as dockerd's: an address space of subnets (explicit ones
 * must not overlap; default ones come from 172.17.0.0/16, 172.18.0.0/16, ... then
 * 192.168.0.0/16 in /20s), and per subnet a pool that hands out addresses serially
 * from a cursor (after a release the next address is still the one after the last
 * handed out, as libnetwork's bitmap does), so allocation is O(1) amortised.
 */
import { forbidden, invalidParameter, notFound, unavailable } from '../errors.js';
import { contains4, formatAddr4, maskOf, overlaps4, prefixSize, type Prefix4 } from './ipv4.js';

/** dockerd's default local address pools: {base, size of each subnet}. */
const LOCAL_POOLS: Array<{ base: Prefix4; size: number }> = [
  ...Array.from({ length: 15 }, (_, i) => ({ base: { base: ((172 << 24) | ((17 + i) << 16)) >>> 0, bits: 16 }, size: 16 })),
  { base: { base: ((192 << 24) | (168 << 16)) >>> 0, bits: 16 }, size: 20 },
];
/** Swarm-scope (overlay) networks: 10.0.0.0/8 in /24s. */
const GLOBAL_POOLS: Array<{ base: Prefix4; size: number }> = [{ base: { base: (10 << 24) >>> 0, bits: 8 }, size: 24 }];

export class AddressPool {
  private readonly used = new Set<number>();
  private readonly reserved = new Set<number>();
  private cursor: number;
  private readonly first: number;
  private readonly last: number;

  constructor(
    readonly subnet: Prefix4,
    readonly gateway: number | undefined,
    readonly range: Prefix4 = subnet,
    aux: number[] = [],
  ) {
    const size = prefixSize(range);
    this.first = range.base;
    this.last = range.base + size - 1;
    this.cursor = this.first;
    // The subnet's own address and broadcast are never handed out (except in /31, /32).
    if (subnet.bits < 31) {
      this.reserved.add(subnet.base);
      this.reserved.add(subnet.base + prefixSize(subnet) - 1);
    }
    if (gateway !== undefined) this.reserved.add(gateway);
    for (const a of aux) this.reserved.add(a);
  }

  get allocatedCount(): number {
    return this.used.size;
  }

  /** Addresses this pool can hand out in total. */
  get capacity(): number {
    let n = this.last - this.first + 1;
    for (const r of this.reserved) if (r >= this.first && r <= this.last) n--;
    return n;
  }

  /** The next free address after the last one handed out. */
  allocate(): number {
    const span = this.last - this.first + 1;
    for (let i = 0; i < span; i++) {
      const addr = this.cursor;
      this.cursor = addr >= this.last ? this.first : addr + 1;
      if (!this.used.has(addr) && !this.reserved.has(addr)) {
        this.used.add(addr);
        return addr;
      }
    }
    throw unavailable('no available addresses on this pool');
  }

  /** Take a requested address (a static IP). */
  reserve(addr: number): void {
    if (!contains4(this.subnet, addr)) throw invalidParameter('requested address is out of range');
    if (this.used.has(addr) || this.reserved.has(addr)) throw forbidden('Address already in use');
    this.used.add(addr);
  }

  release(addr: number): void {
    this.used.delete(addr);
  }

  has(addr: number): boolean {
    return this.used.has(addr);
  }
}

/** Every subnet handed to a network, for overlap checks and default pool picks. */
export class AddressSpace {
  private readonly subnets = new Map<string, Prefix4>();

  /** Claim an explicit subnet for a network; 403 when it overlaps another. */
  claim(owner: string, subnet: Prefix4): void {
    for (const other of this.subnets.values()) {
      // Current dockerd's default IPAM wraps the overlap error; 20.10 sent it bare.
      if (overlaps4(other, subnet)) throw forbidden('invalid pool request: Pool overlaps with other one on this address space');
    }
    this.subnets.set(owner, subnet);
  }

  /** Pick the first default pool that overlaps no subnet in use. */
  claimDefault(owner: string, scope: 'local' | 'swarm' = 'local'): Prefix4 {
    for (const pool of scope === 'swarm' ? GLOBAL_POOLS : LOCAL_POOLS) {
      const step = 2 ** (32 - pool.size);
      const count = 2 ** (pool.size - pool.base.bits);
      for (let i = 0; i < count; i++) {
        const candidate = { base: (pool.base.base + i * step) >>> 0, bits: pool.size };
        if (![...this.subnets.values()].some((s) => overlaps4(s, candidate))) {
          this.subnets.set(owner, candidate);
          return candidate;
        }
      }
    }
    throw notFound('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
  }

  release(owner: string): void {
    this.subnets.delete(owner);
  }
}

/** The gateway dockerd picks for a subnet: its first host address. */
export function defaultGateway(subnet: Prefix4): number {
  return (subnet.base + (subnet.bits < 31 ? 1 : 0)) >>> 0;
}

export const formatMask = (bits: number) => formatAddr4(maskOf(bits));
