/**
 * swarmkit's update supervisor: a changed task template rolls over the service's
 * slots in batches of `Parallelism`, `Delay` apart, stop-first or start-first,
 * watching each new task for `Monitor`; too many failures (`MaxFailureRatio`) trigger
 * the `FailureAction` (pause, continue, or rollback to PreviousSpec). Progress shows in
 * the service's UpdateStatus.
 */
import { templateHash, updatePolicy, type UpdatePolicy } from './service-spec.js';
import type { Orchestrator } from './orchestrator.js';
import type { Swarm } from './swarm.js';
import { isTerminal, stateRank, type Service, type Task, type UpdateState } from './types.js';

/** Engine-time step of the supervisor's checks. */
const POLL_MS = 100;

interface UpdateRun {
  service: Service;
  rollback: boolean;
  policy: UpdatePolicy;
  target: string;
  total: number;
  failures: Set<string>;
  /** When each new task reached running (for the monitor window). */
  runningSince: Map<string, number>;
  abort: AbortController;
  done: boolean;
}

export const UPDATE_MESSAGES = {
  updating: 'update in progress',
  completed: 'update completed',
  manualRollback: 'manually requested rollback',
  rollbackCompleted: 'rollback completed',
  paused: (task: string) => `update paused due to failure or early termination of task ${task}`,
  rolledBack: (task: string) => `update rolled back due to failure or early termination of task ${task}`,
} as const;

export class UpdateSupervisor {
  private readonly runs = new Map<string, UpdateRun>();

  constructor(
    private readonly swarm: Swarm,
    private readonly orchestrator: Orchestrator,
  ) {}

  clear(): void {
    for (const id of [...this.runs.keys()]) this.cancel(id);
  }

  cancel(serviceId: string): void {
    const run = this.runs.get(serviceId);
    if (!run) return;
    run.done = true;
    run.abort.abort();
    this.runs.delete(serviceId);
  }

  begin(service: Service, rollback: boolean, message?: string): void {
    this.cancel(service.id);
    this.setStatus(service, rollback ? 'rollback_started' : 'updating', message ?? (rollback ? UPDATE_MESSAGES.manualRollback : UPDATE_MESSAGES.updating));
    const target = templateHash(service.spec);
    const run: UpdateRun = {
      service,
      rollback,
      policy: updatePolicy(service.spec, rollback),
      target,
      total: Math.max(1, this.outdated(service, target).length),
      failures: new Set(),
      runningSince: new Map(),
      abort: new AbortController(),
      done: false,
    };
    this.runs.set(service.id, run);
    void this.execute(run).catch((err: unknown) => {
      if (!(err instanceof Error && err.name === 'AbortError')) throw err;
    });
  }

  private setStatus(service: Service, state: UpdateState, message: string): void {
    const now = this.swarm.now;
    const ended = state === 'completed' || state === 'rollback_completed';
    const startedAt = state === 'updating' || (state === 'rollback_started' && service.updateStatus?.State !== 'rollback_started') ? now : (service.updateStatus?.StartedAt ?? now);
    service.updateStatus = { State: state, StartedAt: startedAt, ...(ended ? { CompletedAt: now } : {}), Message: message };
    service.version = this.swarm.nextIndex();
    service.updatedAt = now;
  }

  private outdated(service: Service, target: string): Task[] {
    return this.orchestrator
      .liveTasks(service.id)
      .filter((t) => t.specHash !== target)
      .sort((a, b) => a.slot - b.slot || a.nodeId.localeCompare(b.nodeId));
  }

  private sleep(run: UpdateRun, ms: number): Promise<void> {
    return this.swarm.engine.clock.sleep(ms, run.abort.signal);
  }

  private async execute(run: UpdateRun): Promise<void> {
    const { service, policy } = run;
    for (;;) {
      const outdated = this.outdated(service, run.target);
      if (!outdated.length) break;
      const batch = outdated.slice(0, policy.parallelism > 0 ? policy.parallelism : outdated.length);
      for (const old of batch) {
        if (policy.order === 'start-first') {
          this.orchestrator.newTask(service, old.slot, old.slot ? '' : old.nodeId, 'running');
        } else {
          this.orchestrator.setDesired(old, 'shutdown');
          this.orchestrator.markDirty(service);
        }
      }
      const outcome = await this.awaitBatch(run, batch);
      if (run.done) return;
      if (outcome === 'failed') return;
      for (const old of batch) if (policy.order === 'start-first') this.orchestrator.setDesired(old, 'shutdown');
      if (policy.delayMs > 0) await this.sleep(run, policy.delayMs);
      if (run.done) return;
    }
    await this.sleep(run, policy.monitorMs);
    if (run.done) return;
    this.runs.delete(service.id);
    run.done = true;
    this.setStatus(service, run.rollback ? 'rollback_completed' : 'completed', run.rollback ? UPDATE_MESSAGES.rollbackCompleted : UPDATE_MESSAGES.completed);
  }

  /** Wait until every slot of the batch runs a new task, or the failure action fires. */
  private async awaitBatch(run: UpdateRun, batch: Task[]): Promise<'ok' | 'failed'> {
    for (;;) {
      if (run.done) return 'failed';
      const ready = batch.every((old) => {
        const fresh = this.orchestrator
          .liveTasks(run.service.id)
          .filter((t) => t.specHash === run.target && (old.slot ? t.slot === old.slot : t.nodeId === old.nodeId));
        const running = fresh.find((t) => t.status.state === 'running');
        if (running && !run.runningSince.has(running.id)) run.runningSince.set(running.id, this.swarm.now);
        return !!running || (!old.slot && fresh.length === 0 && isTerminal(old.status.state));
      });
      if (ready) return 'ok';
      await this.sleep(run, POLL_MS);
    }
  }

  /** A task ended: a new task failing while updating (or monitored) counts as a failure. */
  taskEnded(service: Service, task: Task): void {
    const run = this.runs.get(service.id);
    if (!run || run.done || task.specHash !== run.target) return;
    if (stateRank(task.desiredState) > stateRank('running')) return;
    if (!['failed', 'rejected', 'complete'].includes(task.status.state)) return;
    const since = run.runningSince.get(task.id);
    if (since !== undefined && this.swarm.now - since > run.policy.monitorMs) return;
    run.failures.add(task.id);
    if (run.failures.size / run.total <= run.policy.maxFailureRatio) return;
    switch (run.policy.failureAction) {
      case 'continue':
        return;
      case 'pause':
        this.cancel(service.id);
        this.setStatus(service, run.rollback ? 'rollback_paused' : 'paused', UPDATE_MESSAGES.paused(task.id));
        return;
      case 'rollback':
        this.cancel(service.id);
        if (run.rollback || !service.previousSpec) {
          this.setStatus(service, 'rollback_paused', UPDATE_MESSAGES.paused(task.id));
          return;
        }
        this.rollback(service, UPDATE_MESSAGES.rolledBack(task.id));
    }
  }

  /** Swap to the previous spec and roll back over the slots with RollbackConfig. */
  private rollback(service: Service, message: string): void {
    const current = service.spec;
    service.spec = service.previousSpec!;
    service.previousSpec = current;
    service.version = this.swarm.nextIndex();
    this.swarm.publish('service', 'update', service.id, { name: service.spec.Name });
    this.begin(service, true, message);
    this.orchestrator.markDirty(service);
  }
}
