/**
 * Classic (standalone) Swarm mode: one endpoint presents every simulated node, as the
 * `swarm manage` proxy did. The engine stays as it is; this layer picks the node for a
 * create (filters + strategy), pulls onto nodes, and tracks which node holds which image.
 * No HTTP here: the API shapes its answers from what this reports.
 */
import type { Engine } from '../engine.js';
import type { SimNode } from '../cluster.js';
import type { Container } from '../containers/container.js';
import type { CreateRequest } from '../containers/create-spec.js';
import { findInCatalog } from '../images/catalog.js';
import type { LocalImage } from '../images/image-store.js';
import type { ProgressMessage, ProgressOutput } from '../images/progress.js';
import type { Credentials } from '../registries.js';
import { systemError } from '../errors.js';
import { RandomSource } from '../random.js';
import { buildContainerConfig, ID_LABEL, type SchedulingRequest } from './config.js';
import { applyFilters, DEFAULT_FILTERS, type NodeFacts } from './filters.js';
import { ImagePresence } from './image-presence.js';
import { engineKeyId } from './node-id.js';
import { rankNodes, type NodeUsage, type StrategyName } from './strategy.js';

export interface ClassicOptions {
  strategy?: StrategyName;
  /** Run the `swarm join` agent containers on every node (default true). */
  agents?: boolean;
  /** Switched on by a scenario (a reset switches it off again). */
  fromScenario?: boolean;
}

/** The `Node` object classic swarm added to container inspect. */
export interface ClassicNodeView {
  ID: string;
  IP: string;
  Addr: string;
  Name: string;
  Cpus: number;
  Memory: number;
  Labels: Record<string, string>;
}

const MODES = new WeakMap<Engine, ClassicMode>();
const SWARM_IMAGE = 'swarm:latest';
const AGENT_BEHAVIOUR = { output: [], then: 'run', stopSignals: ['SIGTERM', 'SIGINT'], stopExitCode: 0, cpuPercent: 0 };

/** The classic layer of an engine, if it runs in classic mode. */
export function classicOf(engine: Engine): ClassicMode | undefined {
  return MODES.get(engine);
}

/** Switch an engine to classic mode (at start, or when a scenario asks for it). */
export function enableClassic(engine: Engine, options: ClassicOptions = {}): ClassicMode {
  let mode = MODES.get(engine);
  if (!mode) {
    MODES.set(engine, (mode = new ClassicMode(engine, options.strategy ?? 'spread', !!options.fromScenario)));
    engine.presentsCluster = true;
    if (options.agents !== false) mode.startAgents();
  }
  return mode;
}

/** Back to engine mode (a scenario's classic mode undone): the agents go too. */
export async function disableClassic(engine: Engine): Promise<void> {
  const mode = MODES.get(engine);
  if (!mode) return;
  MODES.delete(engine);
  engine.presentsCluster = false;
  for (const c of mode.agents) await engine.runtime.remove(c, { force: true }).catch(() => undefined);
}

export class ClassicMode {
  readonly images = new ImagePresence();
  /** The `swarm join` containers this mode started. */
  readonly agents: Container[] = [];
  private readonly random: RandomSource;

  constructor(
    private readonly engine: Engine,
    readonly strategy: StrategyName,
    readonly fromScenario = false,
  ) {
    this.random = new RandomSource((engine.random.seed ^ 0x73776d31) >>> 0);
  }

  nodes(): readonly SimNode[] {
    return this.engine.cluster.list();
  }

  nodeOf(container: Container): SimNode | undefined {
    return this.engine.cluster.list().find((n) => n.id === container.node);
  }

  /** A node by name, ID or classic key ID. */
  findNode(ref: string): SimNode | undefined {
    return this.nodes().find((n) => n.hostname === ref || n.id === ref || n.engineId === ref || engineKeyId(n.engineId) === ref);
  }

  containersOn(node: SimNode): Container[] {
    return this.engine.containers.list().filter((c) => c.node === node.id);
  }

  imagesOn(node: SimNode): LocalImage[] {
    return this.engine.images.list().filter((i) => this.images.has(i, node.id));
  }

