/**
 * Heavy dependencies that only some requests need (the scenario schema validator, the
 * Dockerfile parser) are loaded on first use: start-up time is a product figure, and a
 * require through createRequire stays out of the CLI bundle's start-up path.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}
