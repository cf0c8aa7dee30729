/**
 * Byte streams between simulated programs: a Pipe (also used for a process's stdin
 * and for `< file`), and Sinks that programs write to (the container's output
 * callbacks, a file in the container fs, /dev/null, or a Pipe).
 */
import type { ProcessFileSystem } from '../fs/types.js';

/** Writing to a pipe whose reader has gone (a program then ends like on SIGPIPE). */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
  }
}

export interface Sink {
  write(data: Buffer | string): void;
}

export class NullSink implements Sink {
  write(): void {}
}

export class CallbackSink implements Sink {
  constructor(private readonly emit: (chunk: Buffer) => void) {}
  write(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length > 0) this.emit(chunk);
  }
}

/** A terminal's output side: the line discipline turns "\n" into "\r\n" (onlcr). */
export class TtySink implements Sink {
  constructor(private readonly emit: (chunk: Buffer) => void) {}
  write(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : data.toString('latin1');
    if (text.length > 0) this.emit(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1'));
  }
}

/** `> file` / `>> file`: opening truncates (or creates); every write appends. */
export class FileSink implements Sink {
  constructor(
    private readonly fs: ProcessFileSystem,
    private readonly path: string,
    append: boolean,
  ) {
    if (!append || !fs.stat(path)) fs.writeFile(path, Buffer.alloc(0));
  }
  write(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length > 0) this.fs.writeFile(this.path, chunk, { append: true });
  }
}

export class Pipe implements Sink {
  private chunks: Buffer[] = [];
  private ended = false;
  private readerGone = false;
  private listeners = new Set<() => void>();

  static of(data: Buffer | string): Pipe {
    const pipe = new Pipe();
    pipe.write(data);
    pipe.end();
    return pipe;
  }

  static empty(): Pipe {
    const pipe = new Pipe();
    pipe.end();
    return pipe;
  }

  write(data: Buffer | string): void {
    if (this.readerGone) throw new BrokenPipe();
    if (this.ended) return;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.notify();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.notify();
  }

  /** The reading side went away: later writes throw BrokenPipe. */
  closeRead(): void {
    this.readerGone = true;
    this.chunks = [];
    this.notify();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** All buffered bytes; null at EOF; undefined when nothing is there yet. */
  tryRead(): Buffer | null | undefined {
    if (this.chunks.length > 0) {
      const all = Buffer.concat(this.chunks);
      this.chunks = [];
      return all;
    }
    return this.ended ? null : undefined;
  }

  /** One line with its "\n" (the last line may lack one); null at EOF; undefined when incomplete. */
  tryReadLine(): string | null | undefined {
    const all = Buffer.concat(this.chunks);
    const nl = all.indexOf(0x0a);
    if (nl >= 0) {
      this.chunks = nl + 1 < all.length ? [all.subarray(nl + 1)] : [];
      return all.subarray(0, nl + 1).toString();
    }
    this.chunks = all.length > 0 ? [all] : [];
    if (!this.ended) return undefined;
    if (all.length === 0) return null;
    this.chunks = [];
    return all.toString();
  }

  /** Call fn once when data, EOF or the reader's departure happens; returns a canceller. */
  onChange(fn: () => void): () => void {
    const once = () => {
      this.listeners.delete(once);
      fn();
    };
    this.listeners.add(once);
    return () => this.listeners.delete(once);
  }

  private notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