  /** What classic swarm reported of an engine (labels include its standard ones). */
  nodeView(node: SimNode): ClassicNodeView {
    return {
      ID: engineKeyId(node.engineId),
      IP: node.addr,
      Addr: `http://${node.addr}:4243`,
      Name: node.hostname,
      Cpus: this.cpus(node),
      Memory: node.resources.MemoryBytes,
      Labels: this.labels(node),
    };
  }

  labels(node: SimNode): Record<string, string> {
    return { kernelversion: '6.8.0-mockerd', operatingsystem: 'mockerd (simulated Docker Engine)', ostype: 'linux', storagedriver: 'overlay2', ...node.labels, ...node.engineLabels };
  }

  usage(node: SimNode): NodeUsage {
    let usedCpus = 0;
    let usedMemory = 0;
    for (const c of this.containersOn(node)) {
      usedCpus += Number(c.hostConfig.CpuShares ?? 0);
      usedMemory += Number(c.hostConfig.Memory ?? 0);
    }
    return { cpus: this.cpus(node), memory: node.resources.MemoryBytes, usedCpus, usedMemory };
  }

  /** Pick the node for a create: filters (soft first, then hard), then the strategy. */
  schedule(req: SchedulingRequest, only?: (n: SimNode) => boolean): SimNode {
    const facts = this.nodes().filter((n) => !only || only(n)).map((n) => this.facts(n));
    if (!facts.length) throw systemError('No nodes available in the cluster');
    const pick = (soft: boolean) => {
      const accepted = applyFilters(DEFAULT_FILTERS, req, facts, soft);
      if (!accepted.length) throw new Error('No nodes available in the cluster');
      return rankNodes(this.strategy, req, accepted, (f) => this.usage(f.node), this.random)[0]!.node;
    };
    try {
      try {
        return pick(true);
      } catch {
        return pick(false);
      }
    } catch (err) {
      throw err instanceof Error && err.name === 'Error' ? systemError(err.message) : err;
    }
  }

  /**
   * POST /containers/create: schedule, pull onto the chosen node when the image is not
   * there (with the request's registry credentials), create the container there.
   */
  async create(req: CreateRequest, creds: Credentials | undefined): Promise<Container> {
    const placed = this.place(req);
    if (placed.pull) await this.pullOnto(placed.node, withTag(placed.image), '', req.platform, creds, { write() {} });
    return this.engine.runtime.create({ ...req, config: placed.config }, { node: placed.node.id });
  }

