/** Request helpers shared by the swarm-tag routers (swarm, nodes, services, tasks, secrets, configs). */
import type { Context } from 'hono';
import { invalidParameter } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import type { Json } from '../engine/swarm/types.js';
import { readBodyText } from './request.js';

/** `?version=N` as dockerd parses it: strconv.ParseUint errors in its wording. */
export function versionParam(c: Context, kind: string): number {
  const raw = c.req.query('version') ?? '';
  if (!/^\d+$/.test(raw)) {
    const why = raw === '' || /^[+-]?\d/.test(raw) === false ? 'invalid syntax' : 'invalid syntax';
    throw invalidParameter(`invalid ${kind} version '${raw}': strconv.ParseUint: parsing ${JSON.stringify(raw)}: ${why}`);
  }
  return Number(raw);
}

/** A JSON object body decoded the way Go's json.Decoder reports errors. */
export async function readSpec(c: Context): Promise<Json> {
  const text = await readBodyText(c);
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch (err) {
    throw invalidParameter(goJsonError(text, err));
  }
}

function goJsonError(text: string, err: unknown): string {
  const pos = Number(/position (\d+)/.exec(String(err))?.[1] ?? text.length);
  const ch = text[pos];
  if (ch === undefined) return 'unexpected EOF';
  const before = text.slice(0, pos).trimEnd().slice(-1);
  const where = before === '{' || before === ',' ? 'looking for beginning of object key string' : 'looking for beginning of value';
  return `invalid character '${ch}' ${where}`;
}

export function filtersParam(c: Context, accepted: readonly string[]): Filters {
  return Filters.parse(c.req.query('filters'), accepted);
}

export const matchPrefix = (values: string[], actual: string) => values.length === 0 || values.some((v) => actual.startsWith(v));
export const matchLabels = (values: string[], labels: Record<string, string>) =>
  values.every((v) => {
    const eq = v.indexOf('=');
    return eq < 0 ? v in labels : labels[v.slice(0, eq)] === v.slice(eq + 1);
  });
