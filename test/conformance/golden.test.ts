/**
 * Golden exchanges: mockerd against what dockerd 20.10 answered to the same requests.
 *
 * The recorder's own sections (test/golden/sections*.ts) are replayed against an
 * in-process mockerd (test/conformance/replayer.ts); every answer is compared with
 * fixtures/golden/dockerd-20.10/<tag>/<name>.json (compare.ts: status, error text,
 * JSON shape, stream frames, content type, hijack head). Each exchange is one test:
 * it fails on any difference not listed with its reason in known-differences.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listGolden } from '../support/golden.js';
import { runReplay, type ReplayResult } from './replayer.js';
import { classify, KNOWN_DIFFERENCES, findKnown, type KnownDifference } from './known-differences.js';
import type { Diff } from './compare.js';

let res: ReplayResult;
const used = new Set<KnownDifference>();

function diffsOf(key: string): Diff[] {
  return res.diffs.get(key) ?? [{ kind: 'missing', detail: 'not replayed' }];
}

function explain(key: string, unknown: Diff[]): string {
  return `${key}: ${unknown.length} difference(s) from dockerd 20.10 not in test/conformance/known-differences.ts:\n` + unknown.map((d) => `  [${d.kind}] ${d.detail}`).join('\n');
}

describe('golden exchanges: mockerd answers like dockerd 20.10', () => {
  beforeAll(async () => {
    res = await runReplay();
    for (const [key, diffs] of res.diffs) for (const d of diffs) {
      const e = findKnown(key, d);
      if (e) used.add(e);
    }
  }, 180_000);

  afterAll(() => {
    let same = 0;
    for (const diffs of res?.diffs.values() ?? []) if (!diffs.length) same++;
    console.log(`golden replay: ${res?.replayed.size} exchanges replayed, ${same} identical, ${res?.ms} ms`);
  });

  const golden = listGolden();
  const byTag = new Map<string, string[]>();
  for (const { tag, name } of golden) byTag.set(tag, [...(byTag.get(tag) ?? []), name]);
  for (const [tag, names] of byTag) {
    describe(tag, () => {
      for (const name of names) {
        it(name, () => {
          const key = `${tag}/${name}`;
          const { unknown } = classify(key, diffsOf(key));
          expect(unknown, explain(key, unknown)).toEqual([]);
        });
      }
    });
  }

  it('sends nothing the recorder did not record', () => {
    const recorded = new Set(golden.map((g) => `${g.tag}/${g.name}`));
    const extra = [...res.diffs.keys()].filter((k) => !recorded.has(k)).filter((k) => classify(k, diffsOf(k)).unknown.length);
    expect(extra).toEqual([]);
  });

  it('lists no difference that no longer occurs (delete the entry when a difference is fixed)', () => {
    const stale = KNOWN_DIFFERENCES.filter((k) => !used.has(k) && !k.sometimes);
    // entries for areas being built are allowed to go stale for a while; they are reported
    const wip = stale.filter((k) => k.category === 'not-built');
    if (wip.length) console.warn(`known differences for areas being built that no longer occur (delete them):\n${wip.map((k) => `  ${JSON.stringify(k.match)} ${k.kind}: ${k.what}`).join('\n')}`);
    expect(stale.filter((k) => k.category !== 'not-built').map((k) => `${JSON.stringify(k.match)} ${k.kind}: ${k.what}`)).toEqual([]);
  });
});
