/**
 * Which events a /events subscriber sees: dockerd's rules (daemon/events/filter.go):
 * object filters match the actor's ID or name by prefix, `image` matches with or
 * without tag, `event` is exact except for the actions that carry a suffix.
 */
import { Filters } from './filters.js';
import type { DockerEvent } from './events.js';

export const EVENT_FILTER_KEYS = [
  'config',
  'container',
  'daemon',
  'event',
  'image',
  'label',
  'network',
  'node',
  'plugin',
  'scope',
  'secret',
  'service',
  'type',
  'volume',
] as const;

const NAMED_TYPES = ['container', 'daemon', 'volume', 'network', 'plugin', 'service', 'secret', 'config', 'node'] as const;
const SUFFIXED_ACTIONS = ['health_status', 'exec_create', 'exec_start'];

export function eventMatches(filters: Filters, ev: DockerEvent): boolean {
  return (
    matchAction(filters, ev.Action) &&
    filters.exact('type', ev.Type) &&
    filters.exact('scope', ev.scope) &&
    NAMED_TYPES.every((t) => fuzzyName(filters, t, ev)) &&
    matchImage(filters, ev) &&
    filters.labels('label', ev.Actor.Attributes)
  );
}

function matchAction(filters: Filters, action: string): boolean {
  if (filters.get('event').some((v) => SUFFIXED_ACTIONS.includes(v))) return fuzzy(filters, 'event', action);
  return filters.exact('event', action);
}

function fuzzyName(filters: Filters, key: string, ev: DockerEvent): boolean {
  if (!filters.has(key)) return true;
  return fuzzy(filters, key, ev.Actor.ID) || fuzzy(filters, key, ev.Actor.Attributes['name'] ?? '');
}

/** moby's FuzzyMatch: exact value, or a filter value that prefixes it. */
function fuzzy(filters: Filters, key: string, value: string): boolean {
  const values = filters.get(key);
  if (values.length === 0) return true;
  return values.some((v) => v === value || (value !== '' && value.startsWith(v)));
}

function matchImage(filters: Filters, ev: DockerEvent): boolean {
  if (!filters.has('image')) return true;
  const name = ev.Actor.Attributes[ev.Type === 'image' ? 'name' : 'image'] ?? '';
  const candidates = [ev.Actor.ID, name, stripTag(ev.Actor.ID), stripTag(name)];
  return candidates.some((c) => c !== '' && filters.exact('image', c));
}

function stripTag(ref: string): string {
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(0, at);
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
}
