/**
 * Loads the official swagger file of an API version, once per process.
 * Files live in ../shared/spec next to the repository (override with
 * MOCKERD_SPEC_DIR).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { repairQuotedContinuations } from './yaml-repair.js';
import { specVersionFor } from './versions.js';
import type { SwaggerDoc } from './swagger-types.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function specDir(): string {
  return process.env.MOCKERD_SPEC_DIR ?? path.resolve(REPO_ROOT, '../shared/spec');
}

const docs = new Map<string, SwaggerDoc>();

/** The parsed swagger document documenting `version` (see specVersionFor). */
export function loadSwagger(version: string | undefined): SwaggerDoc {
  const specVersion = specVersionFor(version);
  let doc = docs.get(specVersion);
  if (!doc) {
    const file = path.join(specDir(), `engine-api-v${specVersion}.yaml`);
    const source = repairQuotedContinuations(fs.readFileSync(file, 'utf8'));
    doc = parse(source, { maxAliasCount: -1 }) as SwaggerDoc;
    docs.set(specVersion, doc);
  }
  return doc;
}
