/**
 * Real loopback listeners for published ports while a container runs, so a client
 * that waits for a port sees it open. A port the image's behaviour serves answers
 * (HTTP from the container's file system, Redis PING, echo); any other accepts and
 * holds the connection. Always bound to 127.0.0.1, whatever the binding's HostIp.
 */
import http from 'node:http';
import net from 'node:net';
import type { Container } from '../containers/container.js';
import type { Engine } from '../engine.js';
import { RyukReaper } from './ryuk.js';

export interface ListenerSpec {
  port: number;
  /** The container port ("80/tcp"); the behaviour answers when it declares this port. */
  containerPort: number;
}

interface Open {
  server: net.Server;
  sockets: Set<net.Socket>;
}

export class PortListeners {
  private readonly open = new Map<Container, Open[]>();
  private readonly reapers = new Map<Container, RyukReaper>();
  /** The engine a `ryuk` behaviour reaps on (set by the engine). */
  reaperEngine?: Engine;

  constructor(private readonly onError: (message: string) => void = (m) => console.error(`mockerd: ${m}`)) {}

  start(container: Container, specs: ListenerSpec[]): void {
    const list: Open[] = [];
    for (const spec of specs) list.push(this.listen(container, spec));
    if (list.length) this.open.set(container, list);
  }

  stop(container: Container): void {
    this.reapers.get(container)?.dispose();
    this.reapers.delete(container);
    const list = this.open.get(container);
    if (!list) return;
    this.open.delete(container);
    for (const o of list) {
      o.server.close();
      for (const s of o.sockets) s.destroy();
    }
  }

  stopAll(): void {
    for (const c of [...this.open.keys()]) this.stop(c);
  }

  /** Containers with open listeners (leak checks). */
  get size(): number {
    return this.open.size;
  }

  private listen(container: Container, spec: ListenerSpec): Open {
    const served = container.behaviour?.listen?.port === spec.containerPort ? container.behaviour.listen : undefined;
    const sockets = new Set<net.Socket>();
    let server: net.Server;
    if (served?.protocol === 'http') {
      const httpServer = http.createServer((req, res) => serveHttp(container, served.body, req, res));
      httpServer.keepAliveTimeout = 5000;
      server = httpServer;
    } else if (served?.protocol === 'ryuk' && this.reaperEngine) {
      const reaper = new RyukReaper(this.reaperEngine, container);
      this.reapers.set(container, reaper);
      server = net.createServer((socket) => reaper.accept(socket));
    } else {
      server = net.createServer((socket) => holdConnection(socket, served?.protocol));
    }
    server.on('connection', (s: net.Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    });
    server.on('error', (err: NodeJS.ErrnoException) => {
      this.onError(`cannot listen on 127.0.0.1:${spec.port} for container ${container.shortId}: ${err.code ?? err.message}`);
    });
    server.listen({ port: spec.port, host: '127.0.0.1', exclusive: true });
    server.unref();
    return { server, sockets };
  }
}

function holdConnection(socket: net.Socket, protocol: string | undefined): void {
  if (protocol === 'echo') socket.pipe(socket);
  else if (protocol === 'redis') {
    socket.on('data', (d) => {
      if (/PING/i.test(d.toString('latin1'))) socket.write('+PONG\r\n');
    });
  } else socket.resume();
}

const NGINX_ROOT = '/usr/share/nginx/html';

function serveHttp(container: Container, body: string | undefined, req: http.IncomingMessage, res: http.ServerResponse): void {
  const server = body === 'index' ? 'nginx/1.27.3' : undefined;
  const headers = (type: string, length: number) => ({ ...(server ? { Server: server } : {}), 'Content-Type': type, 'Content-Length': length });
  if (body !== undefined && body !== 'index') {
    res.writeHead(200, headers('text/plain', Buffer.byteLength(body)));
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  let path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
  if (path.endsWith('/')) path += 'index.html';
  const file = path.includes('..') ? undefined : container.fs.readFile(NGINX_ROOT + path);
  if (!file) {
    const page = notFoundPage();
    res.writeHead(404, headers('text/html', page.length));
    res.end(req.method === 'HEAD' ? undefined : page);
    return;
  }
  res.writeHead(200, { ...headers(path.endsWith('.html') ? 'text/html' : 'application/octet-stream', file.length), 'Accept-Ranges': 'bytes' });
  res.end(req.method === 'HEAD' ? undefined : file);
}

function notFoundPage(): Buffer {
  return Buffer.from('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
}
