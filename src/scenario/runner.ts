/**
 * One loaded scenario on an engine: applies its topology and initial objects
 * (all-or-nothing), then runs its timeline: `at:` steps on the engine clock and
 * `on:` triggers fed by the event bus, the API's requests and state changes.
 */
import type { TimerHandle } from '../engine/clock.js';
import type { Engine } from '../engine/engine.js';
import type { Container } from '../engine/containers/container.js';
import type { CreateRequest } from '../engine/containers/create-spec.js';
import { findInCatalog } from '../engine/images/catalog.js';
import { classicOf, disableClassic, enableClassic } from '../engine/classic/classic.js';
import { addNodes, runAction, type ActionDeps } from './actions.js';
import { BehaviourHooks } from './behaviours.js';
import { evaluate, eventMatches, type ConditionContext, type Verdict } from './conditions.js';
import { matchesRequest, type RequestInfo } from './faults.js';
import { bytes, ms } from './load.js';
import type { SemanticProblem } from './semantics.js';
import type { Condition, ContainerSpec, Scenario, ServiceSpec, Step } from './types.js';

export interface TimelineEntry {
  /** Engine ms since the scenario began. */
  at: number;
  text: string;
}

export interface ExpectationResult {
  index: number;
  condition: Condition;
  ok: boolean;
  actual: string;
}

/** Problems that only this engine can see (unknown images); paths for positions. */
export function preflight(s: Scenario, engine: Engine): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const known = (ref: string) => !!engine.images.find(ref) || !!findInCatalog(engine.catalog, ref);
  (s.images ?? []).forEach((ref, i) => {
    if (!findInCatalog(engine.catalog, ref) && !engine.images.find(ref)) problems.push({ path: `/images/${i}`, message: `image ${ref} is not in the catalogue; expected one of the fixture images` });
  });
  (s.containers ?? []).forEach((c, i) => {
    if (!known(c.image)) problems.push({ path: `/containers/${i}/image`, message: `image ${c.image} is not in the catalogue; expected one of the fixture images` });
    else if (!engine.images.find(c.image) && !(s.images ?? []).some((r) => findInCatalog(engine.catalog, r) === findInCatalog(engine.catalog, c.image))) {
      problems.push({ path: `/containers/${i}/image`, message: `image ${c.image} is not present; expected it in images: (containers are created, not pulled)` });
    }
  });
  if (s.clock === 'virtual' && engine.clock.kind !== 'virtual') problems.push({ path: '/clock', message: 'this daemon runs the real clock; expected mockerd --clock virtual for a virtual-clock scenario' });
  if (s.topology?.swarm && engine.swarm.active) problems.push({ path: '/topology/swarm', message: 'a swarm is already active on this daemon; expected reset first' });
  const classic = classicOf(engine);
  if (s.topology?.mode === 'classic' && classic && classic.strategy !== (s.topology.strategy ?? 'spread')) {
    problems.push({ path: '/topology/strategy', message: `this daemon already runs classic mode with strategy ${classic.strategy}; expected reset first` });
  }
  if (s.topology?.mode === 'classic' && engine.swarm.active) problems.push({ path: '/topology/mode', message: 'a swarm is active on this daemon; expected reset first' });
  if (s.topology?.mode === 'engine' && classic) problems.push({ path: '/topology/mode', message: 'this daemon runs classic mode (mockerd --mode classic); expected mode: classic' });
  return problems;
}

export class ScenarioRun {
  readonly timeline: TimelineEntry[] = [];
  readonly origin: number;
  private readonly timers: TimerHandle[] = [];
  private readonly behaviours: BehaviourHooks;
  private unsubscribe?: () => void;
  private readonly fired = new Set<Step>();
  private readonly counts = new Map<Step, number>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly created: Container[] = [];

  constructor(
    readonly scenario: Scenario,
    private readonly deps: ActionDeps,
    private readonly ctx: ConditionContext,
  ) {
    this.origin = deps.engine.clock.now();
    this.behaviours = new BehaviourHooks(deps.engine, scenario.behaviours ?? []);
  }

  private get engine(): Engine {
    return this.deps.engine;
  }

