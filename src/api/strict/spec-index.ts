/**
 * What the swagger of an API version accepts, per operation: its query parameters
 * and the fields of its JSON body, at every depth. Loaded lazily (strict mode only), one
 * spec file per version, with the continuation-line repair old specs need.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyModule } from '../../lazy-module.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

type Schema = { $ref?: string; properties?: Record<string, Schema>; allOf?: Schema[]; additionalProperties?: unknown; type?: string; items?: Schema };
interface Param { name: string; in: string; schema?: Schema }
interface Operation { parameters?: Param[] }
interface Doc { paths: Record<string, Record<string, Operation | Param[]>>; definitions?: Record<string, Schema> }

export interface OperationRules {
  template: string;
  query: Set<string>;
  /** Paths of the JSON body's fields the schema does not declare ([] when it has no body schema). */
  undeclared(body: unknown): string[];
}

const OLDEST = 25;
const NEWEST = 56;
const indexes = new Map<string, { re: RegExp; method: string; rules: OperationRules }[]>();

export function specDirectory(): string {
  if (process.env.MOCKERD_SPEC_DIR) return process.env.MOCKERD_SPEC_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = resolve(dir, '../shared/spec');
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  return resolve(process.cwd(), '../shared/spec');
}

/** The rules of the operation `method path` at `version`, or undefined if the spec has none. */
export function rulesFor(version: string, method: string, path: string): OperationRules | undefined {
  const minor = Math.min(Math.max(Number(version.split('.')[1]), OLDEST), NEWEST);
  const key = `1.${minor}`;
  let index = indexes.get(key);
  if (!index) indexes.set(key, (index = build(load(key))));
  const m = method.toLowerCase();
  const hits = index.filter((o) => o.method === m && o.re.test(path));
  // The most specific template wins (fewest parameters).
  return hits.sort((a, b) => paramCount(a.rules.template) - paramCount(b.rules.template))[0]?.rules;
}

const paramCount = (t: string) => (t.match(/\{/g) ?? []).length;

function load(version: string): Doc {
  const source = repairQuotedContinuations(readFileSync(resolve(specDirectory(), `engine-api-v${version}.yaml`), 'utf8'));
  return yaml().parse(source, { maxAliasCount: -1 }) as Doc;
}

function build(doc: Doc) {
  const out: { re: RegExp; method: string; rules: OperationRules }[] = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const shared = (Array.isArray(item.parameters) ? item.parameters : []) as Param[];
    const re = new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{name\}(?=\/|$)/g, '.+').replace(/\{[^}]+\}/g, '[^/]+') + '$');
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || Array.isArray(op)) continue;
      const params = [...shared, ...(op.parameters ?? [])];
      const body = params.find((p) => p.in === 'body');
      const schema = body?.schema;
      const extras = GO_TYPE_EXTRAS[`${method.toUpperCase()} ${template}`] ?? [];
      const undeclared = (value: unknown) =>
        schema ? undeclaredFields(doc, schema, value, '', 0).filter((path) => !extras.includes(path.replace(/\[\d+\]/g, '[]'))) : [];
      out.push({ re, method, rules: { template, query: new Set(params.filter((p) => p.in === 'query').map((p) => p.name)), undeclared } });
    }
  }
  return out;
}

/**
 * Body fields dockerd's Go request types have although no swagger declares them, which
 * real clients send (so dockerd decodes them): strict mode lets them through.
 */
const GO_TYPE_EXTRAS: Record<string, string[]> = {
  // container.ExecOptions.Detach: the docker CLI always sends it (moby api/types/container/exec.go).
  'POST /containers/{id}/exec': ['Detach'],
  // swarm.InitRequest / JoinRequest: the CLI sends AutoLockManagers and Availability (api/types/swarm/swarm.go).
  'POST /swarm/init': ['AutoLockManagers', 'Availability'],
  'POST /swarm/join': ['Availability'],
};

const resolved = (doc: Doc, schema: Schema): Schema =>
  schema.$ref ? (doc.definitions?.[schema.$ref.replace('#/definitions/', '')] ?? {}) : schema;

/**
 * An object schema's fields by lower-cased name (Go's JSON decoding matches keys
 * case-insensitively, so dockerd reads "cmd" as Cmd), or undefined when it is open:
 * additionalProperties, or no declared properties.
 */
function fieldsOf(doc: Doc, schema: Schema, depth: number): Map<string, Schema> | undefined {
  const s = resolved(doc, schema);
  if (depth > 8 || s.additionalProperties) return undefined;
  const fields = new Map<string, Schema>(Object.entries(s.properties ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const part of s.allOf ?? []) {
    const sub = fieldsOf(doc, part, depth + 1);
    if (!sub) return undefined;
    for (const [k, v] of sub) fields.set(k, v);
  }
  return fields.size ? fields : undefined;
}

function undeclaredFields(doc: Doc, schema: Schema, value: unknown, path: string, depth: number): string[] {
  if (depth > 16 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const items = resolved(doc, schema).items;
    return items ? value.flatMap((v, i) => undeclaredFields(doc, items, v, `${path}[${i}]`, depth + 1)) : [];
  }
  const fields = fieldsOf(doc, schema, 0);
  if (!fields) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    const field = fields.get(key.toLowerCase());
    return field ? undeclaredFields(doc, field, v, at, depth + 1) : [at];
  });
}

/** Old specs' double-quoted descriptions with shallow continuation lines (go-yaml accepts them). */
function repairQuotedContinuations(source: string): string {
  const opens = /^(\s*(?:- )?)[\w$.-]+:\s+"/;
  const quotes = (t: string) => {
    let n = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '\\') i++;
      else if (t[i] === '"') n++;
    }
    return n;
  };
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = opens.exec(lines[i]!);
    if (!m || quotes(lines[i]!) % 2 === 0) continue;
    const indent = ' '.repeat(m[1]!.length + 2);
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      lines[i] = indent + line.trimStart();
      if (quotes(line) % 2 === 1) break;
    }
  }
  return lines.join('\n');
}
