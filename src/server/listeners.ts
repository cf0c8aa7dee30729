/**
 * One node http(s) server per -H address. Plain requests go to the Hono app through
 * @hono/node-server's listener; Upgrade requests go through the hijack path. Every
 * socket is tracked so close() ends keep-alive and hijacked connections at once.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { handleUpgrade, type FetchHandler } from './hijack.js';
import { formatHost, type HostSpec } from './hosts.js';
import type { Logger } from '../logger.js';

export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
  /** Require a client certificate signed by `ca` (dockerd --tlsverify). */
  verify: boolean;
}

export interface Listener {
  spec: HostSpec;
  /** The address to give DOCKER_HOST (the real port when 0 was asked). */
  address: string;
  close(): Promise<void>;
  /** Destroy every open connection, keep-alive and hijacked alike (a simulated daemon restart). */
  dropConnections(): void;
}

/** Answers written straight to the response, without the framework (see Api.fastAnswer). */
export type FastAnswer = (method: string | undefined, url: string | undefined) => { status: number; headers: Record<string, string>; body: string } | undefined;

/** Called as each request arrives; the returned function once it is answered (virtual clock driver). */
export type RequestTracker = () => () => void;

export interface ListenOptions {
  tls?: TlsOptions;
  /** Answers written without the framework (see Api.fastAnswer). */
  fast?: FastAnswer;
  /** Told when a request starts; returns the call for when its answer is written. */
  track?: RequestTracker;
  logger?: Logger;
}

export async function listen(spec: HostSpec, fetch: FetchHandler, options: ListenOptions = {}): Promise<Listener> {
  const { tls, fast, track, logger } = options;
  const honoListener = getRequestListener(fetch as never);
  const requestListener: http.RequestListener = (req, res) => {
    if (track) trackResponse(res, track());
    const answer = fast?.(req.method, req.url);
    if (!answer) return void honoListener(req, res);
    res.writeHead(answer.status, flatHeaders(answer));
    res.end(answer.body);
  };
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.verify, rejectUnauthorized: tls.verify }, requestListener)
    : http.createServer(requestListener);
  server.keepAliveTimeout = 60_000;
  const sockets = new Set<Socket>();
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const base = tls ? 'https://mockerd' : 'http://mockerd';
  server.on('upgrade', (req, socket, head) => void handleUpgrade(fetch, req, socket, head, base));

  if (spec.kind === 'unix') prepareSocketPath(spec.path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (spec.kind === 'unix') server.listen(spec.path, resolve);
    else server.listen(spec.port, spec.host, resolve);
  });
  server.on('error', (err) => (logger ? logger.error('listener error', err) : console.error('mockerd: listener error', err)));
  if (spec.kind === 'unix') fs.chmodSync(spec.path, 0o660);

  const actual: HostSpec = spec.kind === 'tcp' ? { ...spec, port: (server.address() as { port: number }).port } : spec;
  return {
    spec: actual,
    address: formatHost(actual),
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        if (spec.kind === 'unix') fs.rmSync(spec.path, { force: true });
      }),
  };
}

const flatCache = new WeakMap<object, string[]>();

/** writeHead is cheapest with a flat [name, value, ...] array; answers are reused, so cache it. */
function flatHeaders(answer: { headers: Record<string, string> }): string[] {
  let flat = flatCache.get(answer);
  if (!flat) flatCache.set(answer, (flat = Object.entries(answer.headers).flat()));
  return flat;
}

/** Remove a stale socket file and make sure its directory exists. */
function prepareSocketPath(p: string): void {
  fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
  if (fs.existsSync(p)) {
    if (!fs.statSync(p).isSocket()) throw new Error(`${p} exists and is not a socket`);
    fs.rmSync(p);
  }
}

/** A request counts as served once its head is written (streams stay open afterwards). */
function trackResponse(res: http.ServerResponse, done: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    done();
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  res.once('finish', done);
  res.once('close', done);
}