  /** Apply topology and objects; on any failure undo what was applied and rethrow. */
  apply(): void {
    const s = this.scenario;
    const { engine } = this;
    const registriesBefore = engine.registries.list().map((r) => ({ ...r }));
    const nodesBefore = engine.cluster.list().length;
    const local = { ...engine.cluster.local, labels: { ...engine.cluster.local.labels }, resources: { ...engine.cluster.local.resources } };
    const imagesBefore = new Set(engine.images.list().map((i) => i.id));
    // A stream of its own: reseeding with the engine's own seed would repeat node IDs.
    if (s.seed !== undefined) engine.random.reseed((s.seed ^ 0x9e3779b9) >>> 0);
    this.behaviours.install();
    try {
      for (const f of s.faults ?? []) this.deps.faults.add(f);
      for (const r of s.registries ?? []) {
        const existing = engine.registries.find(r.host);
        if (existing) Object.assign(existing, r);
        else (engine.registries as unknown as { registries: Map<string, unknown> }).registries.set(r.host, { ...r });
      }
      for (const ref of s.images ?? []) if (!engine.images.find(ref)) engine.addImageFromCatalog(ref);
      this.applyNodes();
      if (s.topology?.mode === 'classic') this.applyClassic();
      if (s.topology?.swarm) engine.swarm.init({ ListenAddr: '0.0.0.0:2377' });
      for (const secret of s.secrets ?? []) engine.swarm.secrets.create({ Name: secret.name, Data: Buffer.from(secret.data).toString('base64'), Labels: secret.labels ?? {} });
      for (const c of s.containers ?? []) this.createContainer(c);
      for (const svc of s.services ?? []) engine.swarm.orchestrator.createService(serviceSpec(svc));
    } catch (err) {
      this.behaviours.uninstall();
      for (const c of this.created) void engine.runtime.remove(c, { force: true }).catch(() => {});
      if (s.topology?.swarm && engine.swarm.active) engine.swarm.leave(true);
      if (classicOf(engine)?.fromScenario) void disableClassic(engine);
      for (const n of engine.cluster.list().slice(nodesBefore)) engine.cluster.remove(n.id);
      Object.assign(engine.cluster.local, local);
      for (const r of registriesBefore) Object.assign(engine.registries.find(r.host) ?? {}, r);
      for (const i of engine.images.list()) if (!imagesBefore.has(i.id)) engine.images.remove(i.id);
      for (const f of s.faults ?? []) if (f.id) this.deps.faults.remove(f.id);
      throw err;
    }
  }

  private applyNodes(): void {
    const nodes = this.scenario.topology?.nodes ?? [];
    const { engine } = this;
    nodes.forEach((spec, i) => {
      let rest = spec;
      if (i === 0) {
        const local = engine.cluster.local;
        if (spec.hostname) local.hostname = spec.hostname.replace('{n}', '1');
        if (spec.role) local.role = spec.role;
        if (spec.labels) local.labels = { ...spec.labels };
        if (spec.engineLabels) local.engineLabels = { ...spec.engineLabels };
        if (spec.resources?.cpus) local.resources.NanoCPUs = spec.resources.cpus * 1e9;
        if (spec.resources?.memory !== undefined) local.resources.MemoryBytes = bytes(spec.resources.memory);
        if ((spec.count ?? 1) <= 1) return;
        rest = { ...spec, count: (spec.count ?? 1) - 1 };
        if (spec.hostname?.includes('{n}')) {
          for (let k = 2; k <= (spec.count ?? 1); k++) addNodes(engine, { ...spec, count: 1, hostname: spec.hostname.replace('{n}', String(k)) }, false);
          return;
        }
      }
      addNodes(engine, rest, false);
    });
  }

  /** Classic (standalone) Swarm mode over the nodes; the scenario's images are on every node. */
  private applyClassic(): void {
    const { engine } = this;
    const mode = classicOf(engine) ?? enableClassic(engine, { strategy: this.scenario.topology?.strategy, fromScenario: true });
    for (const ref of this.scenario.images ?? []) {
      const img = engine.images.find(ref);
      if (img) for (const node of engine.cluster.list()) mode.images.add(img.id, node.id);
    }
  }

