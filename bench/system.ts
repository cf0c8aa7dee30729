/** Issue 2 figures: start-up to first /_ping, and /_ping throughput, against bare node. */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BARE_SERVER, freePort, median, stop, timeToFirstPing } from './baseline.js';
import type { Figure } from './report.js';

const CLI = path.resolve('dist/mockerd.js');
const RUNS = 7;

export async function startupFigure(): Promise<Figure> {
  const bare: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const p1 = await freePort();
    const b = await timeToFirstPing(process.execPath, ['-e', BARE_SERVER, String(p1)], p1);
    bare.push(b.ms);
    await stop(b.child);
    const p2 = await freePort();
    const m = await timeToFirstPing(process.execPath, [CLI, '-H', `tcp://127.0.0.1:${p2}`], p2);
    ours.push(m.ms);
    await stop(m.child);
  }
  const ratio = median(ours) / median(bare);
  return { name: 'start-up to first /_ping', value: `${median(ours).toFixed(0)} ms vs bare node ${median(bare).toFixed(0)} ms`, ratio, target: '<= 2.0x', ok: ratio <= 2 };
}

/** Requests/s of GET /_ping, load from a separate autocannon process. */
async function requestsPerSecond(port: number, seconds: number): Promise<number> {
  const bin = path.resolve('node_modules/autocannon/autocannon.js');
  const child = spawn(process.execPath, [bin, '-j', '-c', '20', '-d', String(seconds), `http://127.0.0.1:${port}/_ping`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((r) => child.on('close', r));
  return (JSON.parse(out) as { requests: { average: number } }).requests.average;
}

/** Interleaved rounds (bare, ours, bare, ours, ...) so load on the machine hits both alike. */
export async function pingThroughputFigure(seconds = 2, rounds = 3): Promise<Figure> {
  const p1 = await freePort();
  const bare = await timeToFirstPing(process.execPath, ['-e', BARE_SERVER, String(p1)], p1);
  const p2 = await freePort();
  const ours = await timeToFirstPing(process.execPath, [CLI, '-H', `tcp://127.0.0.1:${p2}`], p2);
  const ratios: number[] = [];
  let bareRps = 0;
  let ourRps = 0;
  for (let i = 0; i < rounds; i++) {
    bareRps = await requestsPerSecond(p1, seconds);
    ourRps = await requestsPerSecond(p2, seconds);
    ratios.push(ourRps / bareRps);
  }
  await stop(bare.child);
  await stop(ours.child);
  const ratio = median(ratios);
  return { name: '/_ping throughput', value: `${ourRps.toFixed(0)} req/s vs bare node ${bareRps.toFixed(0)} req/s`, ratio, target: '>= 0.7x', ok: ratio >= 0.7 };
}
