/** The test file vitest is running now, relative to the repository, for the coverage records. */
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './load.js';

export function currentTestFile(): string | undefined {
  try {
    const testPath = expect.getState().testPath;
    return testPath ? path.relative(REPO_ROOT, testPath).split(path.sep).join('/') : undefined;
  } catch {
    return undefined; // outside a vitest test
  }
}
