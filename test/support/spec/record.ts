/**
 * Remembers which operations tests validated, for scripts/coverage-api.ts:
 * one JSONL file per process (vitest worker) under coverage/api-calls/, one
 * line per distinct (operation, version, status, test file). Set MOCKERD_API_CALLS=0 to
 * switch it off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './load.js';

export interface ApiCallRecord {
  operationId: string;
  version: string;
  method: string;
  path: string;
  status: number;
  /** the test file that made the call, relative to the repository (absent in older records) */
  testFile?: string;
}

export const API_CALLS_DIR = path.join(REPO_ROOT, 'coverage', 'api-calls');

const seen = new Set<string>();
let file: string | undefined;

function recordFile(): string {
  if (!file) {
    fs.mkdirSync(API_CALLS_DIR, { recursive: true });
    file = path.join(API_CALLS_DIR, `calls-${process.pid}.jsonl`);
  }
  return file;
}

export function recordApiCall(call: ApiCallRecord): void {
  if (process.env.MOCKERD_API_CALLS === '0') return;
  const key = `${call.operationId} ${call.version} ${call.status} ${call.testFile ?? ''}`;
  if (seen.has(key)) return;
  seen.add(key);
  try {
    fs.appendFileSync(recordFile(), `${JSON.stringify(call)}\n`);
  } catch {
    // coverage bookkeeping must never fail a test
  }
}

/** Every record written so far by any process. */
export function readApiCalls(dir: string = API_CALLS_DIR): ApiCallRecord[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as ApiCallRecord];
      } catch {
        return [];
      }
    });
}
