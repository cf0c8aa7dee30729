/**
 * Docker's list filters (moby's filters.Args): a map of key -> set of values, parsed
 * from the `filters` query parameter in either the current ({"k":{"v":true}}) or the
 * legacy ({"k":["v"]}) form, validated against the keys an endpoint accepts.
 */
import { invalidParameter } from './errors.js';

export class Filters {
  constructor(private readonly args: Map<string, Set<string>> = new Map()) {}

  static parse(raw: string | undefined, accepted?: readonly string[]): Filters {
    const filters = raw === undefined || raw === '' ? new Filters() : Filters.fromJson(raw);
    if (accepted) filters.validate(accepted);
    return filters;
  }

  private static fromJson(raw: string): Filters {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidParameter(`invalid filter: ${JSON.stringify(raw)} is not valid JSON`);
    }
    if (value === null) return new Filters();
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidParameter(`invalid filter: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]map[string]bool`);
    }
    const args = new Map<string, Set<string>>();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      args.set(key, new Set(valuesOf(key, v)));
    }
    return new Filters(args);
  }

  validate(accepted: readonly string[]): void {
    for (const key of this.args.keys()) {
      if (!accepted.includes(key)) throw invalidParameter(`invalid filter '${key}'`);
    }
  }

  get size(): number {
    return this.args.size;
  }

  has(key: string): boolean {
    return this.args.has(key);
  }

  get(key: string): string[] {
    return [...(this.args.get(key) ?? [])];
  }

  /** True when the key is absent, or value equals one of its values. */
  exact(key: string, value: string): boolean {
    const set = this.args.get(key);
    return !set || set.size === 0 || set.has(value);
  }

  /** True when the key is absent, or a value of it is a prefix of `value`. */
  prefix(key: string, value: string): boolean {
    const set = this.args.get(key);
    return !set || set.size === 0 || [...set].some((v) => value.startsWith(v));
  }

  /** Like dockerd's Match: absent key, or any value is a regexp matching `value`. */
  match(key: string, value: string): boolean {
    const set = this.args.get(key);
    if (!set || set.size === 0) return true;
    return [...set].some((v) => v === value || safeRegExp(v)?.test(value));
  }

  /** `label=k` / `label=k=v` (and `label!=...` forms) against a label map. */
  labels(key: string, labels: Record<string, string> | undefined): boolean {
    const set = this.args.get(key);
    if (!set || set.size === 0) return true;
    return [...set].every((expr) => labelMatches(expr, labels ?? {}));
  }

  /** A boolean filter (`dangling=true`); undefined when absent; 400 when malformed. */
  bool(key: string): boolean | undefined {
    const values = this.get(key);
    if (values.length === 0) return undefined;
    const truthy = values.map((v) => v.toLowerCase());
    if (truthy.some((v) => !['true', 'false', '1', '0'].includes(v))) {
      throw invalidParameter(`invalid filter '${key}=${values[0]}'`);
    }
    return truthy.includes('true') || truthy.includes('1');
  }
}

function valuesOf(key: string, v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v && typeof v === 'object') return Object.keys(v);
  throw invalidParameter(`invalid filter '${key}': values must be a list or a set`);
}

function labelMatches(expr: string, labels: Record<string, string>): boolean {
  const neq = expr.indexOf('!=');
  if (neq > 0) return labels[expr.slice(0, neq)] !== expr.slice(neq + 2);
  const eq = expr.indexOf('=');
  if (eq < 0) return expr in labels;
  return labels[expr.slice(0, eq)] === expr.slice(eq + 1);
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}
