/**
 * The simulated cluster. It exists from the start, even with swarm inactive:
 * node 0 is "this engine", and every object that lives on a node records which.
 */
import type { RandomSource } from './random.js';

export type NodeRole = 'manager' | 'worker';
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type Reachability = 'unknown' | 'unreachable' | 'reachable';

export interface NodeResources {
  NanoCPUs: number;
  MemoryBytes: number;
}

export interface SimNode {
  /** Swarmkit-style 25-character node ID. */
  id: string;
  /** Engine ID as /info reports it. */
  engineId: string;
  hostname: string;
  role: NodeRole;
  labels: Record<string, string>;
  engineLabels: Record<string, string>;
  platform: { Architecture: string; OS: string };
  resources: NodeResources;
  engineVersion: string;
  addr: string;
  state: NodeState;
  availability: NodeAvailability;
  leader: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface NodeOptions {
  hostname?: string;
  role?: NodeRole;
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  cpus?: number;
  memoryBytes?: number;
}

export const ENGINE_VERSION = '28.2.2';
const DEFAULT_CPUS = 2;
const DEFAULT_MEMORY = 8 * 1024 ** 3;

export class Cluster {
  private readonly nodes: SimNode[] = [];

  constructor(
    private readonly random: RandomSource,
    private readonly now: () => number,
  ) {}

  /** Node 0: the engine the default API endpoint speaks for. */
  get local(): SimNode {
    return this.nodes[0]!;
  }

  list(): readonly SimNode[] {
    return this.nodes;
  }

  add(options: NodeOptions = {}): SimNode {
    const index = this.nodes.length + 1;
    const t = this.now();
    const node: SimNode = {
      id: this.random.swarmId(),
      engineId: uuidFrom(this.random.bytes(16)),
      hostname: options.hostname ?? `node-${index}`,
      role: options.role ?? (index === 1 ? 'manager' : 'worker'),
      labels: { ...(options.labels ?? {}) },
      engineLabels: { ...(options.engineLabels ?? {}) },
      platform: { Architecture: 'x86_64', OS: 'linux' },
      resources: {
        NanoCPUs: (options.cpus ?? DEFAULT_CPUS) * 1e9,
        MemoryBytes: options.memoryBytes ?? DEFAULT_MEMORY,
      },
      engineVersion: ENGINE_VERSION,
      addr: `10.0.0.${index + 1}`,
      state: 'ready',
      availability: 'active',
      leader: index === 1,
      createdAt: t,
      updatedAt: t,
    };
    this.nodes.push(node);
    return node;
  }

  remove(id: string): void {
    const i = this.nodes.findIndex((n) => n.id === id);
    if (i > 0) this.nodes.splice(i, 1);
  }

  /** Find by ID, unique ID prefix or hostname. */
  find(ref: string): SimNode | undefined {
    return (
      this.nodes.find((n) => n.id === ref || n.hostname === ref) ??
      uniquePrefixMatch(this.nodes, ref)
    );
  }
}

function uniquePrefixMatch(nodes: readonly SimNode[], prefix: string): SimNode | undefined {
  const hits = nodes.filter((n) => n.id.startsWith(prefix));
  return hits.length === 1 ? hits[0] : undefined;
}

function uuidFrom(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
