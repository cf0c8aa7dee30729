/**
 * Docker's stdcopy framing for non-TTY streams (attach, exec, logs): every write
 * becomes one frame, an 8-byte header [stream, 0, 0, 0, size uint32 BE] + payload.
 * The decoder is what clients do (docker CLI's StdCopy, dockerode's demuxStream);
 * mockerd uses it in tests only.
 */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** Errors the daemon reports inside a stream ("Error grabbing logs: ..."). */
export const SYSTEMERR = 3;

export type StdStreamId = typeof STDIN | typeof STDOUT | typeof STDERR | typeof SYSTEMERR;

export const STDCOPY_HEADER_SIZE = 8;

export interface StdFrame {
  stream: StdStreamId;
  payload: Buffer;
}

/** One frame: header + payload, in a single buffer (one socket write). */
export function stdcopyFrame(stream: StdStreamId, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(STDCOPY_HEADER_SIZE + payload.length);
  frame[0] = stream;
  frame[1] = 0;
  frame[2] = 0;
  frame[3] = 0;
  frame.writeUInt32BE(payload.length, 4);
  frame.set(payload, STDCOPY_HEADER_SIZE);
  return frame;
}

/** A writer for one stream id: like dockerd's StdWriter, empty writes send nothing. */
export class StdcopyWriter {
  constructor(
    private readonly out: (frame: Buffer) => void,
    readonly stream: StdStreamId,
  ) {}

  write(payload: Uint8Array): void {
    if (payload.length > 0) this.out(stdcopyFrame(this.stream, payload));
  }
}

/** Incremental decoder: feed it chunks split anywhere, get whole frames back. */
export class StdcopyDecoder {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Bytes needed before the next frame can be cut (header, then header + payload). */
  private need = STDCOPY_HEADER_SIZE;

  push(chunk: Uint8Array): StdFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.length += chunk.length;
    }
    const frames: StdFrame[] = [];
    // Joining only once enough bytes are there keeps byte-at-a-time feeding linear.
    while (this.length >= this.need) {
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      let at = 0;
      while (all.length - at >= STDCOPY_HEADER_SIZE) {
        const stream = all[at]!;
        if (stream > SYSTEMERR) throw new Error(`stdcopy: unrecognized stream: ${stream}`);
        const size = all.readUInt32BE(at + 4);
        if (all.length - at - STDCOPY_HEADER_SIZE < size) break;
        const start = at + STDCOPY_HEADER_SIZE;
        frames.push({ stream: stream as StdStreamId, payload: Buffer.from(all.subarray(start, start + size)) });
        at = start + size;
      }
      const rest = all.subarray(at);
      this.chunks = rest.length ? [rest] : [];
      this.length = rest.length;
      this.need = rest.length >= STDCOPY_HEADER_SIZE ? STDCOPY_HEADER_SIZE + rest.readUInt32BE(4) : STDCOPY_HEADER_SIZE;
    }
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number {
    return this.length;
  }
}

/** Decode a whole stream at once; throws when it ends inside a frame. */
export function demultiplex(bytes: Uint8Array): StdFrame[] {
  const decoder = new StdcopyDecoder();
  const frames = decoder.push(bytes);
  if (decoder.buffered > 0) throw new Error(`stdcopy: ${decoder.buffered} trailing bytes do not make a frame`);
  return frames;
}

const STREAM_IDS = { stdout: STDOUT, stderr: STDERR, systemerr: SYSTEMERR } as const;

/** Output of a container stream as it goes on the wire: stdcopy frames, or raw bytes for a TTY. */
export function outputEncoder(write: (bytes: Buffer) => void, multiplexed: boolean): (stream: keyof typeof STREAM_IDS, data: Buffer) => void {
  if (!multiplexed) return (_stream, data) => write(data);
  return (stream, data) => {
    if (data.length > 0) write(stdcopyFrame(STREAM_IDS[stream], data));
  };
}
