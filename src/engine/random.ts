/**
 * A seeded random source. With a seed, every ID, MAC address and jitter the engine
 * makes is the same from run to run; without one it is seeded from the OS.
 */
import { randomBytes } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

export class RandomSource {
  private state: number;

  constructor(readonly seed: number = randomBytes(4).readUInt32LE(0)) {
    this.state = seed >>> 0;
  }

  /** Start the sequence again from a seed (a scenario loaded into a running daemon). */
  reseed(seed: number): void {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, and good enough for IDs in a simulator. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** Docker's 64-hex-character object ID (containers, images, networks, exec). */
  hexId(): string {
    return this.bytes(32).toString('hex');
  }

  /** Swarmkit's 25-character base36 ID (nodes, services, tasks, secrets, configs). */
  swarmId(): string {
    let id = '';
    for (let i = 0; i < 25; i++) id += BASE36[this.int(36)];
    return id;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
