/**
 * The node side of swarmkit: each node's agent walks its assigned tasks through the
 * executor's states (accepted, preparing, ready, starting, running), creating and
 * starting a container on the node for each, and reports how it ends. A silent node
 * (down, not yet or already noticed by the managers) reports nothing until it is back.
 */
import { FsTree } from '../fs/index.js';
import type { Container } from '../containers/container.js';
import type { CreateRequest } from '../containers/create-spec.js';
import type { SimNode } from '../cluster.js';
import { findInCatalog } from '../images/catalog.js';
import { decodeRegistryAuth } from '../registries.js';
import type { Swarm } from './swarm.js';
import { EXIT_MESSAGES, nonZeroExit, stepFrom } from './task-walk.js';
import { isTerminal, stateRank, type Json, type Task } from './types.js';

export class Agent {
  /** Tasks with a walk step scheduled (so a task never walks twice at once). */
  private readonly stepping = new Set<string>();
  /** Tasks whose container we are stopping on purpose. */
  private readonly stopping = new Set<string>();

  constructor(private readonly swarm: Swarm) {}

  private get orchestrator() {
    return this.swarm.orchestrator;
  }

  private silent(task: Task): boolean {
    return !!this.swarm.members.get(task.nodeId)?.silent;
  }

  private wantsDown(task: Task): boolean {
    return stateRank(task.desiredState) > stateRank('running') && task.desiredState !== 'complete';
  }

  container(task: Task): Container | undefined {
    return task.containerId ? this.swarm.engine.containers.find(task.containerId) : undefined;
  }

  /** The scheduler assigned the task: the node's agent takes it from here. */
  assigned(task: Task): void {
    this.advance(task);
  }

  desiredChanged(task: Task): void {
    if (!this.swarm.tasks.has(task.id)) return;
    if (isTerminal(task.status.state)) {
      this.orchestrator.reap(this.swarm.services.get(task.serviceId), task);
      return;
    }
    if (stateRank(task.status.state) < stateRank('assigned')) {
      if (this.wantsDown(task)) this.finishWithoutRunning(task);
      return;
    }
    if (this.silent(task)) return;
    this.advance(task);
  }

  /** A task shut down before any node ran it. */
  finishWithoutRunning(task: Task): void {
    if (isTerminal(task.status.state)) return;
    this.orchestrator.setStatus(task, 'shutdown', EXIT_MESSAGES.shutdown);
    this.orchestrator.taskEnded(task);
  }

  private advance(task: Task): void {
    if (!this.swarm.tasks.has(task.id) || this.silent(task) || isTerminal(task.status.state)) return;
    if (this.wantsDown(task)) return this.shutdownTask(task);
    if (task.status.state === 'running') return;
    const step = stepFrom(task.status.state);
    if (!step || step.by !== 'agent') return;
    if (task.status.state === 'ready' && task.desiredState === 'ready') return;
    if (this.stepping.has(task.id)) return;
    this.stepping.add(task.id);
    const from = task.status.state;
    this.swarm.timers.after(step.delayMs, () => {
      this.stepping.delete(task.id);
      if (!this.swarm.tasks.has(task.id) || task.status.state !== from || this.silent(task)) return;
      if (this.wantsDown(task)) return this.shutdownTask(task);
      if (task.status.state === 'ready' && task.desiredState === 'ready') return;
      if (step.action === 'create') {
        try {
          this.createContainer(task);
        } catch (err) {
          this.orchestrator.setStatus(task, 'rejected', EXIT_MESSAGES.rejected, { err: errText(err) });
          return this.orchestrator.taskEnded(task);
        }
      }
      if (step.action === 'start') {
        const container = this.container(task);
        if (!container) return;
        const exited = this.swarm.engine.runtime.wait(container, 'next-exit');
        try {
          this.swarm.engine.runtime.start(container);
        } catch (err) {
          this.orchestrator.setStatus(task, 'failed', EXIT_MESSAGES.failed, { err: errText(err), exitCode: container.state.exitCode });
          return this.orchestrator.taskEnded(task);
        }
        this.orchestrator.setStatus(task, 'running', step.message, { pid: container.state.pid, exitCode: 0 });
        void exited.then((r) => this.exited(task, r.StatusCode));
        return;
      }
      this.orchestrator.setStatus(task, step.to, step.message);
      this.advance(task);
    });
  }

