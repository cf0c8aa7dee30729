/**
 * A container's stdin. Attach may connect before the process starts (`docker run -i`
 * attaches, then starts): writes are kept until a process takes the pipe, and EOF is
 * remembered. Without OpenStdin the process sees an empty stdin (EOF at once).
 */
import type { SimProcess } from '../process/index.js';

export class StdinPipe {
  private pending: Buffer[] = [];
  private ended = false;
  private target?: SimProcess;

  write(chunk: Buffer): void {
    if (this.ended) return;
    if (this.target) this.target.writeStdin(chunk);
    else this.pending.push(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.target?.endStdin();
  }

  /** Connect a freshly started process: hand over what was written, and EOF if seen. */
  connect(process: SimProcess): void {
    this.target = process;
    for (const chunk of this.pending) process.writeStdin(chunk);
    this.pending = [];
    if (this.ended) process.endStdin();
  }

  disconnect(): void {
    this.target = undefined;
  }

  /** A fresh pipe for the next start (StdinOnce closes stdin after the first attach). */
  reset(): void {
    this.ended = false;
    this.pending = [];
    this.target = undefined;
  }
}
