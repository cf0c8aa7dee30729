/**
 * A raw TCP client for hijacked endpoints: writes the request head by hand, splits
 * the response head from the bytes after it, and lets a test write stdin,
 * half-close, or hang up.
 */
import net from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send `Connection: Upgrade` + `Upgrade: tcp` (default true). */
  upgrade?: boolean;
}

export class RawConnection {
  readonly socket: net.Socket;
  /** The response head up to and including CRLFCRLF. */
  readonly head: Promise<string>;
  /** Resolves with the bytes after the head once the daemon closes its side. */
  readonly closed: Promise<Buffer>;
  private buffer = Buffer.alloc(0);
  private headLength = -1;
  private waiters: Array<() => void> = [];

  constructor(url: string, req: RawRequest) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    const body = req.body ?? '';
    const headers: Record<string, string> = {
      Host: 'docker',
      ...(req.upgrade === false ? {} : { Connection: 'Upgrade', Upgrade: 'tcp' }),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      'Content-Length': String(Buffer.byteLength(body)),
      ...req.headers,
    };
    this.socket.write(`${req.method} ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
    let resolveHead!: (h: string) => void;
    this.head = new Promise((r) => (resolveHead = r));
    this.closed = new Promise((resolve, reject) => {
      this.socket.on('data', (chunk) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        if (this.headLength < 0) {
          const at = this.buffer.indexOf('\r\n\r\n');
          if (at >= 0) {
            this.headLength = at + 4;
            resolveHead(this.buffer.subarray(0, this.headLength).toString('latin1'));
          }
        }
        for (const w of this.waiters.splice(0)) w();
      });
      this.socket.on('end', () => resolve(this.body()));
      this.socket.on('error', reject);
    });
  }

  /** Bytes after the head so far. */
  body(): Buffer {
    return this.headLength < 0 ? Buffer.alloc(0) : this.buffer.subarray(this.headLength);
  }

  /** Wait until the body satisfies check (e.g. contains some text). */
  async until(check: (body: Buffer) => boolean, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.body())) {
      if (Date.now() > deadline) throw new Error(`timed out; body so far: ${JSON.stringify(this.body().toString('latin1'))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
    return this.body();
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** TCP FIN: no more stdin. */
  halfClose(): void {
    this.socket.end();
  }

  /** Go away the hard way (RST), as a killed client with unread data does; a plain close is only a FIN, which looks like a half-close. */
  hangUp(): void {
    this.socket.resetAndDestroy();
  }
}

export const rawRequest = (url: string, req: RawRequest) => new RawConnection(url, req);
