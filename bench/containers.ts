/**
 * Issue 3 figures: container lifecycles through the HTTP API, listing 10,000
 * containers, and heap per stopped container; ratios to /_ping in the same run.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { freePort, stop, timeToFirstPing } from './baseline.js';
import type { Figure } from './report.js';
import { call } from './api-client.js';

const CLI = path.resolve('dist/mockerd.js');

async function timeIt(n: number, f: (i: number) => Promise<unknown>, parallel = 8): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < n) await f(next++);
  }));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function containerFigures(): Promise<Figure[]> {
  const port = await freePort();
  const { child } = await timeToFirstPing(process.execPath, [CLI, '-H', `tcp://127.0.0.1:${port}`, '--image', 'alpine'], port);
  try {
    const pingMs = (await timeIt(2000, () => call(port, 'GET', '/_ping'))) / 2000;
    const cycles = 1000;
    const cycleMs = (await timeIt(cycles, async () => {
      const { text } = await call(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sleep', '1000'] });
      const id = JSON.parse(text).Id as string;
      await call(port, 'POST', `/containers/${id}/start`);
      await call(port, 'POST', `/containers/${id}/kill`);
      await call(port, 'DELETE', `/containers/${id}`);
    })) / cycles;
    await timeIt(10_000, () => call(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['true'] }));
    const listMs = (await timeIt(20, () => call(port, 'GET', '/containers/json?all=1'), 1)) / 20;
    return [
      { name: 'create+start+kill+remove cycle', value: `${cycleMs.toFixed(2)} ms/cycle (${(1000 / cycleMs).toFixed(0)} cycles/s), ping ${pingMs.toFixed(3)} ms`, ratio: cycleMs / pingMs, target: 'report (4 requests)', ok: true },
      { name: 'GET /containers/json?all=1, 10,000', value: `${listMs.toFixed(1)} ms per list, ping ${pingMs.toFixed(3)} ms`, ratio: listMs / pingMs, target: '< 50 ms', ok: listMs < 50 },
    ];
  } finally {
    await stop(child);
  }
}

/** Heap per stopped container, measured in a child with --expose-gc. */
export function heapPerContainerFigure(): Promise<Figure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/heap-per-container.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      try {
        const { perContainer, baseline } = JSON.parse(out) as { perContainer: number; baseline: number };
        resolve({ name: 'heap per stopped container', value: `${(perContainer / 1024).toFixed(2)} KiB (engine baseline ${(baseline / 1024 / 1024).toFixed(1)} MiB)`, ratio: perContainer / 10_240, target: '< 10 KB (ratio to 10 KB)', ok: perContainer < 10_240 });
      } catch (err) {
        reject(err);
      }
    });
  });
}