  private exited(task: Task, code: number): void {
    if (!this.swarm.tasks.has(task.id) || isTerminal(task.status.state)) return;
    if (this.stopping.has(task.id) || this.wantsDown(task)) {
      if (this.silent(task)) return;
      this.stopping.delete(task.id);
      this.orchestrator.setStatus(task, 'shutdown', EXIT_MESSAGES.shutdown, { exitCode: code, pid: 0 });
      return this.orchestrator.taskEnded(task);
    }
    if (this.silent(task)) return;
    if (code === 0) this.orchestrator.setStatus(task, 'complete', EXIT_MESSAGES.complete, { exitCode: 0, pid: 0 });
    else this.orchestrator.setStatus(task, 'failed', EXIT_MESSAGES.failed, { err: nonZeroExit(code), exitCode: code, pid: 0 });
    this.orchestrator.taskEnded(task);
  }

  private shutdownTask(task: Task): void {
    if (this.stopping.has(task.id) || isTerminal(task.status.state)) return;
    const container = this.container(task);
    if (container?.running) {
      this.stopping.add(task.id);
      const grace = task.spec.ContainerSpec?.StopGracePeriod;
      void this.swarm.engine.runtime.stop(container, { timeoutSeconds: grace !== undefined ? grace / 1e9 : 10 }).catch(() => undefined);
      return;
    }
    this.orchestrator.setStatus(task, 'shutdown', EXIT_MESSAGES.shutdown);
    this.orchestrator.taskEnded(task);
  }

  /** A node talks to the managers again: stale tasks are shut down, others continue. */
  reconnect(node: SimNode): void {
    for (const task of [...this.swarm.tasks.values()]) {
      if (task.nodeId !== node.id) continue;
      if (task.status.state === 'orphaned') {
        this.orchestrator.reap(this.swarm.services.get(task.serviceId), task);
        const c = this.container(task);
        if (c?.running) void this.swarm.engine.runtime.stop(c, { timeoutSeconds: 0 }).catch(() => undefined);
        continue;
      }
      if (isTerminal(task.status.state)) continue;
      const container = this.container(task);
      if (task.status.state === 'running' && container && !container.running && !this.wantsDown(task)) {
        this.exited(task, container.state.exitCode);
        continue;
      }
      this.advance(task);
    }
  }

  /** swarmkit's dispatcher after the node-down period: tasks it ran are orphaned. */
  orphanTasksOf(node: SimNode): void {
    for (const task of this.swarm.tasks.values()) {
      if (task.nodeId !== node.id || isTerminal(task.status.state)) continue;
      if (stateRank(task.status.state) < stateRank('assigned')) continue;
      this.orchestrator.setStatus(task, 'orphaned', task.status.message);
    }
  }

