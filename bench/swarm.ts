/**
 * Issue 7 figures: a 1,000-node swarm running a 10,000-replica service on the virtual
 * clock (real time until every task runs; until the tasks of 100 downed nodes run
 * elsewhere) and heap per task; time ratios are to one /_ping round trip of mockerd
 * measured in the same run, heap to a 10 KB budget.
 */
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { freePort, stop, timeToFirstPing } from './baseline.js';
import type { Figure } from './report.js';

const CLI = path.resolve('dist/mockerd.js');

async function pingMs(port: number, n = 2000): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/_ping', agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
    });
  for (let i = 0; i < 200; i++) await once();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  agent.destroy();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

interface ChildResult {
  converge: { realMs: number; virtualMs: number };
  reschedule: { realMs: number; virtualMs: number };
  heapPerTask: number;
}

function runChild(): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/swarm-child.ts'), '1000', '10000', '100'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as ChildResult);
      } catch (err) {
        reject(err);
      }
    });
  });
}

export async function swarmFigures(): Promise<Figure[]> {
  const port = await freePort();
  const { child } = await timeToFirstPing(process.execPath, [CLI, '-H', `tcp://127.0.0.1:${port}`], port);
  let ping: number;
  try {
    ping = await pingMs(port);
  } finally {
    await stop(child);
  }
  const r = await runChild();
  return [
    {
      name: 'swarm 1,000 nodes: 10,000 replicas to running',
      value: `${r.converge.realMs.toFixed(0)} ms real (${r.converge.virtualMs} ms virtual), ping ${ping.toFixed(3)} ms`,
      ratio: r.converge.realMs / ping,
      target: 'report',
      ok: true,
    },
    {
      name: 'swarm: 100 nodes down, tasks rescheduled',
      value: `${r.reschedule.realMs.toFixed(0)} ms real (${(r.reschedule.virtualMs / 1000).toFixed(1)} s virtual: heartbeat grace + walk)`,
      ratio: r.reschedule.realMs / ping,
      target: 'report',
      ok: true,
    },
    {
      name: 'heap per running swarm task (task + container)',
      value: `${(r.heapPerTask / 1024).toFixed(2)} KiB`,
      ratio: r.heapPerTask / 10_240,
      target: 'report (ratio to 10 KB)',
      ok: true,
    },
  ];
}
