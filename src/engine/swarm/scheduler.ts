/**
 * The scheduler: swarmkit's filter pipeline (ready, resources, constraints, platform,
 * max replicas) then spread: placement preferences first, then the node with the
 * fewest tasks of the service, then the fewest tasks overall. A task no node can take
 * stays pending with swarmkit's "no suitable node (...)" explanation.
 */
import type { SimNode } from '../cluster.js';
import { matchesAll, parseConstraints, spreadValue, type Constraint } from './constraints.js';
import type { Json, Task } from './types.js';

/** What is already placed on a node (tasks whose desired state is running or ready). */
export interface NodeLoad {
  total: number;
  byService: Map<string, number>;
  nanoCpus: number;
  memoryBytes: number;
}

export type Placement = { node: SimNode } | { error: string };

interface Filter {
  ok(node: SimNode, load: NodeLoad, need: TaskNeeds): boolean;
  explain(count: number): string;
}

interface TaskNeeds {
  serviceId: string;
  constraints: Constraint[];
  platforms: Json[];
  maxReplicas: number;
  nanoCpus: number;
  memoryBytes: number;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one.replace('%d', '1') : many.replace('%d', String(n)));

const PIPELINE: Filter[] = [
  {
    ok: (n) => n.state === 'ready' && n.availability === 'active',
    explain: (n) => plural(n, '1 node not available for new tasks', '%d nodes not available for new tasks'),
  },
  {
    ok: (n, load, need) =>
      load.nanoCpus + need.nanoCpus <= n.resources.NanoCPUs && load.memoryBytes + need.memoryBytes <= n.resources.MemoryBytes,
    explain: (n) => plural(n, 'insufficient resources on 1 node', 'insufficient resources on %d nodes'),
  },
  {
    ok: (n, _l, need) => matchesAll(n, need.constraints),
    explain: (n) => plural(n, 'scheduling constraints not satisfied on 1 node', 'scheduling constraints not satisfied on %d nodes'),
  },
  {
    ok: (n, _l, need) =>
      need.platforms.length === 0 ||
      need.platforms.some((p) => (!p.OS || p.OS === n.platform.OS) && (!p.Architecture || archMatches(p.Architecture, n.platform.Architecture))),
    explain: (n) => plural(n, 'unsupported platform on 1 node', 'unsupported platform on %d nodes'),
  },
  {
    ok: (_n, load, need) => need.maxReplicas === 0 || (load.byService.get(need.serviceId) ?? 0) < need.maxReplicas,
    explain: () => 'max replicas per node limit exceed',
  },
];

function archMatches(want: string, have: string): boolean {
  const norm = (a: string) => (a === 'x86_64' ? 'amd64' : a === 'aarch64' ? 'arm64' : a);
  return norm(want) === norm(have);
}

export function taskNeeds(task: Task): TaskNeeds {
  const placement = task.spec.Placement ?? {};
  const reservations = task.spec.Resources?.Reservations ?? {};
  return {
    serviceId: task.serviceId,
    constraints: parseConstraints(placement.Constraints),
    platforms: placement.Platforms ?? [],
    maxReplicas: placement.MaxReplicas ?? 0,
    nanoCpus: reservations.NanoCPUs ?? 0,
    memoryBytes: reservations.MemoryBytes ?? 0,
  };
}

export const emptyLoad = (): NodeLoad => ({ total: 0, byService: new Map(), nanoCpus: 0, memoryBytes: 0 });

export function addLoad(load: NodeLoad, task: Task, sign = 1): void {
  const r = task.spec.Resources?.Reservations ?? {};
  load.total += sign;
  load.byService.set(task.serviceId, (load.byService.get(task.serviceId) ?? 0) + sign);
  load.nanoCpus += sign * (r.NanoCPUs ?? 0);
  load.memoryBytes += sign * (r.MemoryBytes ?? 0);
}

/** Does the node pass every filter for this task (global services place by this)? */
export function nodeFits(node: SimNode, load: NodeLoad, task: Task): boolean {
  const need = taskNeeds(task);
  return PIPELINE.every((f) => f.ok(node, load, need));
}

/** Pick a node for a task among the swarm's nodes, or explain why none fits. */
export function placeTask(task: Task, nodes: readonly SimNode[], loads: Map<string, NodeLoad>): Placement {
  const need = taskNeeds(task);
  const failures = new Array<number>(PIPELINE.length).fill(0);
  let fit: SimNode[] = [];
  for (const node of nodes) {
    const load = loads.get(node.id) ?? emptyLoad();
    const failed = PIPELINE.findIndex((f) => !f.ok(node, load, need));
    if (failed < 0) fit.push(node);
    else failures[failed]!++;
  }
  if (fit.length === 0) {
    const reasons = PIPELINE.flatMap((f, i) => (failures[i] ? [f.explain(failures[i]!)] : []));
    return { error: `no suitable node (${reasons.join('; ')})` };
  }
  const svc = (n: SimNode) => loads.get(n.id)?.byService.get(task.serviceId) ?? 0;
  for (const pref of task.spec.Placement?.Preferences ?? []) {
    const descriptor = pref?.Spread?.SpreadDescriptor;
    if (!descriptor) continue;
    const groups = new Map<string, { count: number; nodes: SimNode[] }>();
    for (const n of fit) {
      const key = spreadValue(n, descriptor);
      const g = groups.get(key) ?? { count: 0, nodes: [] };
      g.count += svc(n);
      g.nodes.push(n);
      groups.set(key, g);
    }
    let best: { count: number; nodes: SimNode[] } | undefined;
    for (const g of groups.values()) if (!best || g.count / g.nodes.length < best.count / best.nodes.length) best = g;
    fit = best!.nodes;
  }
  let chosen = fit[0]!;
  for (const n of fit) {
    const a = svc(n);
    const b = svc(chosen);
    if (a < b || (a === b && (loads.get(n.id)?.total ?? 0) < (loads.get(chosen.id)?.total ?? 0))) chosen = n;
  }
  return { node: chosen };
}
