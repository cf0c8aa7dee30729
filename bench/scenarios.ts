/**
 * Issue 9 figure: a 10,000-step scenario on a 100-node swarm in virtual time (nodes
 * going down and up, registries failing, events emitted, a 200-replica service
 * rescheduling), as wall time and as a ratio to one /_ping in the same run.
 */
import http from 'node:http';
import { startDaemon } from '../src/index.js';
import { VirtualClock } from '../src/engine/clock.js';
import type { Figure } from './report.js';
import type { Scenario, Step } from '../src/scenario/types.js';

const STEPS = 10_000;
const WORKERS = 99;

function benchScenario(): Scenario {
  const timeline: Step[] = [];
  for (let i = 0; i < STEPS; i++) {
    const worker = `worker-${(Math.floor(i / 2) % WORKERS) + 1}`;
    const at = `${(i + 1) * 100}ms`;
    switch (i % 4) {
      case 0: timeline.push({ at, do: [{ 'node.down': worker }] }); break;
      case 1: timeline.push({ at, do: [{ 'node.up': worker }] }); break;
      case 2: timeline.push({ at, do: [{ 'registry.down': 'docker.io' }, { event: { type: 'daemon', action: 'mockerd: tick', id: 'bench' } }] }); break;
      default: timeline.push({ at, do: [{ 'registry.up': 'docker.io' }] });
    }
  }
  return {
    name: 'bench-10k',
    seed: 1,
    clock: 'virtual',
    topology: { swarm: true, nodes: [{ hostname: 'manager-1', role: 'manager' }, { hostname: 'worker-{n}', count: WORKERS, role: 'worker' }] },
    images: ['nginx:latest'],
    services: [{ name: 'web', image: 'nginx:latest', replicas: 200, constraints: ['node.role==worker'] }],
    timeline,
    expect: [{ service: 'web', runningTasks: 200 }],
  };
}

function ping(port: number, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/_ping', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

export async function scenarioFigure(): Promise<Figure> {
  await using d = await startDaemon({ clock: 'virtual', seed: 1, autoAdvance: false });
  const port = Number(new URL(d.dockerHost.replace('tcp:', 'http:')).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 200; i++) await ping(port, agent);
  const p0 = process.hrtime.bigint();
  const N = 2000;
  for (let i = 0; i < N; i++) await ping(port, agent);
  const pingMs = Number(process.hrtime.bigint() - p0) / 1e6 / N;
  agent.destroy();

  const clock = d.engine.clock as VirtualClock;
  const t0 = process.hrtime.bigint();
  d.control.loadScenario(benchScenario(), 'bench-10k');
  const run = d.control.run!;
  const end = run.origin + (STEPS + 1) * 100 + 60_000;
  for (;;) {
    await run.idle();
    const due = clock.nextDue();
    if (due === undefined || due > end) break;
    await clock.step();
  }
  await clock.advanceTo(end);
  await run.idle();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const status = d.control.scenarioStatus()!;
  const ok = status.timeline.length >= STEPS && status.passed && !status.timeline.some((t) => t.text.includes(' failed: '));
  return {
    name: '10,000-step scenario, 100 nodes, virtual time',
    value: `${(wallMs / 1000).toFixed(2)} s wall for ${(end - run.origin) / 1000} s engine time (${status.timeline.length} steps, expect ${status.passed ? 'passed' : 'FAILED'}), ping ${pingMs.toFixed(3)} ms`,
    ratio: wallMs / pingMs,
    target: 'report; all steps run, expect passes',
    ok,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = await scenarioFigure();
  console.log(`${f.name}  ${f.ratio.toFixed(0)}x  ${f.ok ? 'ok' : 'MISSED'}  ${f.value}`);
}
