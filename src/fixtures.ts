/** Where the fixtures live and how to read the parts the daemon needs at start. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyModule } from './lazy-module.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');
import type { RegistryConfig } from './engine/registries.js';

/** The package's own fixtures/ (src/ and dist/ both sit one level below the root). */
export const DEFAULT_FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function loadRegistries(dir: string): RegistryConfig[] {
  const file = path.join(dir, 'registries.yaml');
  if (!fs.existsSync(file)) return [];
  const doc = yaml().parse(fs.readFileSync(file, 'utf8')) as { registries?: RegistryConfig[] } | null;
  return doc?.registries ?? [];
}
