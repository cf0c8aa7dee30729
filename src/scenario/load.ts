/**
 * Load a scenario file (YAML or JSON; JSON is YAML) and validate it against the
 * shipped JSON Schema, then against what this engine can do. Every problem carries
 * the file, line and column of the offending node and what was expected there.
 */
import fs from 'node:fs';
import type { Ajv, ErrorObject } from 'ajv';
import { lazyModule } from '../lazy-module.js';

const ajvModule = lazyModule<typeof import('ajv')>('ajv');
import type { Document, Node } from 'yaml';

const yaml = lazyModule<typeof import('yaml')>('yaml');
import { parseDuration } from '../engine/clock.js';
import { SCENARIO_SCHEMA } from './schema.js';
import type { Scenario } from './types.js';
import { checkSemantics, type Capabilities, ALL_CAPABILITIES } from './semantics.js';

export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  /** JSON pointer of the value ("/timeline/2/at"). */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  override readonly name = 'InvalidParameter';
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate() {
  if (!validator) {
    const ajv = new (ajvModule().Ajv)({ allErrors: true, verbose: true, strict: false });
    ajv.addKeyword('x-expected');
    validator = ajv.compile(SCENARIO_SCHEMA);
  }
  return validator;
}

export function loadScenarioFile(file: string, capabilities: Capabilities = ALL_CAPABILITIES): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError([{ file, line: 1, column: 1, path: '', message: `cannot read scenario: ${(err as Error).message}` }]);
  }
  return parseScenario(text, file, capabilities);
}

/** Parse and check a scenario; throws ScenarioError listing every problem, in file order. */
export function parseScenario(
  text: string,
  file = '<scenario>',
  capabilities: Capabilities = ALL_CAPABILITIES,
  extraCheck?: (s: Scenario) => { path: string; message: string }[],
): Scenario {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length) {
    throw new ScenarioError(doc.errors.map((e) => ({ file, line: at(e.pos[0]).line, column: at(e.pos[0]).col, path: '', message: `invalid YAML: ${e.message.split('\n')[0]!}` })));
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const problems: ScenarioProblem[] = [];
  const locate = (pointer: string, key?: string) => position(doc, pointer, key, at, file);
  if (!validate()(data)) {
    for (const err of prune(validate().errors ?? [])) problems.push({ ...locate(err.instancePath, keyOf(err)), message: describe(err) });
  } else {
    const found = [...checkSemantics(data as Scenario, capabilities), ...(extraCheck?.(data as Scenario) ?? [])];
    for (const p of found) problems.push({ ...locate(p.path), message: p.message });
  }
  if (problems.length) throw new ScenarioError(sortProblems(problems));
  return data as Scenario;
}

function sortProblems(list: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return list
    .filter((p) => !seen.has(`${p.line}:${p.column}:${p.message}`) && !!seen.add(`${p.line}:${p.column}:${p.message}`))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Drop the noise of anyOf branches: keep the anyOf error itself (with its x-expected). */
function prune(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'anyOf' || !anyOfPaths.has(e.instancePath) || e.keyword === 'additionalProperties');
}

function keyOf(err: ErrorObject): string | undefined {
  if (err.keyword === 'additionalProperties') return String((err.params as { additionalProperty: string }).additionalProperty);
  return undefined;
}

function describe(err: ErrorObject): string {
  const where = err.instancePath ? `${err.instancePath.slice(1).replace(/\//g, '.')}: ` : '';
  const schema = (err.parentSchema ?? {}) as Record<string, unknown>;
  const expected = schema['x-expected'] as string | undefined;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = (err.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((schema.properties as object) ?? {});
      return `${where}unknown field "${key}"; expected one of: ${allowed.join(', ')}`;
    }
    case 'required':
      return `${where || 'scenario: '}missing field "${(err.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${where}expected one of: ${((err.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}; got ${JSON.stringify(err.data)}`;
    case 'type':
      return `${where}expected ${expected ?? (err.params as { type: string }).type}; got ${typeName(err.data)}`;
    case 'pattern':
    case 'anyOf':
      return `${where}expected ${expected ?? 'a valid value'}; got ${JSON.stringify(err.data)}`;
    case 'minProperties':
    case 'maxProperties':
      return `${where}expected exactly one action (such as node.down or container.exit); got ${Object.keys((err.data as object) ?? {}).length} keys`;
    default:
      return `${where}${err.message ?? 'invalid'}${expected ? ` (expected ${expected})` : ''}`;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Line and column of the node at a JSON pointer (of its key, when one is named). */
function position(doc: Document, pointer: string, key: string | undefined, at: (o: number) => { line: number; col: number }, file: string): ScenarioProblem {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const seg of [...segments, ...(key !== undefined ? [key] : [])]) {
    let next: unknown;
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => yaml().isPair(p) && yaml().isScalar(p.key) && String(p.key.value) === seg);
      if (pair && seg === key && yaml().isNode(pair.key)) {
        offset = pair.key.range?.[0] ?? offset;
        break;
      }
      next = pair?.value;
    } else if (yaml().isSeq(node)) next = node.items[Number(seg)];
    if (!yaml().isNode(next)) break;
    node = next;
    offset = next.range?.[0] ?? offset;
  }
  const pos = at(offset);
  return { file, line: pos.line, column: pos.col, path: pointer + (key !== undefined ? `/${key}` : ''), message: '' };
}

/** Milliseconds of a scenario duration (validated already). */
export const ms = (d: string | number | undefined, fallback = 0): number => (d === undefined ? fallback : parseDuration(d));

/** Bytes of a scenario size: 64MiB, 512m, 1GB, 1024. */
export function bytes(size: string | number): number {
  if (typeof size === 'number') return size;
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(i?)[bB]?$/.exec(size.trim());
  if (!m) throw new Error(`invalid size ${size}`);
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  const base = m[3] || !/[bB]$/.test(size) ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** Math.max(0, power));
}
