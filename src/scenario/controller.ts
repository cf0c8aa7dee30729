/**
 * The control surface of one engine, without HTTP: load/unload a scenario, fault
 * rules, the request journal, the event log, the clock, reset, snapshot/restore and
 * waiting for a condition. The /_mockerd routes and the library API both call this.
 */
import type { Engine } from '../engine/engine.js';
import { VirtualClock } from '../engine/clock.js';
import { conflict, invalidParameter } from '../engine/errors.js';
import { classicOf, disableClassic } from '../engine/classic/classic.js';
import type { DockerEvent } from '../engine/events.js';
import type { RegistryConfig } from '../engine/registries.js';
import type { NodeOptions } from '../engine/cluster.js';
import { evaluate, type ConditionContext, type Verdict } from './conditions.js';
import { FaultSet, type ActiveFault, type RequestInfo } from './faults.js';
import { Journal, type JournalEntry } from './journal.js';
import { ms, parseScenario, ScenarioError } from './load.js';
import { preflight, ScenarioRun, type ExpectationResult, type TimelineEntry } from './runner.js';
import { checkSemantics, engineCapabilities } from './semantics.js';
import type { Condition, Duration, FaultRule, Scenario } from './types.js';
import type { Json } from '../engine/containers/container.js';

export interface ScenarioStatus {
  name: string;
  description?: string;
  timeline: TimelineEntry[];
  expectations: ExpectationResult[];
  passed: boolean;
}

export interface ClockStatus {
  kind: 'real' | 'virtual';
  /** Engine time, ms since the epoch. */
  now: number;
  time: string;
  /** Virtual clock: ms until the next timer, if any. */
  nextDueIn?: number;
}

export interface WaitOptions {
  /** Give up after this long (engine time when advancing a virtual clock, real time otherwise). */
  timeout?: Duration;
  /** Virtual clock: move time forward timer by timer until the condition holds. */
  advance?: boolean;
}

export interface StateSnapshot {
  clock: ClockStatus;
  nodes: { hostname: string; role: string; labels: Record<string, string>; state: string; availability: string; cpus: number; memoryBytes: number }[];
  registries: RegistryConfig[];
  images: string[];
  containers: { name: string; config: Json; hostConfig: Json; status: string; exitCode: number }[];
  swarm: { active: boolean; services: Json[] };
  faults: FaultRule[];
  scenario?: string;
}

interface InitialState {
  images: Set<string>;
  local: NodeOptions & { hostname: string };
  nodeCount: number;
}

const controllers = new WeakMap<Engine, ScenarioController>();

/** The one controller of an engine (made on first use). */
export function controllerFor(engine: Engine): ScenarioController {
  let c = controllers.get(engine);
  if (!c) controllers.set(engine, (c = new ScenarioController(engine)));
  return c;
}

export class ScenarioController {
  readonly faults = new FaultSet();
  readonly journal: Journal;
  run?: ScenarioRun;
  /** Set by the transport: drop every open client connection. */
  dropConnections?: () => void;
  private eventsFrom: number;
  private readonly initial: InitialState;

  constructor(readonly engine: Engine) {
    this.journal = new Journal(engine.clock.now());
    this.eventsFrom = engine.events.fullLog().length;
    const local = engine.cluster.local;
    this.initial = {
      images: new Set(engine.images.list().map((i) => i.id)),
      local: { hostname: local.hostname, role: local.role, labels: { ...local.labels }, engineLabels: { ...local.engineLabels }, cpus: local.resources.NanoCPUs / 1e9, memoryBytes: local.resources.MemoryBytes },
      nodeCount: engine.cluster.list().length,
    };
  }

  /** Whether requests must all pass through the API (faults or a scenario are active). */
  get intercepting(): boolean {
    return this.faults.size > 0 || this.run !== undefined;
  }

  private get conditionContext(): ConditionContext {
    const self = this;
    return {
      engine: this.engine,
      events: () => this.events(),
      journal: () => this.journal.list(),
      get origin() {
        return self.run?.origin ?? self.engine.startedAt;
      },
    };
  }

  // ---- scenarios ----

