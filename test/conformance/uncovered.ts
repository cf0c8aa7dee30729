/**
 * Operations of the newest spec that no HTTP-level test exercises yet, each with
 * the issue whose work brings its test. The coverage gate (scripts/coverage-api.ts
 * --check, run by `npm test` after vitest; test/conformance/coverage.test.ts)
 * fails on an operation that is neither exercised nor listed here, and on a
 * listed one that a test exercises now: this list only shrinks. "Exercised"
 * means a response validated against the spec (test/support/api-client.ts);
 * docker CLI, dockerode and docker-py tests do not count.
 */
import type { EndpointRow } from '../support/spec/endpoints.js';
import type { ApiCallRecord } from '../support/spec/record.js';

export interface UncoveredOperation {
  operationId: string;
  /** the issue whose work brings the operation's test */
  issue: number;
  why: string;
}

export interface CoverageGaps {
  /** operations no test exercised and the list does not name: the gate fails */
  missing: EndpointRow[];
  /** listed operations a test exercises after all: delete them from the list */
  stale: string[];
  /** listed names that are no operation of the newest spec */
  unknown: string[];
}

export function coverageGaps(
  endpoints: readonly EndpointRow[],
  calls: readonly Pick<ApiCallRecord, 'operationId'>[],
  uncovered: readonly UncoveredOperation[],
): CoverageGaps {
  const exercised = new Set(calls.map((call) => call.operationId));
  const listed = new Set(uncovered.map((entry) => entry.operationId));
  const known = new Set(endpoints.map((op) => op.operationId));
  return {
    missing: endpoints.filter((op) => !exercised.has(op.operationId) && !listed.has(op.operationId)),
    stale: [...listed].filter((id) => exercised.has(id)),
    unknown: [...listed].filter((id) => !known.has(id)),
  };
}

// Every operation of the newest spec has a spec-validated test; a new operation
// needs one (or, for a reason, a line here with the issue that brings it).
export const UNCOVERED: readonly UncoveredOperation[] = [];
