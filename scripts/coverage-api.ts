/**
 * Which API operations did the tests validate against the spec?
 *
 *   npm run coverage:api            # the table: each operation, the API versions mockerd serves it at,
 *                                   # the versions tests validated it at, and the test files that did
 *   tsx scripts/coverage-api.ts --reset   # forget the records (npm test does this first)
 *   tsx scripts/coverage-api.ts --check   # the gate: exit 1 if an operation has no test
 *
 * Reads ../shared/spec/endpoints.tsv (every operation of the newest spec) and
 * the coverage/api-calls/*.jsonl files test/support/spec.ts writes for each
 * validated response (test/support/api-client.ts validates every answer of the
 * HTTP-level suites, hijacked streams and websockets included). `--check` fails
 * when an operation is neither exercised nor in the reasoned list
 * test/conformance/uncovered.ts, and when a listed operation is exercised after
 * all (delete its line: the list only shrinks).
 */
import fs from 'node:fs';
import { operations, type EndpointRow } from '../test/support/spec/endpoints.js';
import { API_CALLS_DIR, readApiCalls, type ApiCallRecord } from '../test/support/spec/record.js';
import { compareVersions } from '../test/support/spec/versions.js';
import { coverageGaps, UNCOVERED } from '../test/conformance/uncovered.js';
import { DEFAULT_MIN_API_VERSION, MAX_API_VERSION } from '../src/api/versions.js';
import { minimumApiVersionOf } from '../src/api/route-versions.js';

interface Exercised {
  versions: string[];
  tests: string[];
}

function exercisedByOperation(calls: readonly ApiCallRecord[]): Map<string, Exercised> {
  const byOperation = new Map<string, { versions: Set<string>; tests: Set<string> }>();
  for (const call of calls) {
    const entry = byOperation.get(call.operationId) ?? { versions: new Set<string>(), tests: new Set<string>() };
    entry.versions.add(call.version);
    if (call.testFile) entry.tests.add(call.testFile);
    byOperation.set(call.operationId, entry);
  }
  return new Map(
    [...byOperation].map(([id, entry]) => [id, { versions: [...entry.versions].sort(compareVersions), tests: [...entry.tests].sort() }]),
  );
}

/**
 * The versions mockerd answers an operation at: all it serves, unless dockerd
 * gates the route (router.WithMinimumAPIVersion; earlier versions get its 400).
 * The spec's "since" can be later: dockerd serves e.g. HEAD /_ping at any version.
 */
function servedVersions(op: EndpointRow): string {
  const from = minimumApiVersionOf(op.method, op.path) ?? DEFAULT_MIN_API_VERSION;
  return from === MAX_API_VERSION ? from : `${from}-${MAX_API_VERSION}`;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** ["1.24", "1.25", "1.26", "1.41"] -> "1.24-1.26 1.41" */
function versionRanges(sorted: readonly string[]): string {
  const minor = (v: string) => Number(v.split('.')[1]);
  const runs: string[][] = [];
  for (const version of sorted) {
    const run = runs.at(-1);
    if (run && minor(version) === minor(run.at(-1)!) + 1) run.push(version);
    else runs.push([version]);
  }
  return runs.map((run) => (run.length > 1 ? `${run[0]}-${run.at(-1)}` : run[0]!)).join(' ');
}

function report(endpoints: readonly EndpointRow[], exercised: Map<string, Exercised>): string {
  const listed = new Map(UNCOVERED.map((entry) => [entry.operationId, entry]));
  const header = ['OPERATION', 'METHOD', 'PATH', 'SPEC SINCE', 'SERVED', 'VALIDATED AT', 'TESTS'];
  const validated = (op: EndpointRow) => {
    const versions = exercised.get(op.operationId)?.versions;
    if (versions?.length) return versionRanges(versions);
    const entry = listed.get(op.operationId);
    return entry ? `not yet (issue ${entry.issue})` : 'MISSING';
  };
  const tests = (op: EndpointRow) => exercised.get(op.operationId)?.tests.map((file) => file.replace(/^test\//, '')).join(' ') || '-';
  const rows = endpoints.map((op) => [op.operationId, op.method, op.path, op.since, servedVersions(op), validated(op), tests(op)]);
  const count = endpoints.filter((op) => exercised.has(op.operationId)).length;
  return `${table([header, ...rows])}\n\n${count} of ${endpoints.length} operations exercised (TESTS: files under test/)`;
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
  console.log(report(operations(), exercisedByOperation(readApiCalls())));
}
