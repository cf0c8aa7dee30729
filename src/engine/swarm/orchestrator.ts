/**
 * swarmkit's manager side: the replicated, global and job orchestrators (services ->
 * tasks in slots), the restart supervisor, the scheduler pass and the task reaper.
 * Changes mark services dirty; one reconcile pass per engine instant does the work,
 * so a 10,000-replica service costs one pass, not 10,000.
 */
import type { SimNode } from '../cluster.js';
import { forbidden, notFound, systemError } from '../errors.js';
import { addLoad, emptyLoad, nodeFits, placeTask, type NodeLoad } from './scheduler.js';
import { normalizeServiceSpec, restartPolicy, templateHash } from './service-spec.js';
import { rpcAlreadyExists, rpcInvalid, outOfSequence, invalidParameter } from './swarm-errors.js';
import type { Swarm } from './swarm.js';
import { stepFrom } from './task-walk.js';
import { isTerminal, serviceMode, stateRank, type Json, type Service, type Task, type TaskState } from './types.js';
import { UpdateSupervisor } from './updater.js';
import { allocateEndpoint } from './endpoint.js';

export interface ServiceUpdateOptions {
  rollback?: boolean;
  /** The request's X-Registry-Auth (kept as sent). */
  pullAuth?: string;
  /** Where the auth comes from when the request sends none: "spec" (default) or "previous-spec". */
  registryAuthFrom?: string;
}

export class Orchestrator {
  private readonly dirty = new Set<string>();
  private passQueued = false;
  private scheduleQueued = false;
  private running = false;
  readonly updates: UpdateSupervisor;
  /** Restart history per slot key, for MaxAttempts within Window. */
  private readonly restarts = new Map<string, number[]>();

