/**
 * Issue 4 figures, in-process against one daemon (so its handles can be counted):
 * - 1,000 sequential `docker run --rm alpine echo hi` API sequences (create,
 *   wait?condition=removed, attach, start, read to the end), per-run time as a ratio to one /_ping;
 * - /_ping latency while 100 `logs -f` followers read one chatty container, as a
 *   ratio to /_ping when idle;
 * - open handles (and engine listeners) after 10,000 attach + detach-key cycles,
 *   as a ratio to before.
 */
import http from 'node:http';
import net from 'node:net';
import { startDaemon, type Daemon } from '../src/index.js';
import type { Figure } from './report.js';
import { call, closeApiClient } from './api-client.js';


/** A hijacked attach: resolves `ready` at the 101 head, `done` with the bytes once the daemon closes. */
function attach(port: number, id: string, query: string): { socket: net.Socket; ready: Promise<void>; done: Promise<Buffer> } {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  socket.write(`POST /containers/${id}/attach?${query} HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n`);
  let buf = Buffer.alloc(0);
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const done = new Promise<Buffer>((resolve, reject) => {
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.includes('\r\n\r\n')) resolveReady();
    });
    socket.on('end', () => {
      socket.destroy();
      resolve(buf.subarray(buf.indexOf('\r\n\r\n') + 4));
    });
    socket.on('error', reject);
  });
  return { socket, ready, done };
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function pingMs(port: number, n = 2000): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call(port, 'GET', '/_ping');
  return elapsed(start) / n;
}

async function runSequence(port: number): Promise<void> {
  const { text } = await call(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['echo', 'hi'], AttachStdout: true, AttachStderr: true, HostConfig: { AutoRemove: true } });
  const id = JSON.parse(text).Id as string;
  const waited = call(port, 'POST', `/containers/${id}/wait?condition=removed`);
  const a = attach(port, id, 'stream=1&stdout=1&stderr=1');
  await a.ready;
  await call(port, 'POST', `/containers/${id}/start`);
  const [out, wait] = await Promise.all([a.done, waited]);
  if (!out.subarray(8).equals(Buffer.from('hi\n')) || JSON.parse(wait.text).StatusCode !== 0) throw new Error('bench: unexpected run output');
}

async function runFigure(d: Daemon, port: number, ping: number): Promise<Figure> {
  const n = 1000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await runSequence(port);
  const perRun = elapsed(start) / n;
  if (d.engine.containers.size !== 0) throw new Error('bench: --rm containers left');
  return { name: 'docker run --rm alpine echo hi (API sequence)', value: `${perRun.toFixed(2)} ms/run (${(1000 / perRun).toFixed(0)} runs/s), ping ${ping.toFixed(3)} ms`, ratio: perRun / ping, target: 'report (5 requests, 2 connections)', ok: true };
}

async function followersFigure(d: Daemon, port: number, ping: number): Promise<Figure> {
  const { text } = await call(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sh', '-c', 'while true; do echo chatty line; sleep 0.01; done'] });
  const id = JSON.parse(text).Id as string;
  await call(port, 'POST', `/containers/${id}/start`);
  let bytes = 0;
  const requests = Array.from({ length: 100 }, () =>
    http.get({ host: '127.0.0.1', port, path: `/containers/${id}/logs?stdout=1&follow=1&tail=0` }, (res) => res.on('data', (c: Buffer) => (bytes += c.length))),
  );
  while (d.engine.containers.get(id).logs.followerCount() < 100) await new Promise((r) => setTimeout(r, 10));
  const start = process.hrtime.bigint();
  const loaded = await pingMs(port, 1000);
  const seconds = elapsed(start) / 1000;
  for (const r of requests) r.destroy();
  await call(port, 'POST', `/containers/${id}/kill`);
  await call(port, 'DELETE', `/containers/${id}`);
  const ratio = loaded / ping;
  return { name: '/_ping with 100 logs -f followers', value: `${loaded.toFixed(3)} ms vs idle ${ping.toFixed(3)} ms; ${(bytes / seconds / 1024).toFixed(0)} KiB/s delivered`, ratio, target: '<= 3.0x', ok: ratio <= 3 };
}

async function handlesFigure(d: Daemon, port: number): Promise<Figure> {
  const { text } = await call(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['cat'], OpenStdin: true, Tty: true });
  const id = JSON.parse(text).Id as string;
  await call(port, 'POST', `/containers/${id}/start`);
  const cycle = async () => {
    const a = attach(port, id, 'stream=1&stdin=1&stdout=1');
    await a.ready;
    a.socket.write('\x10\x11');
    await a.done;
  };
  await cycle();
  await new Promise((r) => setTimeout(r, 100));
  const count = () => ({ handles: process.getActiveResourcesInfo().length, listeners: d.engine.events.listenerCount(), followers: d.engine.containers.get(id).logs.followerCount(), waiters: d.engine.runtime.waiterCount() });
  const before = count();
  for (let i = 0; i < 10_000; i++) await cycle();
  await new Promise((r) => setTimeout(r, 200));
  const after = count();
  await call(port, 'POST', `/containers/${id}/kill`);
  const ratio = after.handles / before.handles;
  const clean = after.listeners === before.listeners && after.followers === 0 && after.waiters === 0;
  return { name: 'open handles after 10,000 attach/detach', value: `${before.handles} -> ${after.handles} handles; followers ${after.followers}, waiters ${after.waiters}, event listeners ${before.listeners} -> ${after.listeners}`, ratio, target: '<= 1.0x and no listeners left', ok: ratio <= 1 && clean };
}

export async function streamFigures(): Promise<Figure[]> {
  const d = await startDaemon({ images: ['alpine:latest'] });
  const port = Number(new URL(d.dockerHost.replace(/^tcp:/, 'http:')).port);
  try {
    await pingMs(port, 500);
    const ping = await pingMs(port);
    return [await runFigure(d, port, ping), await followersFigure(d, port, ping), await handlesFigure(d, port)];
  } finally {
    closeApiClient();
    await d.close();
  }
}

/** `npx tsx bench/streams.ts` prints just these figures. */
if (process.argv[1]?.endsWith('streams.ts')) {
  for (const f of await streamFigures()) console.log(`${f.name}: ${f.ratio.toFixed(2)}x (${f.target}) ${f.ok ? 'ok' : 'MISSED'} - ${f.value}`);
}
