/**
 * Which API operations did the tests validate against the spec?
 *
 *   npx vitest run && npx tsx scripts/coverage-api.ts
 *
 * Reads ../shared/spec/endpoints.tsv (every operation of the newest spec) and
 * the coverage/api-calls/*.jsonl files test/support/spec.ts writes for each
 * validateResponse call, and prints one row per operation with the API
 * versions it was validated at, or MISSING. Always exits 0 for now.
 */
import { operations, type EndpointRow } from '../test/support/spec/endpoints.js';
import { readApiCalls, type ApiCallRecord } from '../test/support/spec/record.js';
import { compareVersions } from '../test/support/spec/versions.js';

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
  const header = ['OPERATION', 'METHOD', 'PATH', 'SINCE', 'VERSIONS VALIDATED'];
  const rows = endpoints.map((op) => [op.operationId, op.method, op.path, op.since, validated.get(op.operationId)?.join(' ') ?? 'MISSING']);
  const exercised = endpoints.filter((op) => validated.has(op.operationId)).length;
  return `${table([header, ...rows])}\n\n${exercised} of ${endpoints.length} operations exercised`;
}

console.log(report(operations(), versionsByOperation(readApiCalls())));
