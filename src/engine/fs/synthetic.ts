/**
 * Deterministic synthetic file content: `size` bytes derived from a seed, generated
 * block by block on demand, so a fixture can declare a 50 MB file that costs no
 * memory until something reads it (and then only what is read).
 */
import { createCipheriv } from 'node:crypto';

const BLOCK = 64 * 1024;

export class SyntheticContent {
  constructor(
    readonly size: number,
    readonly seed: number,
  ) {}

  /** The bytes in [start, end). */
  read(start = 0, end = this.size): Buffer {
    const from = Math.max(0, start);
    const to = Math.min(this.size, end);
    if (to <= from) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (let block = Math.floor(from / BLOCK); block * BLOCK < to; block++) {
      const data = this.block(block);
      const base = block * BLOCK;
      parts.push(data.subarray(Math.max(0, from - base), Math.min(data.length, to - base)));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** The content as successive blocks of at most 64 KiB. */
  *chunks(): Generator<Buffer> {
    for (let block = 0; block * BLOCK < this.size; block++) yield this.block(block);
  }

  /** AES-128-CTR keystream keyed by the seed: fast, and any block can be made alone. */
  private block(index: number): Buffer {
    const length = Math.min(BLOCK, this.size - index * BLOCK);
    const key = Buffer.alloc(16);
    key.writeUInt32LE(this.seed, 0);
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(index * (BLOCK / 16), 12);
    const cipher = createCipheriv('aes-128-ctr', key, iv);
    return cipher.update(Buffer.alloc(length));
  }
}

/** A 32-bit seed from a string (FNV-1a), e.g. from an image name and a file path. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
