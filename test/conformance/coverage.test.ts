/**
 * The coverage gate of issue 10 ("the test suite fails if an operation has no
 * test"). The gate itself runs after all test files, when every worker's
 * records are written: `npm test` = reset records, `vitest run`, then
 * `tsx scripts/coverage-api.ts --check`. This file checks its arithmetic and
 * the reasoned list of operations not yet covered (uncovered.ts).
 */
import { describe, expect, it } from 'vitest';
import { operations, type EndpointRow } from '../support/spec/endpoints.js';
import { coverageGaps, UNCOVERED } from './uncovered.js';

const row = (operationId: string): EndpointRow => ({ method: 'GET', path: `/${operationId}`, operationId, tag: 'T', since: '1.25' });

describe('coverage gate', () => {
  it('fails on an operation with no test that the list does not name (a newly added operation)', () => {
    const gaps = coverageGaps([row('A'), row('B'), row('New')], [{ operationId: 'A' }], [{ operationId: 'B', issue: 1, why: 'later' }]);
    expect(gaps.missing.map((op) => op.operationId)).toEqual(['New']);
    expect(gaps.stale).toEqual([]);
  });

  it('fails on a listed operation a test exercises now, so the list only shrinks', () => {
    const gaps = coverageGaps([row('A'), row('B')], [{ operationId: 'A' }, { operationId: 'B' }], [{ operationId: 'B', issue: 1, why: 'later' }]);
    expect(gaps).toEqual({ missing: [], stale: ['B'], unknown: [] });
  });

  it('lists each not-yet-covered operation once, as an operation of the newest spec, with its issue and reason', () => {
    const ids = UNCOVERED.map((entry) => entry.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(coverageGaps(operations(), [], UNCOVERED).unknown).toEqual([]);
    for (const entry of UNCOVERED) {
      expect(entry.issue, entry.operationId).toBeGreaterThan(0);
      expect(entry.why.length, entry.operationId).toBeGreaterThan(10);
    }
  });

  it('keeps the list short: most operations are exercised', () => {
    expect(UNCOVERED.length).toBeLessThan(operations().length / 3);
  });
});
