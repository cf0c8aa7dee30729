/**
 * Writing tars. The bytes come from one synchronous generator so that the same
 * archive can be hashed at once (layer diff_ids) or streamed with backpressure
 * (export, archive, save). Headers are encoded by tar-stream's own encoder, exactly
 * as its `pack()` does (ustar, pax for long or non-ASCII names), so the output is what
 * tar-stream would produce; a test checks the two byte for byte.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { contentChunks, type Content } from '../node.js';

export interface TarEntry {
  /** Relative path inside the archive, no leading slash ("etc/passwd", "etc"). */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  /** Milliseconds since the epoch. */
  mtime: number;
  content?: Content;
  size?: number;
  linkname?: string;
  uname?: string;
  gname?: string;
}

interface HeaderCodec {
  encode(header: Record<string, unknown>): Buffer | null;
  encodePax(header: Record<string, unknown>): Buffer;
}

/** tar-stream does not export its header codec; load it from the package's own directory. */
const headers: HeaderCodec = (() => {
  const require = createRequire(import.meta.url);
  return require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as HeaderCodec;
})();

const ZEROES = Buffer.alloc(1024);

function padding(size: number): Buffer | undefined {
  const rest = size & 511;
  return rest ? ZEROES.subarray(0, 512 - rest) : undefined;
}

function headerFields(entry: TarEntry, size: number): Record<string, unknown> {
  const name = entry.type === 'directory' && !entry.name.endsWith('/') ? entry.name + '/' : entry.name;
  return {
    name, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, size,
    mtime: new Date(entry.mtime), linkname: entry.linkname, uname: entry.uname, gname: entry.gname,
  };
}

function* encodeHeader(fields: Record<string, unknown>): Generator<Buffer> {
  const plain = headers.encode(fields);
  if (plain) {
    yield plain;
    return;
  }
  const pax = headers.encodePax({ name: fields.name, linkname: fields.linkname });
  const paxFields = { ...fields, name: 'PaxHeader', size: pax.length, type: 'pax-header', linkname: fields.linkname && 'PaxHeader' };
  yield headers.encode(paxFields)!;
  yield pax;
  const pad = padding(pax.length);
  if (pad) yield pad;
  yield headers.encode({ ...paxFields, size: fields.size, type: fields.type })!;
}

/** The tar's bytes, entry by entry, ending with the two zero blocks. */
export function* tarChunks(entries: Iterable<TarEntry>): Generator<Buffer> {
  for (const entry of entries) {
    const size = entry.type === 'file' ? entry.size ?? (entry.content ? contentLength(entry.content) : 0) : 0;
    yield* encodeHeader(headerFields(entry, size));
    if (entry.type !== 'file' || !entry.content) continue;
    yield* contentChunks(entry.content);
    const pad = padding(size);
    if (pad) yield pad;
  }
  yield ZEROES;
}

function contentLength(content: Content): number {
  return Buffer.isBuffer(content) ? content.length : content.size;
}

/** A Node Readable of the tar; destroying it (client gone) stops generation. */
export function tarStream(entries: Iterable<TarEntry>): Readable {
  return Readable.from(tarChunks(entries), { objectMode: false });
}

/** "sha256:<hex>" of the tar and its length, without holding it in memory. */
export function tarDigest(entries: Iterable<TarEntry>): { digest: string; size: number } {
  const hash = createHash('sha256');
  let size = 0;
  for (const chunk of tarChunks(entries)) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

export function tarBuffer(entries: Iterable<TarEntry>): Buffer {
  return Buffer.concat([...tarChunks(entries)]);
}
