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
import { ContainerStore } from './containers/container-store.js';
import { ContainerRuntime } from './containers/runtime.js';
import { summaryView } from './containers/views.js';
import { findInCatalog, type CatalogImage } from './images/catalog.js';
import { ImageStore, type LocalImage } from './images/image-store.js';
import { ImageService } from './images/service.js';
import { notFound } from './errors.js';
import { Swarm } from './swarm/swarm.js';
import { ExecStore } from './exec/exec-store.js';
import { NetworkService } from './networks/network-service.js';
import { VolumeService } from './volumes/volume-service.js';
import { volumeView } from './volumes/volume.js';
import { PortPublisher } from './ports/publisher.js';
import { PluginService } from './plugins/plugin-service.js';
import { mountProcNet } from './process/procfs.js';

export interface EngineOptions {
  /** 'virtual' makes time move only when advanced. */
  clock?: 'real' | 'virtual' | Clock;
  /** Seed for IDs and jitter; the same seed gives the same IDs. */
  seed?: number;
  /** Simulated cluster size (node 0 is this engine). */
  nodes?: number;
  managers?: number;
  nodeOptions?: NodeOptions[];
  registries?: RegistryConfig[] | (() => RegistryConfig[]);
  /** Daemon name as /info reports it (default: the first node's hostname). */
  name?: string;
  /** What the simulated registries serve; loaded on first use. */
  catalog?: () => CatalogImage[];
  /** Images present from the start, as if pulled (references into the catalogue). */
  images?: string[];
  /** `swarm init` joins every simulated node (default true; false = --no-auto-join). */
  autoJoin?: boolean;
  /** Open real loopback listeners for published ports while containers run (default true). */
  portListeners?: boolean;
  /** Where the engine reports what a user should know (a port it could not listen on). */
  warn?: (message: string) => void;
}

export class Engine {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: EventBus;
  readonly cluster: Cluster;
  readonly registries: RegistrySet;
  readonly startedAt: number;
  readonly images = new ImageStore();
  /** The image backend (list, tag, remove, pull, push, save, load, commit, build). */
  readonly imageService: ImageService = new ImageService(this);
  readonly containers = new ContainerStore();
  readonly runtime: ContainerRuntime;
  /** Swarm mode on the simulated cluster (inactive until `swarm init`). */
  readonly swarm: Swarm;
  /** Networks, IPAM and container endpoints; published ports; volumes and mounts. */
  readonly networks: NetworkService;
  readonly ports: PortPublisher;
  readonly volumes: VolumeService;
  /** Exec instances (`docker exec`). */
  readonly execs: ExecStore;
  /** Managed plugins (`docker plugin install`). */
  readonly plugins: PluginService = new PluginService(this);
  private catalogCache?: CatalogImage[];
  private readonly loadCatalog: () => CatalogImage[];

  constructor(options: EngineOptions = {}) {
    this.clock = makeClock(options.clock, options.seed);
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
    this.loadCatalog = options.catalog ?? (() => []);
    this.runtime = new ContainerRuntime({
      clock: this.clock,
      events: this.events,
      random: this.random,
      images: this.images,
      cluster: this.cluster,
      containers: this.containers,
    });
    // Networks and volumes draw IDs from their own sequence so the engine's stays as it was.
    const netRandom = new RandomSource((this.random.seed ^ 0x6e657477) >>> 0);
    this.ports = new PortPublisher({ listen: options.portListeners, warn: options.warn });
    this.networks = new NetworkService({ clock: this.clock, random: netRandom, events: this.events, containers: this.containers, ports: this.ports, swarmManager: () => this.swarm?.pingState() === 'active/manager', swarmActive: () => this.swarm?.active ?? false, swarmNetworkUser: (id) => this.swarm?.networkUser(id) });
    this.volumes = new VolumeService({ clock: this.clock, random: netRandom, events: this.events, containers: this.containers, volumePlugin: (d) => this.plugins.volumeDriver(d) !== undefined });
    this.runtime.hooks.push(this.networks.hooks, this.volumes.hooks, { starting: (c) => mountProcNet(c.fs) });
    this.execs = new ExecStore({ clock: this.clock, random: this.random, containers: this.containers, runtime: this.runtime });
    this.swarm = new Swarm(this, { autoJoin: options.autoJoin });
    this.ports.reaperEngine = this;
    for (const ref of options.images ?? []) this.addImageFromCatalog(ref);
  }

