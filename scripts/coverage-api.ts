/**
 * Which API operations did the tests validate against the spec?
 *
 *   npm run coverage:api            # the table: each operation, the API versions it was validated at
 *   tsx scripts/coverage-api.ts --reset   # forget the records (npm test does this first)
 *   tsx scripts/coverage-api.ts --check   # the gate: exit 1 if an operation has no test
 *
 * Reads ../shared/spec/endpoints.tsv (every operation of the newest spec) and
 * the coverage/api-calls/*.jsonl files test/support/spec.ts writes for each
 * validated response (test/support/api-client.ts validates every answer of the
 * HTTP-level suites). `--check` fails when an operation is neither exercised
 * nor in the reasoned list test/conformance/uncovered.ts, and when a listed
 * operation is exercised after all (delete its line: the list only shrinks).
 */
import fs from 'node:fs';
import { operations, type EndpointRow } from '../test/support/spec/endpoints.js';
import { API_CALLS_DIR, readApiCalls, type ApiCallRecord } from '../test/support/spec/record.js';
import { compareVersions } from '../test/support/spec/versions.js';
import { coverageGaps, UNCOVERED } from '../test/conformance/uncovered.js';

function versionsByOperation(calls: readonly ApiCallRecord[]): Map<string, string[]> {
  const byOperation = new Map<string, Set<string>>();
  for (const call of calls) {
    const versions = byOperation.get(call.operationId) ?? new Set<string>();
    versions.add(call.version);
    byOperation.set(call.operationId, versions);
  }
  return new Map([...byOperation].map(([id, versions]) => [id, [...versions].sort(compareVersions)]));
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

function report(endpoints: readonly EndpointRow[], validated: Map<string, string[]>): string {
  const listed = new Map(UNCOVERED.map((entry) => [entry.operationId, entry]));
  const header = ['OPERATION', 'METHOD', 'PATH', 'SINCE', 'VERSIONS VALIDATED'];
  const cell = (op: EndpointRow) => {
    const versions = validated.get(op.operationId)?.join(' ');
    if (versions) return versions;
    const entry = listed.get(op.operationId);
    return entry ? `not yet (issue ${entry.issue})` : 'MISSING';
  };
  const rows = endpoints.map((op) => [op.operationId, op.method, op.path, op.since, cell(op)]);
  const exercised = endpoints.filter((op) => validated.has(op.operationId)).length;
  return `${table([header, ...rows])}\n\n${exercised} of ${endpoints.length} operations exercised`;
}

const args = process.argv.slice(2);
if (args.includes('--reset')) {
  fs.rmSync(API_CALLS_DIR, { recursive: true, force: true });
} else if (args.includes('--check')) {
  const calls = readApiCalls();
  const gaps = coverageGaps(operations(), calls, UNCOVERED);
  const exercised = new Set(calls.map((call) => call.operationId)).size;
  console.log(`\ncoverage:api: ${exercised} operations exercised by tests, ${UNCOVERED.length} listed as not yet covered (test/conformance/uncovered.ts)`);
  for (const op of gaps.missing) console.log(`coverage:api: MISSING ${op.operationId} (${op.method} ${op.path}): no test exercises it and uncovered.ts does not list it`);
  for (const id of gaps.stale) console.log(`coverage:api: STALE ${id}: a test exercises it now; delete it from uncovered.ts`);
  for (const id of gaps.unknown) console.log(`coverage:api: UNKNOWN ${id} in uncovered.ts: not an operation of the newest spec`);
  if (gaps.missing.length + gaps.stale.length + gaps.unknown.length > 0) process.exit(1);
} else {
  console.log(report(operations(), versionsByOperation(readApiCalls())));
}