  private createContainer(task: Task): void {
    const { engine } = this.swarm;
    const service = this.swarm.services.get(task.serviceId);
    const serviceName = service?.spec.Name ?? task.serviceId;
    const cs: Json = task.spec.ContainerSpec ?? {};
    const image = this.ensureImage(String(cs.Image), task.nodeId, task.pullAuth);
    const taskName = `${serviceName}.${task.slot || task.nodeId}.${task.id}`;
    const limits = task.spec.Resources?.Limits ?? {};
    const req: CreateRequest = {
      name: taskName,
      config: {
        Image: image,
        ...(cs.Args ? { Cmd: cs.Args } : {}),
        ...(cs.Command ? { Entrypoint: cs.Command } : {}),
        Env: cs.Env ?? [],
        Labels: {
          ...(cs.Labels ?? {}),
          'com.docker.swarm.node.id': task.nodeId,
          'com.docker.swarm.service.id': task.serviceId,
          'com.docker.swarm.service.name': serviceName,
          'com.docker.swarm.task': '',
          'com.docker.swarm.task.id': task.id,
          'com.docker.swarm.task.name': taskName,
        },
        Hostname: cs.Hostname ?? '',
        User: cs.User ?? '',
        WorkingDir: cs.Dir ?? '',
        Tty: !!cs.TTY,
        OpenStdin: !!cs.OpenStdin,
        ...(cs.StopSignal ? { StopSignal: cs.StopSignal } : {}),
        ...(cs.Healthcheck ? { Healthcheck: cs.Healthcheck } : {}),
      },
      hostConfig: {
        RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
        ...(limits.MemoryBytes ? { Memory: limits.MemoryBytes } : {}),
        ...(limits.NanoCPUs ? { NanoCpus: limits.NanoCPUs } : {}),
        ...(cs.ReadOnly ? { ReadonlyRootfs: true } : {}),
        ...(cs.Init !== undefined ? { Init: cs.Init } : {}),
      },
      networkingConfig: {},
    };
    const container = engine.runtime.create(req, { node: task.nodeId });
    task.containerId = container.id;
    this.mountFiles(container, cs);
    this.orchestrator.setStatus(task, task.status.state, task.status.message, { containerId: container.id });
  }

  /**
   * The node "pulls" what it does not have from the simulated registries, with the
   * service's registry auth. As in dockerd's executor a failed pull is only logged: the
   * create then fails with "No such image", which rejects the task.
   */
  private ensureImage(ref: string, node: string, pullAuth: string | undefined): string {
    const { engine } = this.swarm;
    const plain = ref.includes('@') && ref.lastIndexOf(':') > ref.indexOf('@') ? ref.slice(0, ref.indexOf('@')) : ref;
    for (const candidate of [ref, plain]) {
      try {
        engine.images.resolve(candidate);
        return candidate;
      } catch {
        /* try the next form */
      }
    }
    const entry = findInCatalog(engine.catalog, plain);
    const registry = entry && engine.registries.find(entry.name.registry);
    if (!entry || (registry?.requireAuth && !engine.registries.authorizes(registry.host, decodeRegistryAuth(pullAuth)))) {
      throw new Error(`No such image: ${ref}`);
    }
    engine.addImageFromCatalog(plain, node);
    return plain;
  }

  /** Secrets under /run/secrets, configs at their target, read-only files in the container. */
  private mountFiles(container: Container, cs: Json): void {
    const mtime = Math.floor(this.swarm.now / 1000);
    for (const ref of cs.Secrets ?? []) {
      const secret = this.swarm.secrets.find(ref.SecretID);
      if (!secret) continue;
      const name = ref.File?.Name ?? ref.SecretName;
      const path = name.startsWith('/') ? name : `/run/secrets/${name}`;
      container.fs.mount(path, FsTree.file(secret.data, fileMeta(ref.File, mtime)), { readOnly: true });
    }
    for (const ref of cs.Configs ?? []) {
      const config = this.swarm.configs.find(ref.ConfigID);
      if (!config || ref.Runtime) continue;
      const name = ref.File?.Name ?? ref.ConfigName;
      const path = name.startsWith('/') ? name : `/${name}`;
      container.fs.mount(path, FsTree.file(config.data, fileMeta(ref.File, mtime)), { readOnly: true });
    }
  }

  removeContainer(task: Task): void {
    const c = this.container(task);
    if (c) void this.swarm.engine.runtime.remove(c, { force: true }).catch(() => undefined);
  }

  removeAllContainers(): void {
    for (const task of this.swarm.tasks.values()) this.removeContainer(task);
  }
}

function fileMeta(file: Json | undefined, mtime: number) {
  return { mode: file?.Mode ?? 0o444, uid: Number(file?.UID ?? 0), gid: Number(file?.GID ?? 0), mtime };
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