  /** Every image the simulated registries serve. */
  get catalog(): readonly CatalogImage[] {
    return (this.catalogCache ??= this.loadCatalog());
  }

  /** A registry gains an image (a push): it replaces the same repository:tag. */
  addToCatalog(image: CatalogImage): void {
    const list = (this.catalogCache ??= this.loadCatalog());
    const at = list.findIndex((c) => c.name.fullName === image.name.fullName && c.tag === image.tag);
    if (at >= 0) list[at] = image;
    else list.push(image);
  }

  /** Put a catalogue image on this engine at once (preloads; pulls build on it). */
  addImageFromCatalog(ref: string, node = this.cluster.local.id): LocalImage {
    const entry = findInCatalog(this.catalog, ref);
    if (!entry) throw notFound(`No such image: ${ref}`);
    return this.images.add({
      id: entry.id,
      config: entry.config,
      configJson: entry.configJson,
      layers: entry.layers,
      repoTags: [entry.reference],
      repoDigests: [entry.repoDigest],
      size: entry.size,
      behaviour: entry.behaviour,
      node,
    });
  }

  /** Classic Swarm mode: this endpoint speaks for every node (src/engine/classic). */
  presentsCluster = false;

  /** Containers on the node this endpoint speaks for (dockerd lists only its own). */
  localContainers() {
    if (this.presentsCluster) return this.containers.list();
    const here = this.cluster.local.id;
    return this.containers.list().filter((c) => c.node === here);
  }

  /** Object counts for /info. */
  inventory(): { running: number; paused: number; stopped: number; images: number } {
    let running = 0;
    let paused = 0;
    const local = this.localContainers();
    for (const c of local) {
      if (c.paused) paused++;
      else if (c.running) running++;
    }
    return { running, paused, stopped: local.length - running - paused, images: this.images.size };
  }

  /** Objects as /system/df lists them. */
  diskUsageParts(): DiskUsageParts {
    const now = this.clock.now();
    const users = (id: string) => this.containers.list().filter((c) => c.imageId === id).length;
    return {
      images: this.images.list().map((i) => ({
        Id: i.id, ParentId: i.parent ?? '', RepoTags: i.repoTags, RepoDigests: i.repoDigests,
        Created: Math.floor(Date.parse(i.config.created ?? '') / 1000) || 0, Size: i.size, SharedSize: -1,
        Labels: (i.config.config?.Labels as Record<string, string> | undefined) ?? {}, Containers: users(i.id),
      })),
      containers: this.localContainers().map((c) => summaryView(c, now, { size: true })) as DiskUsageParts['containers'],
      volumes: this.volumes.all().map((v) => volumeView(v, { usage: true })) as DiskUsageParts['volumes'],
      buildCache: [],
    };
  }

  /** Stop everything time-based (timers of simulated processes, swarm, scenarios). */
  async shutdown(): Promise<void> {
    this.swarm.shutdown();
    this.runtime.shutdown();
    this.ports.shutdown();
  }

  /** The Swarm header of /_ping: inactive, or active/manager, active/worker. */
  swarmState(): string {
    return this.swarm.pingState();
  }
}

function makeClock(clock: EngineOptions['clock'], seed: number | undefined): Clock {
  // A seeded run starts at a fixed instant (byte-identical logs); otherwise at now, so
  // clients do not show containers "created 2 years ago".
  if (clock === 'virtual') return new VirtualClock(seed === undefined ? Date.now() : undefined);
  if (clock === undefined || clock === 'real') return new RealClock();
  return clock;
}