  private createContainer(spec: ContainerSpec): void {
    const { engine } = this;
    const argv = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : ['/bin/sh', '-c', v]);
    const [policy, max] = (spec.restart ?? 'no').split(':');
    const hc = spec.healthcheck;
    const nanos = (d: string | number | undefined) => (d === undefined ? 0 : ms(d) * 1e6);
    const req: CreateRequest = {
      name: spec.name,
      config: {
        Image: spec.image,
        ...(spec.command !== undefined ? { Cmd: argv(spec.command) } : {}),
        ...(spec.entrypoint !== undefined ? { Entrypoint: Array.isArray(spec.entrypoint) ? spec.entrypoint : [spec.entrypoint] } : {}),
        Env: spec.env ?? [],
        Labels: spec.labels ?? {},
        Tty: !!spec.tty,
        ...(hc
          ? { Healthcheck: { Test: Array.isArray(hc.test) ? hc.test : ['CMD-SHELL', hc.test], Interval: nanos(hc.interval), Timeout: nanos(hc.timeout), Retries: hc.retries ?? 0, StartPeriod: nanos(hc.startPeriod) } }
          : {}),
      },
      hostConfig: { RestartPolicy: { Name: policy, MaximumRetryCount: Number(max ?? 0) }, ...(spec.memory !== undefined ? { Memory: bytes(spec.memory) } : {}) },
      networkingConfig: {},
    };
    const classic = classicOf(engine);
    let container;
    if (classic) {
      // Placed as `docker run` through swarm manage would place it; `node:` is a node constraint.
      if (spec.node) req.config.Env = [...(req.config.Env ?? []), `constraint:node==${spec.node}`];
      const placed = classic.place(req);
      const img = engine.images.find(placed.image);
      if (img) classic.images.add(img.id, placed.node.id);
      container = engine.runtime.create({ ...req, config: placed.config }, { node: placed.node.id });
    } else {
      container = engine.runtime.create(req, spec.node ? { node: engine.cluster.find(spec.node)?.id } : {});
    }
    this.created.push(container);
    if (spec.start !== false) engine.runtime.start(container);
  }

  /** Start the timeline: timers for `at:` steps, listeners for triggers. */
  start(): void {
    const { engine } = this;
    for (const step of this.scenario.timeline ?? []) {
      if (step.at !== undefined) this.timers.push(engine.clock.setTimer(ms(step.at), () => this.enqueue(step, `at ${fmt(ms(step.at))}`)));
    }
    this.unsubscribe = engine.events.subscribe((event) => {
      for (const step of this.triggerSteps('event')) {
        const { nth, ...match } = step.on!.event!;
        if (!eventMatches(match, event)) continue;
        const n = this.bump(step);
        if (n === (nth ?? 1) || (step.repeat && n >= (nth ?? 1))) this.enqueue(step, `on event ${event.Type} ${event.Action}${nth ? ` #${n}` : ''}`);
      }
      this.checkStates();
    });
    this.checkStates();
  }

  /** Feed a request to `on: request` triggers; resolves once triggered actions ran. */
  async onRequest(req: RequestInfo): Promise<void> {
    for (const step of this.triggerSteps('request')) {
      const { nth, ...match } = step.on!.request!;
      if (!(await matchesRequest(match, req))) continue;
      const n = this.bump(step);
      if (n === (nth ?? 1) || (step.repeat && n >= (nth ?? 1))) this.enqueue(step, `on request ${req.method} ${req.path}${nth ? ` #${n}` : ''}`);
    }
    await this.queue;
    this.checkStates();
  }

  /** Re-check `on: state` triggers (after events, requests and steps). */
  checkStates(): void {
    for (const step of this.triggerSteps('state')) {
      if (evaluate(step.on!.state!, this.ctx).ok) this.enqueue(step, 'on state');
    }
  }

  private triggerSteps(kind: 'event' | 'request' | 'state'): Step[] {
    if (this.stopped) return [];
    return (this.scenario.timeline ?? []).filter((s) => s.on?.[kind] && (s.repeat || !this.fired.has(s)));
  }

  private bump(step: Step): number {
    const n = (this.counts.get(step) ?? 0) + 1;
    this.counts.set(step, n);
    return n;
  }

  private enqueue(step: Step, why: string): void {
    if (this.stopped) return;
    if (!step.repeat && this.fired.has(step)) return;
    this.fired.add(step);
    this.queue = this.queue.then(() => this.runStep(step, why));
  }

  private async runStep(step: Step, why: string): Promise<void> {
    if (this.stopped) return;
    const label = step.name ? `${step.name} (${why})` : why;
    for (const action of step.do) {
      try {
        this.log(`${label}: ${await runAction(action, this.deps)}`);
      } catch (err) {
        this.log(`${label}: ${Object.keys(action)[0]} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.checkStates();
  }

  /** Resolves when every triggered step so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  log(text: string): void {
    this.timeline.push({ at: this.engine.clock.now() - this.origin, text });
  }

  /** The `expect:` block, evaluated now. */
  expectations(): ExpectationResult[] {
    return (this.scenario.expect ?? []).map((condition, index) => {
      const v: Verdict = evaluate(condition, this.ctx);
      return { index, condition, ok: v.ok, actual: v.actual };
    });
  }

  /** Stop the timeline; objects the scenario made stay (reset removes them). */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.unsubscribe?.();
    this.behaviours.uninstall();
  }

  /** Engine ms the headless run lasts: `duration`, else the last `at:` step + 1m. */
  duration(): number {
    if (this.scenario.duration !== undefined) return ms(this.scenario.duration);
    const last = Math.max(0, ...(this.scenario.timeline ?? []).map((s) => (s.at !== undefined ? ms(s.at) : 0)));
    return last + 60_000;
  }
}

function serviceSpec(s: ServiceSpec) {
  const argv = s.command === undefined ? undefined : Array.isArray(s.command) ? s.command : ['/bin/sh', '-c', s.command];
  return {
    Name: s.name,
    Labels: s.labels ?? {},
    TaskTemplate: {
      ContainerSpec: { Image: s.image, ...(argv ? { Args: argv } : {}), ...(s.env ? { Env: s.env } : {}) },
      ...(s.constraints ? { Placement: { Constraints: s.constraints } } : {}),
      ...(s.restartPolicy
        ? { RestartPolicy: { Condition: s.restartPolicy.condition ?? 'any', Delay: ms(s.restartPolicy.delay, 5000) * 1e6, MaxAttempts: s.restartPolicy.maxAttempts ?? 0 } }
        : {}),
    },
    Mode: s.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: s.replicas ?? 1 } },
    ...(s.update
      ? { UpdateConfig: { Parallelism: s.update.parallelism ?? 1, Delay: ms(s.update.delay) * 1e6, FailureAction: s.update.failureAction ?? 'pause', Order: s.update.order ?? 'stop-first' } }
      : {}),
  };
}

/** Engine ms as "+12.500s". */
export function fmt(msValue: number): string {
  return `+${(msValue / 1000).toFixed(3)}s`;
}
