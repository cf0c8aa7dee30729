/**
 * Classic Swarm's scheduler filters, in its default order (health, port, dependency,
 * affinity, constraint): each narrows the candidate nodes and can list the
 * conditions it applied for "Unable to find a node that satisfies ...".
 */
import type { Container } from '../containers/container.js';
import type { SimNode } from '../cluster.js';
import { exprMatches, exprString, parseExprs } from './expr.js';
import type { SchedulingRequest } from './config.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a filter may ask about a node. */
export interface NodeFacts {
  node: SimNode;
  containers: Container[];
  /** IDs, repo:tags and repositories of the images on the node. */
  imageNames: string[];
  labels: Record<string, string>;
}

export interface Filter {
  name: string;
  /** Narrow `nodes`; throw (any error) when none is left. */
  filter(req: SchedulingRequest, nodes: NodeFacts[], soft: boolean): NodeFacts[];
  conditions(req: SchedulingRequest): string[];
}

class NoneLeft extends Error {}

const health: Filter = {
  name: 'health',
  filter: (_req, nodes) => {
    const ok = nodes.filter((n) => n.node.state === 'ready');
    if (!ok.length) throw new Error('No healthy node available in the cluster');
    return ok;
  },
  conditions: () => [],
};

function bindingsOf(hostConfig: Json): { HostIp: string; HostPort: string }[] {
  return Object.values((hostConfig.PortBindings ?? {}) as Record<string, Json[] | null>).flatMap((list) =>
    (list ?? []).map((b) => ({ HostIp: String(b.HostIp ?? ''), HostPort: String(b.HostPort ?? '') })),
  );
}

const allInterfaces = (ip: string) => ip === '' || ip === '0.0.0.0';

const port: Filter = {
  name: 'port',
  filter: (req, nodes) => {
    if (req.hostConfig.NetworkMode === 'host') {
      for (const p of req.exposedPorts) {
        nodes = nodes.filter((n) => !n.containers.some((c) => c.hostConfig.NetworkMode === 'host' && p in (c.config.ExposedPorts ?? {})));
        if (!nodes.length) throw new NoneLeft();
      }
      return nodes;
    }
    for (const wanted of bindingsOf(req.hostConfig)) {
      if (!wanted.HostPort) continue;
      nodes = nodes.filter(
        (n) => !n.containers.some((c) => bindingsOf(c.hostConfig).some((b) => b.HostPort === wanted.HostPort && (b.HostIp === wanted.HostIp || allInterfaces(b.HostIp) || allInterfaces(wanted.HostIp)))),
      );
      if (!nodes.length) throw new NoneLeft();
    }
    return nodes;
  },
  conditions: (req) =>
    req.hostConfig.NetworkMode === 'host'
      ? req.exposedPorts.map((p) => `port ${p} (Host mode)`)
      : bindingsOf(req.hostConfig).filter((b) => b.HostPort).map((b) => `port ${b.HostPort} (Bridge mode)`),
};

function dependencies(hostConfig: Json): string[] {
  const deps = [
    ...((hostConfig.VolumesFrom ?? []) as string[]).map((v) => v.split(':')[0]!),
    ...((hostConfig.Links ?? []) as string[]).map((l) => l.split(':')[0]!),
  ];
  const mode = String(hostConfig.NetworkMode ?? '');
  if (mode.startsWith('container:')) deps.push(mode.slice('container:'.length));
  return deps.map((d) => d.replace(/^\//, ''));
}

const hasContainer = (n: NodeFacts, ref: string) => n.containers.some((c) => c.id === ref || c.id.startsWith(ref) || c.name === `/${ref}`);

const dependency: Filter = {
  name: 'dependency',
  filter: (req, nodes) => {
    const deps = dependencies(req.hostConfig);
    const ok = nodes.filter((n) => deps.every((d) => hasContainer(n, d)));
    if (!ok.length) throw new NoneLeft();
    return ok;
  },
  conditions: (req) => {
    const hc = req.hostConfig;
    const mode = String(hc.NetworkMode ?? '');
    return [
      ...((hc.VolumesFrom ?? []) as string[]).map((v) => `--volumes-from=${v}`),
      ...((hc.Links ?? []) as string[]).map((l) => `--link=${l}`),
      ...(mode.startsWith('container:') ? [`--net=${mode}`] : []),
    ];
  },
};

const affinity: Filter = {
  name: 'affinity',
  filter: (req, nodes, soft) => {
    for (const a of parseExprs(req.affinities)) {
      if (!soft && a.isSoft) continue;
      const ok = nodes.filter((n) => {
        if (a.key === 'container') return exprMatches(a, ...n.containers.flatMap((c) => [c.id, c.name.slice(1)]));
        if (a.key === 'image') return exprMatches(a, ...n.imageNames);
        return exprMatches(a, ...n.containers.map((c) => c.labels[a.key] ?? ''));
      });
      if (!ok.length) throw new NoneLeft();
      nodes = ok;
    }
    return nodes;
  },
  conditions: (req) => parseExprs(req.affinities).map(exprString),
};

const constraint: Filter = {
  name: 'constraint',
  filter: (req, nodes, soft) => {
    for (const k of parseExprs(req.constraints)) {
      if (!soft && k.isSoft) continue;
      const ok = nodes.filter((n) => (k.key === 'node' ? exprMatches(k, n.node.engineId, n.node.hostname) : exprMatches(k, n.labels[k.key] ?? '')));
      if (!ok.length) throw new NoneLeft();
      nodes = ok;
    }
    return nodes;
  },
  conditions: (req) => parseExprs(req.constraints).map(exprString),
};

export const DEFAULT_FILTERS: readonly Filter[] = [health, port, dependency, affinity, constraint];
/** As /info's Filters row names them (swarm 1.2's default list). */
export const FILTER_NAMES = 'health, port, containerslots, dependency, affinity, constraint, whitelist';

/** swarm's ApplyFilters: the first filter that leaves nothing names every condition so far. */
export function applyFilters(filters: readonly Filter[], req: SchedulingRequest, nodes: NodeFacts[], soft: boolean): NodeFacts[] {
  let candidates = nodes;
  for (const f of filters) {
    try {
      candidates = f.filter(req, candidates, soft);
    } catch (err) {
      if (f.name === 'health') throw err;
      if (!(err instanceof NoneLeft)) throw err;
      let all = '';
      for (const g of filters) {
        const list = g.conditions(req);
        if (list.length) all += `\n[${list.join(' ')}]`;
        if (g === f) break;
      }
      throw new Error(`Unable to find a node that satisfies the following conditions ${all}`);
    }
  }
  return candidates;
}
