/** Child of bench/containers.ts: heap growth per created, started and exited container. */
import { Engine } from '../src/engine/engine.js';
import { loadCatalog } from '../src/engine/images/catalog.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const engine = new Engine({ catalog: () => loadCatalog('fixtures/images'), images: ['alpine:latest'] });
const N = 10_000;
const make = () => engine.runtime.create({ config: { Image: 'alpine', Cmd: ['true'] }, hostConfig: {}, networkingConfig: {} });
for (let i = 0; i < 100; i++) make(); // warm caches (merged image tree, names)
gc();
const before = process.memoryUsage().heapUsed;
const made = [];
for (let i = 0; i < N; i++) {
  const c = make();
  engine.runtime.start(c);
  made.push(c);
}
await new Promise((r) => setTimeout(r, 200)); // let `true` exit everywhere
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ perContainer: (after - before) / N, baseline: before, exited: made.filter((c) => c.state.status === 'exited').length }));
