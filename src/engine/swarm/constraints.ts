/**
 * Placement constraints (`node.labels.zone==a`) parsed and matched the way swarmkit's
 * constraint package does: keys are case-insensitive, values compared as strings
 * (case-insensitively except for labels).
 */
import type { SimNode } from '../cluster.js';
import { invalidParameter } from '../errors.js';

export interface Constraint {
  key: string;
  op: '==' | '!=';
  value: string;
}

export function parseConstraints(exprs: readonly string[] | undefined): Constraint[] {
  return (exprs ?? []).map(parseConstraint);
}

export function parseConstraint(expr: string): Constraint {
  const m = /^\s*([^=!\s]+)\s*(==|!=)\s*(.+?)\s*$/.exec(expr);
  if (!m) throw invalidParameter(`rpc error: code = InvalidArgument desc = ContainerSpec: constraint expected one operator from ==, !=`);
  return { key: m[1]!, op: m[2] as Constraint['op'], value: m[3]! };
}

/** The node's value for a constraint key; undefined when the node has no such label. */
function nodeValue(node: SimNode, key: string): { value: string | undefined; caseSensitive: boolean } {
  const lower = key.toLowerCase();
  switch (lower) {
    case 'node.id': return { value: node.id, caseSensitive: false };
    case 'node.hostname': return { value: node.hostname, caseSensitive: false };
    case 'node.role': return { value: node.role, caseSensitive: false };
    case 'node.platform.os': return { value: node.platform.OS, caseSensitive: false };
    case 'node.platform.arch': return { value: node.platform.Architecture, caseSensitive: false };
  }
  if (lower.startsWith('node.labels.')) return { value: node.labels[key.slice('node.labels.'.length)], caseSensitive: true };
  if (lower.startsWith('engine.labels.')) return { value: node.engineLabels[key.slice('engine.labels.'.length)], caseSensitive: true };
  if (lower.startsWith('node.ip')) return { value: node.addr, caseSensitive: false };
  return { value: undefined, caseSensitive: true };
}

export function matchesConstraint(node: SimNode, c: Constraint): boolean {
  const { value, caseSensitive } = nodeValue(node, c.key);
  const eq = value !== undefined && (caseSensitive ? value === c.value : value.toLowerCase() === c.value.toLowerCase());
  return c.op === '==' ? eq : !eq;
}

export const matchesAll = (node: SimNode, cs: readonly Constraint[]) => cs.every((c) => matchesConstraint(node, c));

/** The value a spread preference groups by (`node.labels.zone`). */
export function spreadValue(node: SimNode, descriptor: string): string {
  return nodeValue(node, descriptor).value ?? '';
}