  constructor(private readonly swarm: Swarm) {
    this.updates = new UpdateSupervisor(swarm, this);
  }

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
    this.dirty.clear();
    this.restarts.clear();
    this.updates.clear();
  }

  // ---- services ----

  findService(ref: string): Service {
    const s = this.lookup(ref);
    if (!s) throw notFound(`service ${ref} not found`);
    return s;
  }

  lookup(ref: string): Service | undefined {
    const { services } = this.swarm;
    const direct = services.get(ref);
    if (direct) return direct;
    const all = [...services.values()];
    const byName = all.find((s) => s.spec.Name === ref);
    if (byName) return byName;
    const hits = all.filter((s) => s.id.startsWith(ref));
    return hits.length === 1 ? hits[0] : undefined;
  }

  createService(input: Json, options: { pullAuth?: string } = {}): Service {
    this.swarm.requireManager();
    const spec = normalizeServiceSpec(input);
    this.checkReferences(spec);
    if ([...this.swarm.services.values()].some((s) => s.spec.Name === spec.Name)) {
      throw rpcAlreadyExists(`name conflicts with an existing object: service ${spec.Name} already exists`);
    }
    const t = this.swarm.now;
    const service: Service = {
      id: this.swarm.engine.random.swarmId(),
      version: this.swarm.nextIndex(),
      createdAt: t,
      updatedAt: t,
      spec,
      endpoint: {},
      jobIteration: 0,
      ...(options.pullAuth ? { pullAuth: options.pullAuth } : {}),
    };
    service.endpoint = allocateEndpoint(this.swarm, service, undefined);
    if (serviceMode(spec).endsWith('job')) service.jobLastExecution = t;
    this.swarm.services.set(service.id, service);
    this.swarm.publish('service', 'create', service.id, { name: spec.Name });
    this.markDirty(service);
    return service;
  }

  updateService(ref: string, version: number, input: Json, options: ServiceUpdateOptions = {}): Service {
    this.swarm.requireManager();
    const service = this.findService(ref);
    const requested = this.pullAuthFor(service, options);
    const pullAuth = options.rollback ? service.previousPullAuth : requested;
    if (version !== service.version) throw outOfSequence();
    let spec: Json;
    if (options.rollback) {
      if (!service.previousSpec) throw invalidParameter('rpc error: code = FailedPrecondition desc = service ' + service.id + ' does not have a previous spec');
      spec = structuredClone(service.previousSpec);
    } else {
      spec = normalizeServiceSpec(input);
    }
    if (spec.Name !== service.spec.Name) throw rpcInvalid('renaming services is not supported');
    if (serviceMode(spec) !== serviceMode(service.spec)) throw rpcInvalid('service mode change is not allowed');
    this.checkReferences(spec);
    const templateChanged = templateHash(spec) !== templateHash(service.spec);
    const old = service.spec;
    service.previousSpec = old;
    service.spec = spec;
    service.previousPullAuth = service.pullAuth;
    service.pullAuth = pullAuth;
    service.version = this.swarm.nextIndex();
    service.updatedAt = this.swarm.now;
    service.endpoint = allocateEndpoint(this.swarm, service, service.endpoint);
    if (serviceMode(spec).endsWith('job') && templateChanged) {
      service.jobIteration++;
      service.jobLastExecution = this.swarm.now;
    }
    this.swarm.publish('service', 'update', service.id, { name: spec.Name });
    if (templateChanged && !serviceMode(spec).endsWith('job')) this.updates.begin(service, !!options.rollback);
    this.markDirty(service);
    return service;
  }

  /** dockerd keeps the current (or previous) spec's registry auth when an update sends none. */
  private pullAuthFor(service: Service, options: ServiceUpdateOptions): string | undefined {
    if (options.pullAuth) return options.pullAuth;
    switch (options.registryAuthFrom ?? '') {
      case '':
      case 'spec':
        return service.pullAuth;
      case 'previous-spec':
        if (!service.previousSpec) throw systemError('service does not have a previous spec');
        return service.previousPullAuth;
      default:
        throw systemError('unsupported registryAuthFrom value');
    }
  }

  removeService(ref: string): void {
    this.swarm.requireManager();
    const service = this.findService(ref);
    this.swarm.services.delete(service.id);
    this.updates.cancel(service.id);
    for (const task of this.tasksOf(service.id)) this.setDesired(task, 'remove');
    this.swarm.publish('service', 'remove', service.id, { name: service.spec.Name });
  }

  private checkReferences(spec: Json): void {
    this.swarm.secrets.checkReferences(spec);
    this.swarm.configs.checkReferences(spec);
    this.populateNetworkIds(spec);
  }

  /**
   * dockerd (populateNetworkID) stores network attachments by ID, whatever the client
   * named them by: the TaskTemplate's list, else the deprecated top-level one.
   */
  private populateNetworkIds(spec: Json): void {
    const template = (spec.TaskTemplate?.Networks ?? []) as Json[];
    const attachments = template.length > 0 ? template : ((spec.Networks ?? []) as Json[]);
    for (const attachment of attachments) {
      const target = String(attachment.Target ?? '');
      const network = this.swarm.engine.networks.find(target);
      if (!network) throw notFound(`network ${target} not found`);
      if (network.spec.scope !== 'swarm') {
        throw forbidden(`The network ${network.name} cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.`);
      }
      attachment.Target = network.id;
    }
  }

  // ---- tasks ----

  tasksOf(serviceId: string): Task[] {
    const out: Task[] = [];
    for (const t of this.swarm.tasks.values()) if (t.serviceId === serviceId) out.push(t);
    return out;
  }

  /** Tasks that occupy their slot: desired state at most running. */
  liveTasks(serviceId: string): Task[] {
    return this.tasksOf(serviceId).filter((t) => stateRank(t.desiredState) <= stateRank('running'));
  }

  newTask(service: Service, slot: number, nodeId: string, desired: TaskState = 'running'): Task {
    const t = this.swarm.now;
    const task: Task = {
      id: this.swarm.engine.random.swarmId(),
      version: this.swarm.nextIndex(),
      createdAt: t,
      updatedAt: t,
      serviceId: service.id,
      slot,
      nodeId,
      spec: structuredClone(service.spec.TaskTemplate),
      specHash: templateHash(service.spec),
      ...(service.pullAuth ? { pullAuth: service.pullAuth } : {}),
      status: { timestamp: t, state: 'new', message: 'created' },
      desiredState: desired,
      labels: {},
      ...(serviceMode(service.spec).endsWith('job') ? { jobIteration: service.jobIteration } : {}),
    };
    this.swarm.tasks.set(task.id, task);
    this.swarm.timers.after(stepFrom('new')!.delayMs, () => this.allocate(task));
    return task;
  }

  /** The allocator's step: new -> pending, then the scheduler picks it up. */
  private allocate(task: Task): void {
    if (!this.swarm.tasks.has(task.id) || task.status.state !== 'new') return;
    if (stateRank(task.desiredState) > stateRank('running')) return this.agent.finishWithoutRunning(task);
    this.setStatus(task, 'pending', stepFrom('new')!.message);
    this.queueSchedule();
  }

  setStatus(task: Task, state: TaskState, message: string, extra: Partial<Task['status']> = {}): void {
    task.status = { ...task.status, timestamp: this.swarm.now, state, message, ...extra };
    task.version = this.swarm.nextIndex();
    task.updatedAt = this.swarm.now;
  }

  setDesired(task: Task, desired: TaskState): void {
    if (task.desiredState === desired) return;
    task.desiredState = desired;
    task.version = this.swarm.nextIndex();
    task.updatedAt = this.swarm.now;
    this.agent.desiredChanged(task);
  }

  private get agent() {
    return this.swarm.agent;
  }

  // ---- reconcile ----

  markDirty(service: Service): void {
    this.dirty.add(service.id);
    this.queuePass();
  }

  nodesChanged(): void {
    for (const s of this.swarm.services.values()) this.dirty.add(s.id);
    this.queuePass();
    this.queueSchedule();
  }

  /** Node down: its tasks are shut down (desired) and replaced elsewhere. */
  nodeDown(node: SimNode): void {
    for (const task of this.swarm.tasks.values()) {
      if (task.nodeId !== node.id || stateRank(task.desiredState) > stateRank('running')) continue;
      this.setDesired(task, 'shutdown');
    }
    this.nodesChanged();
  }

  nodeRemoved(node: SimNode): void {
    this.nodeDown(node);
  }

  private queuePass(): void {
    if (this.passQueued || !this.running) return;
    this.passQueued = true;
    this.swarm.timers.after(0, () => {
      this.passQueued = false;
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) {
        const s = this.swarm.services.get(id);
        if (s) this.reconcile(s);
      }
    });
  }

  private reconcile(service: Service): void {
    switch (serviceMode(service.spec)) {
      case 'replicated': return this.reconcileReplicated(service, service.spec.Mode.Replicated.Replicas ?? 1);
      case 'global': return this.reconcileGlobal(service, false);
      case 'replicated-job': return this.reconcileReplicatedJob(service);
      case 'global-job': return this.reconcileGlobal(service, true);
    }
  }

  private reconcileReplicated(service: Service, replicas: number): void {
    const live = this.liveTasks(service.id);
    const bySlot = new Map<number, Task[]>();
    for (const t of live) bySlot.set(t.slot, [...(bySlot.get(t.slot) ?? []), t]);
    // Drained or unavailable nodes: shut those tasks down and put new ones in their slots.
    for (const t of live) {
      const node = this.swarm.engine.cluster.list().find((n) => n.id === t.nodeId);
      if (t.nodeId && (!node || !this.swarm.members.has(node.id) || node.availability === 'drain')) {
        this.setDesired(t, 'shutdown');
        bySlot.set(t.slot, (bySlot.get(t.slot) ?? []).filter((x) => x !== t));
        if (!bySlot.get(t.slot)!.length) bySlot.delete(t.slot);
      }
    }
    const occupied = [...bySlot.keys()].sort((a, b) => a - b);
    if (occupied.length > replicas) {
      const loads = this.nodeLoads(service.id);
      const ranked = occupied
        .map((slot) => ({ slot, task: bySlot.get(slot)![0]! }))
        .sort((a, b) => {
          const ra = a.task.status.state === 'running' ? 1 : 0;
          const rb = b.task.status.state === 'running' ? 1 : 0;
          if (ra !== rb) return ra - rb;
          const la = loads.get(a.task.nodeId)?.byService.get(service.id) ?? 0;
          const lb = loads.get(b.task.nodeId)?.byService.get(service.id) ?? 0;
          if (la !== lb) return lb - la;
          return b.slot - a.slot;
        });
      for (const { slot, task } of ranked.slice(0, occupied.length - replicas)) {
        loads.get(task.nodeId) && addLoad(loads.get(task.nodeId)!, task, -1);
        for (const t of bySlot.get(slot)!) this.setDesired(t, 'remove');
      }
      return;
    }
    let slot = 1;
    const taken = new Set(occupied);
    const allSlots = new Set(this.tasksOf(service.id).map((t) => t.slot));
    // Reuse slots that lost their task (node down, drain) before opening new ones.
    const freed = [...allSlots].filter((s) => !taken.has(s)).sort((a, b) => a - b);
    let missing = replicas - occupied.length;
    for (const s of freed) {
      if (missing <= 0) break;
      this.newTask(service, s, '');
      taken.add(s);
      missing--;
    }
    while (missing > 0) {
      while (taken.has(slot)) slot++;
      this.newTask(service, slot, '');
      taken.add(slot);
      missing--;
    }
  }

  private eligibleForGlobal(service: Service, node: SimNode): boolean {
    if (node.state === 'down' || node.availability === 'drain' || this.swarm.members.get(node.id)?.silent) return false;
    const probe = { serviceId: service.id, spec: service.spec.TaskTemplate } as Task;
    return nodeFits({ ...node, availability: 'active', state: 'ready' }, emptyLoad(), probe);
  }

  private reconcileGlobal(service: Service, job: boolean): void {
    const live = this.liveTasks(service.id);
    const byNode = new Map<string, Task>();
    for (const t of live) {
      if (job && t.jobIteration !== service.jobIteration) {
        this.setDesired(t, 'shutdown');
        continue;
      }
      byNode.set(t.nodeId, t);
    }
    for (const node of this.swarm.memberNodes()) {
      const eligible = this.eligibleForGlobal(service, node);
      const existing = byNode.get(node.id);
      if (!eligible && existing && node.state !== 'down') this.setDesired(existing, 'shutdown');
      if (eligible && !existing) {
        if (job && this.tasksOf(service.id).some((t) => t.nodeId === node.id && t.jobIteration === service.jobIteration && t.status.state === 'complete')) continue;
        this.newTask(service, 0, node.id, job ? 'complete' : 'running');
      }
    }
  }

  private reconcileReplicatedJob(service: Service): void {
    const job = service.spec.Mode.ReplicatedJob;
    const mine = this.tasksOf(service.id).filter((t) => t.jobIteration === service.jobIteration);
    for (const t of this.liveTasks(service.id)) if (t.jobIteration !== service.jobIteration) this.setDesired(t, 'shutdown');
    const completed = mine.filter((t) => t.status.state === 'complete').length;
    const active = mine.filter((t) => stateRank(t.desiredState) <= stateRank('complete') && !isTerminal(t.status.state)).length;
    const want = Math.min(job.MaxConcurrent, job.TotalCompletions - completed) - active;
    const used = new Set(mine.filter((t) => t.status.state === 'complete' || !isTerminal(t.status.state)).map((t) => t.slot));
    let slot = 0;
    for (let i = 0; i < want; i++) {
      while (used.has(slot)) slot++;
      used.add(slot);
      this.newTask(service, slot, '', 'complete');
    }
  }

  // ---- scheduler ----

  queueSchedule(): void {
    if (this.scheduleQueued || !this.running) return;
    this.scheduleQueued = true;
    this.swarm.timers.after(stepFrom('pending')!.delayMs, () => {
      this.scheduleQueued = false;
      this.schedulePass();
    });
  }

  /** Load of every node from the tasks placed on it (for spread and reservations). */
  nodeLoads(serviceFilter?: string): Map<string, NodeLoad> {
    const loads = new Map<string, NodeLoad>();
    for (const t of this.swarm.tasks.values()) {
      if (!t.nodeId || stateRank(t.desiredState) > stateRank('running') && t.desiredState !== 'complete') continue;
      if (isTerminal(t.status.state)) continue;
      if (serviceFilter && t.serviceId !== serviceFilter && !t.spec.Resources?.Reservations) continue;
      let l = loads.get(t.nodeId);
      if (!l) loads.set(t.nodeId, (l = emptyLoad()));
      addLoad(l, t);
    }
    return loads;
  }

  private schedulePass(): void {
    const pending = [...this.swarm.tasks.values()].filter((t) => t.status.state === 'pending');
    if (!pending.length) return;
    const nodes = this.swarm.memberNodes().map((n) => (this.swarm.members.get(n.id)!.silent ? { ...n, state: 'down' as const } : n));
    const loads = this.nodeLoads();
    for (const task of pending) {
      if (stateRank(task.desiredState) > stateRank('running') && task.desiredState !== 'complete') {
        this.agent.finishWithoutRunning(task);
        continue;
      }
      const candidates = task.nodeId ? nodes.filter((n) => n.id === task.nodeId) : nodes;
      const placement = placeTask(task, candidates, loads);
      if ('error' in placement) {
        if (task.status.err !== placement.error) this.setStatus(task, 'pending', stepFrom('new')!.message, { err: placement.error });
        continue;
      }
      task.nodeId = placement.node.id;
      let l = loads.get(task.nodeId);
      if (!l) loads.set(task.nodeId, (l = emptyLoad()));
      addLoad(l, task);
      this.setStatus(task, 'assigned', stepFrom('pending')!.message, { err: undefined });
      this.agent.assigned(task);
    }
  }

  // ---- restarts ----

  /** The agent reported a terminal state for a task that should still be running. */
  taskEnded(task: Task): void {
    const service = this.swarm.services.get(task.serviceId);
    if (!service) return this.reap(undefined, task);
    this.updates.taskEnded(service, task);
    const mode = serviceMode(service.spec);
    if (stateRank(task.desiredState) > stateRank('running') && task.desiredState !== 'complete') {
      this.reap(service, task);
      return;
    }
    if (mode.endsWith('job') && task.status.state === 'complete') {
      this.markDirty(service);
      return;
    }
    const policy = restartPolicy(service.spec);
    const failed = task.status.state !== 'complete';
    const restart = policy.condition === 'any' || (policy.condition === 'on-failure' && failed);
    if (!restart || !this.withinAttempts(task, policy.maxAttempts, policy.windowMs)) {
      if (mode === 'replicated-job') this.markDirty(service);
      return;
    }
    this.setDesired(task, 'shutdown');
    const next = this.newTask(service, task.slot, mode.startsWith('global') ? task.nodeId : '', 'ready');
    if (mode.startsWith('global')) next.nodeId = task.nodeId;
    this.swarm.timers.after(policy.delayMs, () => {
      if (!this.swarm.tasks.has(next.id) || next.desiredState !== 'ready') return;
      this.setDesired(next, mode.endsWith('job') ? 'complete' : 'running');
    });
    this.reap(service, task);
  }

  private withinAttempts(task: Task, maxAttempts: number, windowMs: number): boolean {
    if (maxAttempts <= 0) return true;
    const key = `${task.serviceId}/${task.slot || task.nodeId}`;
    const now = this.swarm.now;
    const history = (this.restarts.get(key) ?? []).filter((t) => windowMs <= 0 || now - t < windowMs);
    if (history.length >= maxAttempts) return false;
    history.push(now);
    this.restarts.set(key, history);
    return true;
  }

  /** The task reaper: keep TaskHistoryRetentionLimit tasks per slot, drop removed tasks. */
  reap(service: Service | undefined, task: Task): void {
    if (task.desiredState === 'remove' && isTerminal(task.status.state)) {
      this.deleteTask(task);
      return;
    }
    if (!service) return;
    const limit = this.swarm.state?.historyLimit ?? 5;
    const key = (t: Task) => (t.slot ? `s${t.slot}` : `n${t.nodeId}`);
    const k = key(task);
    const history = this.tasksOf(service.id)
      .filter((t) => key(t) === k)
      .sort((a, b) => b.createdAt - a.createdAt || b.version - a.version);
    for (const old of history.slice(Math.max(limit, 1))) {
      if (isTerminal(old.status.state) && stateRank(old.desiredState) > stateRank('running')) this.deleteTask(old);
    }
  }

  deleteTask(task: Task): void {
    this.swarm.tasks.delete(task.id);
    this.agent.removeContainer(task);
  }
}
