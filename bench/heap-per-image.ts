/** Child of bench/images.ts: heap growth per image (a commit of a container with one small file). */
import { Engine } from '../src/engine/engine.js';
import { loadCatalog } from '../src/engine/images/catalog.js';

const gc = (globalThis as { gc?: () => void }).gc!;
const engine = new Engine({ catalog: () => loadCatalog('fixtures/images'), images: ['alpine:latest'] });
const N = 2_000;
const container = engine.runtime.create({ config: { Image: 'alpine', Cmd: ['true'] }, hostConfig: {}, networkingConfig: {} });
const commit = (i: number) => {
  container.fs.writeFile('/data.txt', Buffer.from(`image ${i}\n`));
  return engine.imageService.commit({ container: container.id, repo: 'bench', tag: String(i), changes: [], config: {} });
};
for (let i = 0; i < 50; i++) commit(N + i); // warm-up
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < N; i++) commit(i);
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ perImage: (after - before) / N, images: engine.images.size }));
