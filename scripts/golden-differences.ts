/**
 * Print the README section "Differences from dockerd 20.10 (golden exchanges)" from
 * test/conformance/known-differences.ts (markdown on stdout):
 *   npx tsx scripts/golden-differences.ts
 */
import { KNOWN_DIFFERENCES, type Category } from '../test/conformance/known-differences.js';
import { NORMALISERS } from '../test/conformance/compare.js';
import { PINNED_VERSION } from '../test/conformance/replayer.js';

const TITLES: Record<Category, string> = {
  'dockerd-20.10': 'dockerd 20.10 behaviour that current dockerd changed (mockerd follows current dockerd)',
  'api-version': 'API versions',
  environment: 'The recording machine',
  simulation: 'Inherent to the comparison or to a simulated daemon',
  open: 'Open gaps (mockerd should change)',
  'not-built': 'Areas being built (entries go away as they land)',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const match = (m: string | string[]): string => (Array.isArray(m) ? m : [m]).map((x) => '`' + x + '`').join(', ');

const out: string[] = [];
out.push('## Differences from dockerd 20.10 (golden exchanges)', '');
out.push(
  '`test/conformance/golden.test.ts` replays the requests of `test/golden/record.ts` against an in-process mockerd and compares every answer with what dockerd 20.10 answered (`fixtures/golden/dockerd-20.10`): status, error text, JSON shape (keys and value types, arrays by their first element), Content-Type, the head of hijacked answers, stdcopy frames per stream, JSON-lines shapes and event sequences, tar entry names. A difference not listed below fails the test; an entry that no longer matches anything fails it too (except for areas being built). Regenerate this section with `npx tsx scripts/golden-differences.ts`.',
  '',
  `Unversioned requests are replayed as \`/v${PINNED_VERSION}/...\` (dockerd 20.10 served 1.41 for them; mockerd serves its newest version). Normalised before comparing: ${NORMALISERS.map((n) => `${n.name} (${n.why})`).join('; ')}.`,
  '',
);
for (const cat of Object.keys(TITLES) as Category[]) {
  const rows = KNOWN_DIFFERENCES.filter((k) => k.category === cat);
  if (!rows.length) continue;
  out.push(`### ${TITLES[cat]}`, '', '| exchanges | differs in | what | reason |', '|---|---|---|---|');
  for (const k of rows) out.push(`| ${cell(match(k.match))} | ${k.kind === '*' ? 'any' : k.kind} | ${cell(k.what)} | ${cell(k.reason)}${k.issue ? ` (issue ${k.issue})` : ''} |`);
  out.push('');
}
process.stdout.write(out.join('\n'));
