import { describe, expect, it } from 'vitest';
import { ALL_GROUPS, countCases, runSuite } from './runner.js';

/** Debian's docker.io 20.10 CLI (API 1.41): installed here and by .ci/run; absent, the suite fails. */
const binary = '/usr/bin/docker';

describe('docker CLI 20.10 (API 1.41)', () => {
  it('has at least 150 commands', () => expect(countCases(ALL_GROUPS)).toBeGreaterThanOrEqual(150));
  runSuite('20.10', binary);
});