  /** Parse (YAML or JSON text, or an object), check against this engine, apply, start. */
  loadScenario(input: string | Scenario, file = '<scenario>', overrides: { seed?: number } = {}): ScenarioStatus {
    const text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
    const scenario = parseScenario(text, file, engineCapabilities(this.engine));
    if (overrides.seed !== undefined) scenario.seed = overrides.seed;
    const problems = preflight(scenario, this.engine);
    if (problems.length) {
      // Re-run through the loader so the problems carry lines and columns.
      throw withPositions(text, file, problems);
    }
    this.unloadScenario();
    const run = new ScenarioRun(scenario, { engine: this.engine, faults: this.faults, dropConnections: () => this.dropConnections?.() }, this.conditionContext);
    run.apply();
    this.run = run;
    run.start();
    return this.scenarioStatus()!;
  }

  unloadScenario(): void {
    this.run?.stop();
    this.run = undefined;
  }

  scenarioStatus(): ScenarioStatus | undefined {
    const run = this.run;
    if (!run) return undefined;
    const expectations = run.expectations();
    return { name: run.scenario.name, description: run.scenario.description, timeline: [...run.timeline], expectations, passed: expectations.every((e) => e.ok) };
  }

  /** Feed an API request to the scenario's request triggers. */
  async requestArrived(req: RequestInfo): Promise<void> {
    await this.run?.onRequest(req);
  }

  // ---- faults ----

  addFault(rule: FaultRule): ActiveFault {
    const problems = checkSemantics({ name: 'fault', faults: [rule] }, engineCapabilities(this.engine));
    parseScenario(JSON.stringify({ name: 'fault', faults: [rule] }), 'fault rule');
    if (problems.length) throw invalidParameter(problems.map((p) => p.message).join('; '));
    return this.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.faults.remove(id);
  }

