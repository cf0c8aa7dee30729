import { describe, expect, it } from 'vitest';
import { ALL_GROUPS, countCases, runSuite } from './runner.js';

const binary = process.env.MOCKERD_DOCKER_CLI ?? '/usr/local/bin/docker';

describe('docker CLI 28.2.2 (API 1.50)', () => {
  it('has at least 150 commands', () => expect(countCases(ALL_GROUPS)).toBeGreaterThanOrEqual(150));
  runSuite('28', binary);
});
