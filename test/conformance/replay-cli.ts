/**
 * Print every difference of a golden replay (for building known-differences.ts):
 *   npx tsx test/conformance/replay-cli.ts [--only containers,system] [--json out.json] [--unknown]
 */
import fs from 'node:fs';
import { runReplay } from './replayer.js';
import { classify } from './known-differences.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const res = await runReplay({ only: arg('only')?.split(',') });
const unknownOnly = process.argv.includes('--unknown');
let same = 0;
let total = 0;
const out: Record<string, unknown> = {};
for (const [key, diffs] of [...res.diffs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  total++;
  if (!diffs.length) same++;
  const c = classify(key, diffs);
  const show = unknownOnly ? c.unknown : diffs;
  if (show.length) out[key] = show;
  for (const d of show) console.log(`${key}\t${d.kind}\t${d.detail}`);
}
console.error(`replayed ${res.replayed.size}, compared ${total}, same ${same}, ${res.ms} ms; section errors: ${JSON.stringify([...res.sectionErrors])}`);
if (process.argv.includes('--slow')) for (const [k, ms] of [...res.durations].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`${ms}\t${k}`);
const j = arg('json');
if (j) fs.writeFileSync(j, JSON.stringify(out, null, 2));
process.exit(0);