  listFaults(): readonly ActiveFault[] {
    return this.faults.list();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  // ---- journal and events ----

  journalEntries(since = 0): readonly JournalEntry[] {
    return since ? this.journal.list().filter((e) => e.seq > since) : this.journal.list();
  }

  /** Events since the controller began (or the last reset), oldest first. */
  events(): readonly DockerEvent[] {
    return this.engine.events.fullLog().slice(this.eventsFrom);
  }

  /** Events as /events sends them: one JSON object per line, without engine-internal fields. */
  eventsNdjson(): string {
    return this.events()
      .map(({ node: _node, ...e }) => JSON.stringify(e) + '\n')
      .join('');
  }

  // ---- clock ----

  clock(): ClockStatus {
    const { clock } = this.engine;
    const now = clock.now();
    const status: ClockStatus = { kind: clock.kind, now, time: new Date(now).toISOString() };
    if (clock instanceof VirtualClock) {
      const due = clock.nextDue();
      if (due !== undefined) status.nextDueIn = due - now;
    }
    return status;
  }

  async advanceClock(by: Duration): Promise<ClockStatus> {
    const clock = this.engine.clock;
    if (!(clock instanceof VirtualClock)) throw conflict('the clock is real; start mockerd with --clock virtual to advance it');
    await clock.advance(ms(by));
    await this.run?.idle();
    this.run?.checkStates();
    return this.clock();
  }

  // ---- waiting ----

  check(cond: Condition): Verdict {
    return evaluate(cond, this.conditionContext);
  }

  /** Resolve once the condition holds, or with ok=false after the timeout. */
  async waitFor(cond: Condition, options: WaitOptions = {}): Promise<Verdict> {
    const timeout = ms(options.timeout, 30_000);
    const { clock } = this.engine;
    if (options.advance && clock instanceof VirtualClock) {
      const deadline = clock.now() + timeout;
      for (;;) {
        await this.run?.idle();
        const v = this.check(cond);
        if (v.ok) return v;
        const due = clock.nextDue();
        if (due === undefined || due > deadline) {
          await clock.advanceTo(deadline);
          return this.check(cond);
        }
        await clock.step();
      }
    }
    const first = this.check(cond);
    if (first.ok) return first;
    return new Promise<Verdict>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (v: Verdict) => {
        unsubscribe();
        clearInterval(poll);
        if (timer) clearTimeout(timer);
        resolve(v);
      };
      const test = () => {
        const v = this.check(cond);
        if (v.ok) done(v);
      };
      const unsubscribe = this.engine.events.subscribe(() => queueMicrotask(test));
      const poll = setInterval(test, 20);
      timer = setTimeout(() => done(this.check(cond)), timeout);
    });
  }

  // ---- reset, snapshot, restore ----

  /** Back to the daemon's starting point: no scenario, faults, containers, swarm, extra nodes or images. */
  async reset(): Promise<void> {
    const { engine } = this;
    this.unloadScenario();
    this.faults.clear();
    if (classicOf(engine)?.fromScenario) await disableClassic(engine);
    for (const c of engine.containers.list()) await engine.runtime.remove(c, { force: true }).catch(() => {});
    if (engine.swarm.active) engine.swarm.leave(true);
    for (const n of engine.cluster.list().slice(this.initial.nodeCount)) engine.cluster.remove(n.id);
    const local = engine.cluster.local;
    const init = this.initial.local;
    Object.assign(local, { hostname: init.hostname, role: init.role, labels: { ...init.labels }, engineLabels: { ...init.engineLabels }, state: 'ready', availability: 'active' });
    local.resources = { NanoCPUs: (init.cpus ?? 2) * 1e9, MemoryBytes: init.memoryBytes ?? local.resources.MemoryBytes };
    for (const r of engine.registries.originals()) {
      const live = engine.registries.find(r.host);
      if (live) {
        for (const k of Object.keys(live)) delete (live as unknown as Record<string, unknown>)[k];
        Object.assign(live, structuredClone(r));
      }
    }
    for (const i of engine.images.list()) if (!this.initial.images.has(i.id)) engine.images.remove(i.id);
    this.journal.clear(engine.clock.now());
    this.eventsFrom = engine.events.fullLog().length;
  }

  snapshot(): StateSnapshot {
    const { engine } = this;
    return {
      clock: this.clock(),
      nodes: engine.cluster.list().map((n) => ({ hostname: n.hostname, role: n.role, labels: { ...n.labels }, state: n.state, availability: n.availability, cpus: n.resources.NanoCPUs / 1e9, memoryBytes: n.resources.MemoryBytes })),
      registries: engine.registries.list().map((r) => structuredClone(r)),
      images: engine.images.list().map((i) => i.repoTags[0] ?? i.id),
      containers: engine.containers
        .list()
        .filter((c) => !c.labels['com.docker.swarm.task.id'])
        .map((c) => ({ name: c.name.slice(1), config: structuredClone(c.config), hostConfig: structuredClone(c.hostConfig), status: c.state.status, exitCode: c.state.exitCode })),
      swarm: { active: engine.swarm.active, services: engine.swarm.active ? [...engine.swarm.services.values()].map((s) => structuredClone(s.spec)) : [] },
      faults: this.faults.list().map(({ seen: _s, applied: _a, ...rule }) => rule),
      scenario: this.run?.scenario.name,
    };
  }

  /** Reset, then rebuild the snapshot's objects (containers get new IDs). */
  async restore(state: StateSnapshot): Promise<void> {
    if (!state || !Array.isArray(state.containers) || !Array.isArray(state.nodes)) throw invalidParameter('expected a snapshot from GET /_mockerd/state');
    await this.reset();
    const { engine } = this;
    for (const r of state.registries ?? []) {
      const live = engine.registries.find(r.host);
      if (live) Object.assign(live, r);
    }
    for (const ref of state.images ?? []) if (!engine.images.find(ref)) engine.addImageFromCatalog(ref);
    state.nodes.forEach((n, i) => {
      const node = i === 0 ? engine.cluster.local : engine.cluster.add({ hostname: n.hostname, role: n.role as 'manager' | 'worker', labels: n.labels, cpus: n.cpus, memoryBytes: n.memoryBytes });
      if (i === 0) Object.assign(node, { hostname: n.hostname, role: n.role, labels: { ...n.labels } });
    });
    if (state.swarm?.active) {
      engine.swarm.init({ ListenAddr: '0.0.0.0:2377' });
      for (const spec of state.swarm.services) engine.swarm.orchestrator.createService(spec);
    }
    for (const c of state.containers) {
      const { Image, ...config } = c.config;
      const container = engine.runtime.create({ name: c.name, config: { Image, ...config }, hostConfig: c.hostConfig, networkingConfig: {} });
      if (c.status === 'running' || c.status === 'paused' || c.status === 'restarting') engine.runtime.start(container);
    }
    for (const f of state.faults ?? []) this.faults.add(f);
    const clock = engine.clock;
    if (clock instanceof VirtualClock && state.clock?.now > clock.now()) await clock.advanceTo(state.clock.now);
  }
}

/** Turn engine-side problems into a positioned ScenarioError. */
function withPositions(text: string, file: string, problems: { path: string; message: string }[]): ScenarioError {
  try {
    parseScenario(text, file, { swarm: true, networks: true, volumes: true }, () => problems);
  } catch (err) {
    if (err instanceof ScenarioError) return err;
  }
  return new ScenarioError(problems.map((p) => ({ file, line: 1, column: 1, path: p.path, message: p.message })));
}
