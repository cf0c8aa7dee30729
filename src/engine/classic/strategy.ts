/**
 * Classic Swarm's placement strategies. spread and binpack weigh each node by the CPU
 * and memory it would have reserved with the new container (swarm's weighNodes);
 * ties go to the node with fewer (spread) or more (binpack) containers. random
 * shuffles with the engine's seeded source.
 */
import type { RandomSource } from '../random.js';
import type { NodeFacts } from './filters.js';
import type { SchedulingRequest } from './config.js';

export type StrategyName = 'spread' | 'binpack' | 'random';
export const STRATEGIES: readonly StrategyName[] = ['spread', 'binpack', 'random'];
export const NO_RESOURCES = 'no resources available to schedule container';

export interface NodeUsage {
  cpus: number;
  memory: number;
  usedCpus: number;
  usedMemory: number;
}

interface Weighted {
  facts: NodeFacts;
  weight: number;
  index: number;
}

function weigh(req: SchedulingRequest, nodes: NodeFacts[], usage: (n: NodeFacts) => NodeUsage, healthFactor: number): Weighted[] {
  const out: Weighted[] = [];
  nodes.forEach((facts, index) => {
    const u = usage(facts);
    if (u.memory < req.memory || u.cpus < req.cpuShares) return;
    const cpuScore = req.cpuShares > 0 ? Math.trunc(((u.usedCpus + req.cpuShares) * 100) / u.cpus) : 100;
    const memoryScore = req.memory > 0 ? Math.trunc(((u.usedMemory + req.memory) * 100) / u.memory) : 100;
    if (cpuScore <= 100 && memoryScore <= 100) out.push({ facts, weight: cpuScore + memoryScore + healthFactor * 100, index });
  });
  if (!out.length) throw new Error(NO_RESOURCES);
  return out;
}

/** Candidates best first. */
export function rankNodes(strategy: StrategyName, req: SchedulingRequest, nodes: NodeFacts[], usage: (n: NodeFacts) => NodeUsage, random: RandomSource): NodeFacts[] {
  if (strategy === 'random') {
    const list = [...nodes];
    for (let i = list.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
  const spread = strategy === 'spread';
  const weighted = weigh(req, nodes, usage, spread ? -10 : 10);
  const less = (a: Weighted, b: Weighted) => (a.weight === b.weight ? a.facts.containers.length - b.facts.containers.length : a.weight - b.weight);
  weighted.sort((a, b) => (spread ? less(a, b) : -less(a, b)) || a.index - b.index);
  return weighted.map((w) => w.facts);
}
