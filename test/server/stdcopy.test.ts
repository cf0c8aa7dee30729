import { describe, expect, it } from 'vitest';
import { StdcopyDecoder, StdcopyWriter, demultiplex, stdcopyFrame, type StdFrame, type StdStreamId } from '../../src/server/stdcopy.js';
import { goldenBodyBytes, loadGolden } from '../support/golden.js';

/** Small seeded PRNG (mulberry32) so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomFrames(next: () => number): StdFrame[] {
  const count = Math.floor(next() * 20);
  return Array.from({ length: count }, () => {
    const sizeClass = next();
    const size = sizeClass < 0.1 ? 0 : sizeClass < 0.8 ? Math.floor(next() * 64) : Math.floor(next() * 70_000);
    const payload = Buffer.alloc(size);
    for (let i = 0; i < size; i++) payload[i] = Math.floor(next() * 256);
    return { stream: Math.floor(next() * 4) as StdStreamId, payload };
  });
}

function randomChunks(bytes: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const n = next() < 0.3 ? 1 + Math.floor(next() * 9) : 1 + Math.floor(next() * 4096);
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

/** Buffer.equals per frame: deep-equal on big buffers is slow. */
const sameFrames = (a: StdFrame[], b: StdFrame[]) =>
  a.length === b.length && a.every((f, i) => f.stream === b[i]!.stream && f.payload.equals(b[i]!.payload));

describe('stdcopy framing', () => {
  it('writes the 8-byte header dockerd writes', () => {
    expect(stdcopyFrame(1, Buffer.from('out\n'))).toEqual(Buffer.from('\x01\0\0\0\0\0\0\x04out\n', 'latin1'));
    expect(stdcopyFrame(2, Buffer.alloc(0x01020304)).subarray(0, 8)).toEqual(Buffer.from([2, 0, 0, 0, 1, 2, 3, 4]));
  });

  it('matches dockerd bytes for out/err (golden attach)', () => {
    const out: Buffer[] = [];
    new StdcopyWriter((f) => out.push(f), 1).write(Buffer.from('out\n'));
    new StdcopyWriter((f) => out.push(f), 2).write(Buffer.from('err\n'));
    expect(Buffer.concat(out)).toEqual(goldenBodyBytes(loadGolden('streams', 'attach-upgrade-notty')));
  });

  it('sends nothing for an empty write', () => {
    const out: Buffer[] = [];
    new StdcopyWriter((f) => out.push(f), 1).write(Buffer.alloc(0));
    expect(out).toEqual([]);
  });

  it('round-trips random payloads through random chunkings (200 seeds)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      const frames = randomFrames(next).filter((f) => f.payload.length > 0);
      const wire: Buffer[] = [];
      for (const f of frames) new StdcopyWriter((b) => wire.push(b), f.stream).write(f.payload);
      const bytes = Buffer.concat(wire);
      const decoder = new StdcopyDecoder();
      const decoded = randomChunks(bytes, next).flatMap((chunk) => decoder.push(chunk));
      expect(decoder.buffered, `seed ${seed}`).toBe(0);
      expect(sameFrames(decoded, frames), `seed ${seed}`).toBe(true);
      expect(sameFrames(demultiplex(bytes), frames), `seed ${seed}`).toBe(true);
    }
  });

  it('decodes zero-length frames and holds back partial ones', () => {
    const bytes = Buffer.concat([stdcopyFrame(1, Buffer.alloc(0)), stdcopyFrame(2, Buffer.from('ab'))]);
    const decoder = new StdcopyDecoder();
    expect(decoder.push(bytes.subarray(0, 12))).toEqual([{ stream: 1, payload: Buffer.alloc(0) }]);
    expect(decoder.buffered).toBe(4);
    expect(decoder.push(bytes.subarray(12))).toEqual([{ stream: 2, payload: Buffer.from('ab') }]);
  });

  it('rejects unknown stream ids and truncated streams', () => {
    expect(() => demultiplex(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/unrecognized stream: 9/);
    expect(() => demultiplex(stdcopyFrame(1, Buffer.from('abc')).subarray(0, 10))).toThrow(/trailing bytes/);
  });
});
