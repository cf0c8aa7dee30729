/** GET /images/search: the simulated registries' catalogue, searched like Docker Hub's index. */
import type { Filters } from '../filters.js';
import { invalidParameter } from '../errors.js';
import type { CatalogImage } from './catalog.js';

export interface SearchResult {
  star_count: number;
  is_official: boolean;
  name: string;
  is_automated: boolean;
  description: string;
}

export function searchCatalog(catalog: readonly CatalogImage[], term: string, opts: { limit?: number; filters: Filters }): SearchResult[] {
  opts.filters.validate(['is-automated', 'is-official', 'stars']);
  const limit = opts.limit ?? 25;
  if (limit < 1 || limit > 100) throw invalidParameter(`limit ${limit} is outside the range of [1, 100]`);
  const hostMatch = /^([^/]+\.[^/]+|localhost(:\d+)?)\/(.*)$/.exec(term);
  const registry = hostMatch ? hostMatch[1]! : 'docker.io';
  const needle = (hostMatch ? hostMatch[3]! : term).toLowerCase();
  const seen = new Map<string, SearchResult>();
  for (const img of catalog) {
    if (img.registry !== registry) continue;
    const name = img.name.familiarName;
    if (seen.has(name) || !name.toLowerCase().includes(needle)) continue;
    const labels = (img.config.config?.Labels ?? {}) as Record<string, string>;
    const official = img.registry === 'docker.io' && img.name.path.startsWith('library/');
    seen.set(name, {
      star_count: Number(labels['mockerd.stars'] ?? (official ? 1000 : 0)),
      is_official: official,
      name,
      is_automated: false,
      description: labels['org.opencontainers.image.description'] ?? labels['org.opencontainers.image.title'] ?? '',
    });
  }
  const stars = opts.filters.get('stars').map(Number);
  const official = opts.filters.bool('is-official');
  return [...seen.values()]
    .filter((r) => stars.every((s) => r.star_count >= s))
    .filter((r) => official === undefined || r.is_official === official)
    .filter(() => opts.filters.bool('is-automated') !== true)
    .sort((a, b) => b.star_count - a.star_count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