  /**
   * Scheduling alone: the node a create goes to, the config as swarm passed it on (its
   * constraint/affinity env moved to labels, a swarm ID), and whether the node must pull.
   */
  place(req: CreateRequest): { node: SimNode; config: Record<string, any>; image: string; pull: boolean } { // eslint-disable-line @typescript-eslint/no-explicit-any
    const built = buildContainerConfig(req.config);
    const config: Record<string, any> = { ...built.config, Labels: { ...built.config.Labels, [ID_LABEL]: this.random.bytes(32).toString('hex') } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const image = String(config.Image ?? '');
    const hostConfig = req.hostConfig ?? {};
    const sreq: SchedulingRequest = {
      constraints: built.constraints,
      affinities: built.affinities,
      image,
      cpuShares: Number(hostConfig.CpuShares ?? 0),
      memory: Number(hostConfig.Memory ?? 0),
      hostConfig,
      exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    };
    const local = image ? this.engine.images.find(image) : undefined;
    const pullable = !!image && !!findInCatalog(this.engine.catalog, image);
    // An image only some nodes hold and no registry serves: those nodes (swarm's image-affinity retry).
    const holders = local && !pullable ? new Set(this.images.nodes(local)) : undefined;
    const node = this.schedule(sreq, holders ? (n) => holders.has(n.id) : undefined);
    return { node, config, image, pull: !!image && (!local || !this.images.has(local, node.id)) && pullable };
  }

  /**
   * POST /images/create: pull onto nodes (default every node) as `swarm manage` did. The
   * answer is always a stream: one line per node to start, each of the node's progress
   * lines with the node's name as id and "Pulling IMAGE... : " before the status, a line
   * when the node is done or failed, and an error at the end if a node failed.
   */
  preparePull(fromImage: string, tag: string, platform: string | undefined, creds: Credentials | undefined, nodes: readonly SimNode[] = this.nodes()) {
    const reference = tag ? `${fromImage}${/^[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,}$/.test(tag) ? '@' : ':'}${tag}` : fromImage;
    return {
      reference,
      run: async (out: ProgressOutput, signal?: AbortSignal): Promise<void> => {
        let error: string | undefined;
        let pulled = false;
        let otherThanOs = false;
        for (const node of nodes) {
          const say = (m: ProgressMessage = {}) =>
            out.write({
              status: m.status ? `Pulling ${reference}... : ${m.status}` : `Pulling ${reference}...`,
              ...(m.progressDetail ? { progressDetail: m.progressDetail } : {}),
              ...(m.progress ? { progress: m.progress } : {}),
              id: node.hostname,
            });
          say();
          try {
            await this.pullOnto(node, fromImage, tag, platform, creds, { write: say }, signal);
            pulled = true;
            say();
          } catch (err) {
            if (signal?.aborted) throw err;
            error = err instanceof Error ? err.message : String(err);
            if (!error.includes('image operating system')) otherThanOs = true;
            say({ status: error });
          }
        }
        if (error && (!pulled || otherThanOs)) out.write({ error, errorDetail: { code: 1, message: error } });
      },
    };
  }

  /** One node's pull; failures read as classic swarm's engine client reported them. */
  private async pullOnto(node: SimNode, fromImage: string, tag: string, platform: string | undefined, creds: Credentials | undefined, out: ProgressOutput, signal?: AbortSignal): Promise<void> {
    let job;
    try {
      job = this.engine.imageService.preparePull(fromImage, tag, platform, creds);
    } catch (err) {
      throw systemError(`Error response from daemon: ${err instanceof Error ? err.message : String(err)}`);
    }
    let image: LocalImage | undefined;
    try {
      image = await job.run(out, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw systemError(`Failed to load ${job.reference}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (image) this.images.add(image.id, node.id);
    // `docker pull -a`: every tag of the repository came with it.
    if (!/[:@][^/]*$/.test(job.reference)) for (const i of this.engine.images.list()) if (i.repoTags.some((t) => t.startsWith(`${job.reference}:`))) this.images.add(i.id, node.id);
  }

  /** The `swarm join` agent on every node, from the `swarm` image (hidden from `ps` unless -a). */
  startAgents(): void {
    const { engine } = this;
    let image: LocalImage;
    try {
      image = engine.images.find(SWARM_IMAGE) ?? engine.addImageFromCatalog(SWARM_IMAGE);
    } catch {
      return; // a fixtures directory without the swarm image: no agents
    }
    for (const node of this.nodes()) {
      this.images.add(image.id, node.id);
      const c = engine.runtime.create(
        {
          name: `swarm-agent-${node.hostname}`,
          config: { Image: 'swarm', Cmd: ['join', `--advertise=${node.addr}:2375`, 'token://mockerd'] },
          hostConfig: { RestartPolicy: { Name: 'always', MaximumRetryCount: 0 } },
          networkingConfig: {},
        },
        { node: node.id },
      );
      // `swarm join` runs until stopped (the image's own behaviour is its --help text).
      (c as { behaviour: unknown }).behaviour = AGENT_BEHAVIOUR;
      engine.runtime.start(c);
      this.agents.push(c);
    }
  }

  private cpus(node: SimNode): number {
    return Math.round(node.resources.NanoCPUs / 1e9);
  }

  private facts(node: SimNode): NodeFacts {
    const imageNames = this.imagesOn(node).flatMap((i) => [i.id, ...i.repoTags, ...i.repoTags.map((t) => t.replace(/:[^:/]*$/, ''))]);
    return { node, containers: this.containersOn(node), imageNames, labels: this.labels(node) };
  }
}


/** A create names one image: "alpine" means "alpine:latest", not every tag. */
function withTag(ref: string): string {
  return /@|:[^/]*$/.test(ref) ? ref : `${ref}:latest`;
}
