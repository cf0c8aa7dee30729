/**
 * Classic Swarm's scheduler expressions (`node==node-2`, `region!=~eu*`, `image==/^redis/`):
 * parsing and matching as swarm/scheduler/filter/expr.go did, with its error texts.
 */
import { invalidParameter } from '../errors.js';

export const OPERATORS = ['==', '!='] as const;

export interface Expr {
  key: string;
  operator: 0 | 1;
  value: string;
  /** `~` after the operator: a preference, dropped when nothing satisfies it. */
  isSoft: boolean;
}

const KEY_RE = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE_RE = /^[=!/]?(~)?[a-z0-9:\-_\s.*/()?+[\]\\^$|]+$/i;

export function parseExprs(entries: readonly string[]): Expr[] {
  return entries.map((e) => {
    const operator = OPERATORS.findIndex((op) => e.includes(op));
    if (operator < 0) throw invalidParameter('One of operator ==, != is expected');
    const op = OPERATORS[operator]!;
    const at = e.indexOf(op);
    const key = e.slice(0, at);
    let value = e.slice(at + op.length);
    if (!KEY_RE.test(key)) throw invalidParameter(`Key '${key}' is invalid`);
    if (!VALUE_RE.test(value)) throw invalidParameter(`Value '${value}' is invalid`);
    const isSoft = value.startsWith('~');
    if (isSoft) value = value.slice(1);
    return { key: key.toLowerCase(), operator: operator as 0 | 1, value, isSoft };
  });
}

/** The expression as swarm printed it in "the following conditions" lists. */
export const exprString = (e: Expr) => `${e.key}${OPERATORS[e.operator]}${e.isSoft ? '~' : ''}${e.value}`;

/** True when any of `whats` matches (==), or none does (!=). Globs `*`, regexps `/.../`. */
export function exprMatches(e: Expr, ...whats: string[]): boolean {
  const pattern = e.value.length > 1 && e.value.startsWith('/') && e.value.endsWith('/') ? e.value.slice(1, -1) : `^${e.value.replace(/\*/g, '.*')}$`;
  let re: RegExp | undefined;
  try {
    re = new RegExp(pattern);
  } catch {
    re = undefined;
  }
  const match = !!re && whats.some((w) => re!.test(w));
  return e.operator === 0 ? match : !match;
}
