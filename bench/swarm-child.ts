/**
 * Child of bench/swarm.ts: a 1,000-node swarm running a 10,000-replica service on a
 * virtual clock. Prints real milliseconds until every task runs, until the tasks of
 * 100 downed nodes run elsewhere, the virtual time each took, and heap per task.
 */
import { Engine } from '../src/engine/engine.js';
import { VirtualClock } from '../src/engine/clock.js';
import { loadCatalog } from '../src/engine/images/catalog.js';

const NODES = Number(process.argv[2] ?? 1000);
const REPLICAS = Number(process.argv[3] ?? 10_000);
const DOWN = Number(process.argv[4] ?? 100);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const clock = new VirtualClock();
const engine = new Engine({ clock, nodes: NODES, managers: 3, catalog: () => loadCatalog('fixtures/images'), images: ['busybox:latest'] });
const { swarm } = engine;
swarm.init({});
gc();
const heapBefore = process.memoryUsage().heapUsed;

const running = () => {
  let n = 0;
  for (const t of swarm.tasks.values()) if (t.desiredState === 'running' && t.status.state === 'running') n++;
  return n;
};
async function until(check: () => boolean): Promise<{ realMs: number; virtualMs: number }> {
  const start = process.hrtime.bigint();
  const v0 = clock.now();
  while (!check()) if (!(await clock.step())) throw new Error('no timers left before the condition held');
  return { realMs: Number(process.hrtime.bigint() - start) / 1e6, virtualMs: clock.now() - v0 };
}

const startAll = process.hrtime.bigint();
swarm.orchestrator.createService({ Name: 'big', TaskTemplate: { ContainerSpec: { Image: 'busybox:latest', Args: ['sleep', 'infinity'] } }, Mode: { Replicated: { Replicas: REPLICAS } } });
const converge = await until(() => running() === REPLICAS);
converge.realMs = Number(process.hrtime.bigint() - startAll) / 1e6;
gc();
const heapPerTask = (process.memoryUsage().heapUsed - heapBefore) / REPLICAS;

const victims = engine.cluster.list().slice(NODES - DOWN);
const onVictims = new Set(victims.map((n) => n.id));
const startDown = process.hrtime.bigint();
for (const n of victims) swarm.nodeDown(n.id);
const reschedule = await until(() => {
  let n = 0;
  for (const t of swarm.tasks.values()) if (t.desiredState === 'running' && t.status.state === 'running' && !onVictims.has(t.nodeId)) n++;
  return n === REPLICAS;
});
reschedule.realMs = Number(process.hrtime.bigint() - startDown) / 1e6;
process.stdout.write(JSON.stringify({ nodes: NODES, replicas: REPLICAS, down: DOWN, converge, reschedule, heapPerTask }));
process.exit(0);
