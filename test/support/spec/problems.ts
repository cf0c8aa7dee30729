/** Turns ajv errors into one readable line per problem, naming the field path. */
import type { ErrorObject } from 'ajv';

/** "/State/Health/Log/0" -> "body.State.Health.Log[0]" */
export function fieldPath(pointer: string, child?: string): string {
  const steps = pointer.split('/').slice(1).map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) steps.push(child);
  return steps.reduce(
    (out, step) => (/^\d+$/.test(step) ? `${out}[${step}]` : /^[A-Za-z_$][\w$]*$/.test(step) ? `${out}.${step}` : `${out}[${JSON.stringify(step)}]`),
    'body',
  );
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The branch of a nullable `anyOf: [ref, null]` that only says "must be null". */
function isNullBranchNoise(error: ErrorObject): boolean {
  return (error.keyword === 'type' && error.params.type === 'null' && error.schemaPath.includes('/anyOf/')) || error.keyword === 'anyOf';
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${fieldPath(error.instancePath, String(params.additionalProperty))}: unknown field (not declared by the spec)`;
    case 'required':
      return `${fieldPath(error.instancePath, String(params.missingProperty))}: required field missing`;
    case 'type':
      return `${fieldPath(error.instancePath)}: wrong type, expected ${String(params.type)} but got ${typeOf(error.data)} ${preview(error.data)}`;
    case 'enum':
      return `${fieldPath(error.instancePath)}: ${preview(error.data)} is not one of ${preview(params.allowedValues)}`;
    default:
      return `${fieldPath(error.instancePath)}: ${error.message ?? error.keyword}`;
  }
}

const MAX_PROBLEMS = 25;

/**
 * One line per problem. Repeats that differ only in array indexes collapse
 * into the first, with a count.
 */
export function describeErrors(errors: readonly ErrorObject[], prefix = ''): string[] {
  const byShape = new Map<string, { line: string; count: number }>();
  for (const error of errors) {
    if (isNullBranchNoise(error)) continue;
    const line = prefix + describe(error);
    const shape = line.replace(/\[\d+\]/g, '[]');
    const entry = byShape.get(shape);
    if (entry) entry.count++;
    else byShape.set(shape, { line, count: 1 });
  }
  const lines = [...byShape.values()].map(({ line, count }) => (count > 1 ? `${line} (and ${count - 1} more like it)` : line));
  if (lines.length <= MAX_PROBLEMS) return lines;
  return [...lines.slice(0, MAX_PROBLEMS), `... and ${lines.length - MAX_PROBLEMS} more problems`];
}
