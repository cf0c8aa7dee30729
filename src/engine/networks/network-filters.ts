/** GET /networks and POST /networks/prune filters, with dockerd's keys and texts. */
import { invalidParameter, systemError } from '../errors.js';
import type { Filters } from '../filters.js';
import type { Network } from './network.js';

export const NETWORK_FILTER_KEYS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'] as const;
export const PRUNE_FILTER_KEYS = ['until', 'label', 'label!'] as const;

export function matchesNetworkFilters(n: Network, f: Filters): boolean {
  if (!f.exact('driver', n.driver)) return false;
  if (!f.match('name', n.name)) return false;
  if (!f.match('id', n.id)) return false;
  if (!f.labels('label', n.spec.labels ?? {})) return false;
  if (!f.exact('scope', n.spec.scope)) return false;
  const dangling = f.get('dangling');
  if (dangling.length > 1) throw invalidParameter('got more than one value for filter key "dangling"');
  if (dangling.length === 1) {
    const v = dangling[0]!;
    if (!['0', 'false', '1', 'true'].includes(v)) {
      throw invalidParameter('invalid value for filter \'dangling\', must be "true" (or "1"), or "false" (or "0")');
    }
    const inUse = n.predefined || n.endpoints.size > 0;
    if ((v === '1' || v === 'true') === inUse) return false;
  }
  const types = f.get('type');
  if (types.length) {
    for (const t of types) if (t !== 'builtin' && t !== 'custom') throw systemError(`invalid filter: 'type'='${t}'`);
    if (!types.includes(n.predefined ? 'builtin' : 'custom')) return false;
  }
  return true;
}
