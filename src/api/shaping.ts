/**
 * Per-version response shaping, in one mechanism: each response model has a list of
 * rules taken from version-history.md, and `shape()` applies the rules whose version
 * boundary lies above the negotiated version. Routes build the newest shape and
 * never test versions themselves.
 *
 * Paths: "A.B" walks objects, "A[]" walks array items, "A.*" walks map values.
 */
import { versionBefore } from './versions.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ShapeRule =
  /** Fields that first appeared in `version`: absent for older clients. */
  | { kind: 'added'; version: string; paths: string[] }
  /** Fields dropped in `version`: older clients still get them, valued by `value(parent)`. */
  | { kind: 'removed'; version: string; path: string; value: (parent: Json, root: Json) => unknown }
  /** Anything else that changed in `version`: `transform` turns the new shape into the old. */
  | { kind: 'changed'; version: string; transform: (body: Json) => Json };

export const addedIn = (version: string, ...paths: string[]): ShapeRule => ({ kind: 'added', version, paths });
export const removedIn = (version: string, path: string, value: (parent: Json, root: Json) => unknown): ShapeRule => ({
  kind: 'removed',
  version,
  path,
  value,
});
export const changedIn = (version: string, transform: (body: Json) => Json): ShapeRule => ({ kind: 'changed', version, transform });

const registry = new Map<string, ShapeRule[]>();

/** Register the rules of a response model (call once per model, at module load). */
export function defineShape(model: string, rules: ShapeRule[]): void {
  // Newest boundary first: transforms undo history from the present backwards.
  registry.set(model, [...rules].sort((a, b) => (versionBefore(a.version, b.version) ? 1 : -1)));
}

/**
 * Shape `body` for `version`. When a rule applies, it works on a deep copy: views
 * may share the engine's own objects (a container's HostConfig), which an older
 * client's answer must not change.
 */
export function shape<T>(model: string, body: T, version: string): T {
  const rules = registry.get(model);
  if (!rules) return body;
  let out: Json = body;
  for (const rule of rules) {
    if (!versionBefore(version, rule.version)) break;
    if (out === body) out = structuredClone(body);
    out = applyRule(rule, out);
  }
  return out as T;
}

function applyRule(rule: ShapeRule, body: Json): Json {
  switch (rule.kind) {
    case 'added':
      for (const path of rule.paths) forEachParent(body, path, (parent, key) => delete parent[key]);
      return body;
    case 'removed':
      forEachParent(body, rule.path, (parent, key) => {
        if (!(key in parent)) parent[key] = rule.value(parent, body);
      });
      return body;
    case 'changed':
      return rule.transform(body);
  }
}

/** Call fn(parent, lastKey) for every object that a path's last segment hangs from. */
function forEachParent(root: Json, path: string, fn: (parent: Json, key: string) => void): void {
  const segments = path.split('.');
  const last = segments.pop()!;
  let level: Json[] = [root];
  for (const seg of segments) level = level.flatMap((node) => step(node, seg));
  for (const node of level) {
    if (last.endsWith('[]')) continue;
    if (node && typeof node === 'object' && !Array.isArray(node)) fn(node, last);
  }
}

function step(node: Json, seg: string): Json[] {
  if (node === null || typeof node !== 'object') return [];
  if (seg === '*') return Object.values(node);
  if (seg.endsWith('[]')) {
    const arr = node[seg.slice(0, -2)];
    return Array.isArray(arr) ? arr : [];
  }
  return node[seg] === undefined ? [] : [node[seg]];
}

/** For tests and the coverage report: the models that have shaping rules. */
export function shapedModels(): string[] {
  return [...registry.keys()];
}
