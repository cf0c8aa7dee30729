/**
 * Owning a hijacked connection the way dockerd does after `Hijack()`: write a
 * hand-made response head, then raw bytes both ways. Reached two ways:
 * - `Upgrade: tcp` requests come through the hijack path with the socket;
 * - plain requests (no Upgrade) still get a raw answer on their socket, as dockerd
 *   answers them (`HTTP/1.1 200 OK` + Content-Type, no length, no chunking, closed
 *   at the end); the client's input is not read there (Node's HTTP parser owns it).
 * The client half-closing its side (the CLI does it as soon as it has no more
 * stdin) is input EOF, never the end of our output.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

export interface RawInput {
  input(chunk: Buffer): void;
  /** The client half-closed: no more input, but it still reads. */
  inputEnd(): void;
  /** The connection went away before we ended it. */
  gone(): void;
}

export interface RawChannel {
  write(data: Buffer): void;
  /** Flush what was written and close the connection. */
  end(): void;
  /** Start delivering the client's bytes (and its half-close / departure). */
  listen(handler: RawInput): void;
  readonly closed: boolean;
}

/** A response head written by hand, as dockerd's Fprintf does. */
export function responseHead(statusLine: string, headers: Array<[string, string]>): string {
  return `HTTP/1.1 ${statusLine}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** The socket of an Upgrade request; `pending` is what the client sent after the request. */
export function openUpgraded(socket: Duplex, pending: Buffer, head: string): RawChannel {
  return new SocketChannel(socket, pending, head, true);
}

/** The socket under a plain request: output only. */
export function openPlain(incoming: IncomingMessage, head: string): RawChannel {
  return new SocketChannel(incoming.socket, Buffer.alloc(0), head, false);
}

class SocketChannel implements RawChannel {
  private ended = false;
  private gone = false;
  private handler?: RawInput;

  constructor(
    private readonly socket: Duplex,
    private pending: Buffer,
    head: string,
    private readonly readsInput: boolean,
  ) {
    // Keep writing after the client's FIN (TLS sockets default to closing with it).
    (socket as Duplex & { allowHalfOpen: boolean }).allowHalfOpen = true;
    (socket as Duplex & { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
    socket.on('error', this.onError);
    socket.once('close', this.onClose);
    socket.write(head, 'latin1');
  }

  get closed(): boolean {
    return this.ended || this.gone;
  }

  write(data: Buffer): void {
    if (this.closed || data.length === 0) return;
    this.socket.write(data);
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.stopReading();
    const s = this.socket as Duplex & { destroySoon?: () => void };
    if (s.destroySoon) s.destroySoon();
    else s.end(() => s.destroy());
  }

  listen(handler: RawInput): void {
    this.handler = handler;
    if (!this.readsInput) return;
    if (this.pending.length > 0) handler.input(this.pending);
    this.pending = Buffer.alloc(0);
    this.socket.on('data', this.onData);
    this.socket.once('end', this.onEnd);
    this.socket.resume();
  }

  private readonly onData = (chunk: Buffer) => {
    if (!this.closed) this.handler?.input(chunk);
  };

  private readonly onEnd = () => {
    if (!this.closed) this.handler?.inputEnd();
  };

  private readonly onError = () => {
    this.socket.destroy();
  };

  private readonly onClose = () => {
    this.stopReading();
    this.socket.off('error', this.onError);
    if (this.ended || this.gone) return;
    this.gone = true;
    this.handler?.gone();
  };

  private stopReading(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
  }
}
