/**
 * Issue 6 figures: 1,000 networks, and 10,000 endpoint connects to one network with
 * the time per connect at 100 vs 10,000 endpoints (IPAM stays O(1)-ish per address);
 * ratios to /_ping in the same run.
 */
import path from 'node:path';
import { freePort, stop, timeToFirstPing } from './baseline.js';
import type { Figure } from './report.js';
import { call } from './api-client.js';

const CLI = path.resolve('dist/mockerd.js');

async function must(port: number, method: string, p: string, body?: object): Promise<string> {
  const r = await call(port, method, p, body);
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
  return r.text;
}

/** Milliseconds per call of f(i) for i in [from, to), sequentially (one at a time, so each sees the state so far). */
async function msPer(from: number, to: number, f: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) await f(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / (to - from);
}

export async function networkFigures(): Promise<Figure[]> {
  const port = await freePort();
  const { child } = await timeToFirstPing(process.execPath, [CLI, '-H', `tcp://127.0.0.1:${port}`, '--image', 'alpine', '--no-port-listeners'], port);
  try {
    const pingMs = await msPer(0, 2000, () => call(port, 'GET', '/_ping'));
    const create = (i: number) => must(port, 'POST', '/networks/create', { Name: `bench-${i}`, IPAM: { Config: [{ Subnet: `10.${i >> 8}.${i & 255}.0/24` }] } });
    const firstNets = await msPer(0, 100, create);
    await msPer(100, 900, create);
    const lastNets = await msPer(900, 1000, create);
    const listMs = await msPer(0, 10, () => must(port, 'GET', '/networks'));

    await must(port, 'POST', '/networks/create', { Name: 'bench-big', IPAM: { Config: [{ Subnet: '172.30.0.0/16' }] } });
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = JSON.parse(await must(port, 'POST', '/containers/create', { Image: 'alpine', Cmd: ['sleep', '100000'] })).Id as string;
      await must(port, 'POST', `/containers/${id}/start`);
      ids.push(id);
    }
    const connect = (i: number) => must(port, 'POST', '/networks/bench-big/connect', { Container: ids[i] });
    const at100 = await msPer(0, 100, connect);
    await msPer(100, 9_900, connect);
    const at10k = await msPer(9_900, 10_000, connect);
    const inspect = JSON.parse(await must(port, 'GET', '/networks/bench-big')) as { Containers: Record<string, unknown> };
    const endpoints = Object.keys(inspect.Containers).length;
    return [
      { name: 'network create, 1,000 networks', value: `${firstNets.toFixed(3)} ms at 0, ${lastNets.toFixed(3)} ms at 1,000 networks; list ${listMs.toFixed(1)} ms; ping ${pingMs.toFixed(3)} ms`, ratio: lastNets / pingMs, target: 'report', ok: true },
      { name: 'network connect at 100 endpoints', value: `${at100.toFixed(3)} ms/connect, ping ${pingMs.toFixed(3)} ms`, ratio: at100 / pingMs, target: 'report', ok: true },
      { name: 'network connect at 10,000 endpoints', value: `${at10k.toFixed(3)} ms/connect (${endpoints} endpoints), ${(at10k / at100).toFixed(2)}x the 100-endpoint time`, ratio: at10k / pingMs, target: '<= 3x the 100-endpoint ratio', ok: at10k / at100 <= 3 && endpoints === 10_000 },
    ];
  } finally {
    await stop(child);
  }
}
