/**
 * The Engine: the simulated cluster as plain objects. No HTTP types here; it can be
 * driven from a unit test or a scenario without a server.
 */
import { RealClock, VirtualClock, type Clock } from './clock.js';
import { Cluster, type NodeOptions } from './cluster.js';
import { EventBus } from './events.js';
import { RandomSource } from './random.js';
import { RegistrySet, type RegistryConfig } from './registries.js';
import type { DiskUsageParts } from './disk-usage.js';

export interface EngineOptions {
  /** 'virtual' makes time move only when advanced. */
  clock?: 'real' | 'virtual' | Clock;
  /** Seed for IDs and jitter; the same seed gives the same IDs. */
  seed?: number;
  /** Simulated cluster size (node 0 is this engine). */
  nodes?: number;
  managers?: number;
  nodeOptions?: NodeOptions[];
  registries?: RegistryConfig[];
  /** Daemon name as /info reports it (default: the first node's hostname). */
  name?: string;
}

export class Engine {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: EventBus;
  readonly cluster: Cluster;
  readonly registries: RegistrySet;
  readonly startedAt: number;

  constructor(options: EngineOptions = {}) {
    this.clock = makeClock(options.clock);
    this.random = new RandomSource(options.seed);
    this.events = new EventBus(this.clock);
    this.cluster = new Cluster(this.random, () => this.clock.now());
    const count = Math.max(1, options.nodes ?? 1);
    const managers = Math.min(count, Math.max(1, options.managers ?? 1));
    for (let i = 0; i < count; i++) {
      this.cluster.add({ role: i < managers ? 'manager' : 'worker', ...(options.nodeOptions?.[i] ?? {}) });
    }
    if (options.name) this.cluster.local.hostname = options.name;
    this.registries = new RegistrySet(options.registries ?? [], () => this.random.hexId());
    this.startedAt = this.clock.now();
  }

  /** Object counts for /info. */
  inventory(): { running: number; paused: number; stopped: number; images: number } {
    return { running: 0, paused: 0, stopped: 0, images: 0 };
  }

  /** Objects as /system/df lists them. */
  diskUsageParts(): DiskUsageParts {
    return { images: [], containers: [], volumes: [], buildCache: [] };
  }

  /** Stop everything time-based (timers of simulated processes, swarm, scenarios). */
  async shutdown(): Promise<void> {}

  /** The Swarm header of /_ping: inactive, or active/manager, active/worker. */
  swarmState(): string {
    return 'inactive';
  }
}

function makeClock(clock: EngineOptions['clock']): Clock {
  if (clock === 'virtual') return new VirtualClock();
  if (clock === undefined || clock === 'real') return new RealClock();
  return clock;
}
