/**
 * The container lifecycle with dockerd's rules: created -> running <-> paused,
 * running -> exited (restart policies, AutoRemove), removing. Every change publishes
 * dockerd's events; every wait is answered when its condition is met.
 */
import { PausableClock, type Clock } from '../clock.js';
import type { Cluster } from '../cluster.js';
import { conflict, invalidParameter, notFound, notModified, systemError } from '../errors.js';
import type { EventBus } from '../events.js';
import { Filters } from '../filters.js';
import { LayeredFs } from '../fs/layered-fs.js';
import type { ImageStore, LocalImage } from '../images/image-store.js';
import { isSpawnFailure, parseSignal, spawn, type ExitInfo } from '../process/index.js';
import { foldKeys, HOST_CONFIG_FIELDS } from '../go-json.js';
import type { RandomSource } from '../random.js';
import { Container, type Json } from './container.js';
import type { ContainerStore } from './container-store.js';
import { hostConfigDefaults, logConfigFor, mergeImageConfig, validateCreateTypes, validateHealthcheck, validateHostConfig, validateResources, validateRestartPolicy, type CreateRequest } from './create-spec.js';
import { HealthMonitor } from './healthcheck.js';
import type { ContainerHooks } from './hooks.js';
import { matchesListFilters, PRUNE_FILTER_KEYS } from './list-filter.js';
import { randomName } from './names.js';
import { sizeRw } from './sizes.js';
import { RestartBackoff, shouldRestart } from './restart-policy.js';
import { linkEnvironment, parseLinks } from './links.js';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface WaitResult {
  StatusCode: number;
  Error: { Message: string } | null;
}

export interface RuntimeDeps {
  clock: Clock;
  events: EventBus;
  random: RandomSource;
  images: ImageStore;
  cluster: Cluster;
  containers: ContainerStore;
}

interface Waiter {
  condition: WaitCondition;
  resolve: (r: WaitResult) => void;
}

/** The environment dockerd gives every process before the image's and the user's. */
const DAEMON_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_STOP_TIMEOUT_S = 10;

export class ContainerRuntime {
  private nextPid = 2000;
  private readonly waiters = new Map<Container, Set<Waiter>>();
  private readonly backoffs = new WeakMap<Container, RestartBackoff>();
  private readonly pendingRestarts = new Map<Container, { cancel(): void }>();
  private readonly health: HealthMonitor;
  /** Lifecycle hooks of other engine parts (networks, volumes, ports), in order. */
  readonly hooks: ContainerHooks[] = [];

  constructor(private readonly deps: RuntimeDeps) {
    this.health = new HealthMonitor(deps.clock, (c, action, attrs) => this.publish(c, action, attrs));
  }

  /** Create a container; `options.node` puts it on another simulated node (swarm tasks). */
  create(request: CreateRequest, options: { node?: string } = {}): Container {
    const { containers, images, random, clock, cluster } = this.deps;
    const req = { ...request, hostConfig: foldKeys(request.hostConfig ?? {}, HOST_CONFIG_FIELDS) };
    validateCreateTypes(req.config, req.hostConfig);
    if (!req.config.Image) throw invalidParameter('Config cannot be empty in order to create a container');
    validateHealthcheck(req.config.Healthcheck);
    const image = images.resolve(String(req.config.Image));
    checkPlatform(req.platform, image);
    const hostConfig = { ...hostConfigDefaults(), ...req.hostConfig };
    if (hostConfig.RestartPolicy?.Name === '') hostConfig.RestartPolicy = { ...hostConfig.RestartPolicy, Name: 'no' };
    validateHostConfig(hostConfig);
    hostConfig.LogConfig = logConfigFor(hostConfig.LogConfig);
    const id = random.hexId();
    const name = containers.reserveName(req.name || randomName(random, (n) => !!containers.find(n), id.slice(0, 12)), id);
    const config = mergeImageConfig(req.config, image.config, id.slice(0, 12));
    const fs = new LayeredFs(images.lowerOf(image), { readOnly: !!hostConfig.ReadonlyRootfs, now: () => clock.now() });
    const behaviour = sameCommand(config, image) ? image.behaviour : undefined;
    const container = new Container(id, name, clock.now(), config, hostConfig, image.id, options.node ?? cluster.local.id, fs, behaviour);
    for (const h of this.hooks) h.created?.(container, req);
    containers.add(container);
    this.publish(container, 'create');
    return container;
  }

  /** Start a created or exited container; 304 when it already runs. */
  start(container: Container): void {
    if (container.paused) throw conflict('cannot start a paused container, try unpause instead');
    if (container.running) throw notModified();
    if (container.state.status === 'removing') throw conflict(`container is marked for removal and cannot be started`);
    container.manuallyStopped = false;
    this.cancelPendingRestart(container);
    this.launch(container);
  }

  /** Stop: the stop signal, then SIGKILL after the timeout. Resolves once it is down. */
  async stop(container: Container, options: { timeoutSeconds?: number; signal?: string } = {}): Promise<void> {
    if (container.state.status === 'restarting') {
      container.manuallyStopped = true;
      this.cancelPendingRestart(container);
      this.markExited(container, container.state.exitCode);
      this.publish(container, 'stop');
      return;
    }
    if (!container.running) throw notModified();
    container.manuallyStopped = true;
    const signal = options.signal || container.config.StopSignal || 'SIGTERM';
    const timeout = options.timeoutSeconds ?? container.config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    const exited = this.nextExit(container);
    if (container.paused) this.resume(container);
    this.signal(container, signal);
    if (timeout >= 0) {
      const timer = this.deps.clock.setTimer(timeout * 1000, () => {
        if (container.running) this.signal(container, 'SIGKILL');
      });
      await exited;
      timer.cancel();
    } else {
      await exited;
    }
    this.publish(container, 'stop');
  }

  kill(container: Container, signalName = 'SIGKILL'): Promise<void> {
    const sig = parseSignal(signalName);
    if (!sig || sig.number === 0) throw invalidParameter(`Invalid signal: ${signalName}`);
    if (!container.running) {
      throw conflict(`Cannot kill container: ${container.id}: Container ${container.id} is not running`);
    }
    container.manuallyStopped = true;
    const exited = sig.number === 9 ? this.nextExit(container) : Promise.resolve();
    if (sig.number === 9 && container.paused) this.resume(container);
    this.signal(container, sig.name);
    return exited.then(() => undefined);
  }

  async restart(container: Container, options: { timeoutSeconds?: number; signal?: string } = {}): Promise<void> {
    if (container.running) await this.stop(container, options);
    container.manuallyStopped = false;
    this.cancelPendingRestart(container);
    this.launch(container);
    this.publish(container, 'restart');
  }

  pause(container: Container): void {
    if (!container.running) throw conflict(`Container ${container.id} is not running`);
    if (container.paused) throw conflict(`Container ${container.id} is already paused`);
    container.state.status = 'paused';
    container.processClock?.pause();
    this.publish(container, 'pause');
  }

  unpause(container: Container): void {
    if (!container.paused) throw systemError(`Container ${container.id} is not paused`);
    this.resume(container);
    this.publish(container, 'unpause');
  }

  async remove(container: Container, options: { force?: boolean; link?: boolean; removeVolumes?: boolean } = {}): Promise<void> {
    if (options.link) throw systemError('Conflict, cannot remove the default link name of the container');
    if (container.paused && !options.force) {
      throw conflict(`You cannot remove a paused container ${container.id}. Unpause and then stop the container before attempting removal or force remove`);
    }
    if ((container.running || container.state.status === 'restarting') && !options.force) {
      const state = container.state.status === 'restarting' ? 'restarting' : 'running';
      throw conflict(`You cannot remove a ${state} container ${container.id}. Stop the container before attempting removal or force remove`);
    }
    if (container.state.status === 'removing') throw conflict(`removal of container ${container.name.slice(1)} is already in progress`);
    this.cancelPendingRestart(container);
    if (container.running) {
      container.manuallyStopped = true;
      const exited = this.nextExit(container);
      if (container.paused) this.resume(container);
      this.signal(container, 'SIGKILL');
      await exited;
    }
    this.destroy(container, !!options.removeVolumes);
  }

  rename(container: Container, newName: string): void {
    if (!newName) throw invalidParameter('Neither old nor new names may be empty');
    const full = newName.startsWith('/') ? newName : `/${newName}`;
    if (full === container.name) throw invalidParameter('Renaming a container with the same name as its current name');
    let reserved: string;
    try {
      reserved = this.deps.containers.reserveName(newName, container.id);
    } catch (err) {
      if (err instanceof Error && err.name === 'Conflict') throw conflict(`Error when allocating new name: ${err.message}`);
      throw err;
    }
    const oldName = container.name;
    this.deps.containers.rename(container, reserved);
    this.publish(container, 'rename', { oldName });
  }

  update(container: Container, update: Json): { Warnings: null } {
    validateResources(update);
    if (update.RestartPolicy) {
      validateRestartPolicy(update.RestartPolicy);
      if (container.hostConfig.AutoRemove && !['', 'no'].includes(update.RestartPolicy.Name ?? '')) {
        throw invalidParameter('Restart policy cannot be updated because AutoRemove is enabled for the container');
      }
    }
    for (const [key, value] of Object.entries(update)) {
      if (key in container.hostConfig || key === 'RestartPolicy') container.hostConfig[key] = value;
    }
    this.publish(container, 'update');
    return { Warnings: null };
  }

  /** Resolves when the condition holds (at once for not-running on a stopped container). */
  wait(container: Container, condition: WaitCondition, signal?: AbortSignal): Promise<WaitResult> {
    if (condition === 'not-running' && !container.running && container.state.status !== 'restarting') {
      return Promise.resolve(this.waitResult(container));
    }
    return new Promise((resolve) => {
      const set = this.waiters.get(container) ?? new Set();
      const waiter: Waiter = { condition, resolve };
      set.add(waiter);
      this.waiters.set(container, set);
      signal?.addEventListener('abort', () => this.dropWaiter(container, waiter), { once: true });
    });
  }

  async prune(filters: Filters): Promise<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }> {
    filters.validate(PRUNE_FILTER_KEYS);
    const deleted: string[] = [];
    let reclaimed = 0;
    const now = this.deps.clock.now();
    for (const c of this.deps.containers.list()) {
      if (c.running || c.state.status === 'restarting') continue;
      if (!matchesListFilters(c, filters, { now, store: this.deps.containers, images: this.deps.images })) continue;
      reclaimed += sizeRw(c);
      this.destroy(c);
      deleted.push(c.id);
    }
    this.deps.events.publish({ type: 'container', action: 'prune', id: '', attributes: { reclaimed: String(reclaimed) } });
    return { ContainersDeleted: deleted.length ? deleted : null, SpaceReclaimed: reclaimed };
  }

  /** Stop every timer and process (daemon shutdown). */
  shutdown(): void {
    for (const t of this.pendingRestarts.values()) t.cancel();
    this.pendingRestarts.clear();
    for (const c of this.deps.containers.list()) {
      this.health.stop(c);
      if (c.running) {
        c.manuallyStopped = true;
        c.process?.signal('SIGKILL');
      }
    }
  }

  publish(container: Container, action: string, extra: Record<string, string> = {}): void {
    this.deps.events.publish({ type: 'container', action, id: container.id, attributes: container.eventAttributes(extra), node: container.node });
  }

  /** Deliver a signal to the container's main process, with dockerd's kill event. */
  private signal(container: Container, name: string): void {
    const sig = parseSignal(name);
    if (!sig) throw invalidParameter(`Invalid signal: ${name}`);
    this.publish(container, 'kill', { signal: String(sig.number) });
    container.process?.signal(sig.name);
  }

  private resume(container: Container): void {
    container.state.status = 'running';
    container.processClock?.resume();
  }

  /** The container a link name (parent/alias) stands for; dockerd's 404 when there is none. */
  linkedContainer(parentRef: string, alias: string): Container {
    const parent = this.deps.containers.find(parentRef);
    const link = parent && parseLinks(parent.hostConfig.Links).find((l) => l.alias === alias);
    const child = link && this.deps.containers.find(link.target);
    if (!parent || !child) throw notFound(`No such container: ${parentRef}/${alias}`);
    return child;
  }

  /** DELETE /containers/{parent}/{alias}?link=1: the parent loses the link, both containers stay. */
  removeLink(parentRef: string, alias: string): void {
    this.linkedContainer(parentRef, alias);
    const parent = this.deps.containers.get(parentRef);
    const kept = (parent.hostConfig.Links ?? []).filter((spec: string) => parseLinks([spec])[0]?.alias !== alias);
    parent.hostConfig.Links = kept.length ? kept : null;
  }

  /** ALIAS_NAME, ALIAS_ENV_* and ALIAS_PORT* for each running container HostConfig.Links names. */
  private linkedEnvironment(container: Container): string[] {
    return parseLinks(container.hostConfig.Links).flatMap((link) => {
      const child = this.deps.containers.find(link.target);
      return child?.running ? linkEnvironment(container, link, child) : [];
    });
  }

  /** Spawn the main process; a spawn failure leaves the container created with 127/126 (removed with AutoRemove). */
  private launch(container: Container): void {
    const { clock } = this.deps;
    for (const h of this.hooks) h.starting?.(container);
    const stdout = (data: Buffer) => container.logs.append({ stream: 'stdout', time: clock.nowNanos(), data });
    const stderr = (data: Buffer) => container.logs.append({ stream: container.config.Tty ? 'stdout' : 'stderr', time: clock.nowNanos(), data });
    const processClock = new PausableClock(clock);
    const proc = spawn({
      argv: container.argv,
      env: [DAEMON_PATH, `HOSTNAME=${container.config.Hostname}`, ...(container.config.Tty ? ['TERM=xterm'] : []), ...this.linkedEnvironment(container), ...(container.config.Env ?? [])],
      workingDir: container.config.WorkingDir || '/',
      user: container.config.User ?? '',
      groupAdd: (container.hostConfig.GroupAdd ?? []).map(String),
      hostname: container.config.Hostname,
      tty: !!container.config.Tty,
      clock: processClock,
      fs: container.fs,
      pid1: true,
      behaviour: container.behaviour,
      memoryLimitBytes: container.hostConfig.Memory || undefined,
      stdout,
      stderr,
    });
    if (isSpawnFailure(proc)) {
      for (const h of this.hooks) h.stopped?.(container);
      const message = startFailureMessage(proc.error);
      container.state = { ...container.state, status: 'created', exitCode: proc.exitCode, error: message };
      this.deps.events.publish({ type: 'container', action: 'die', id: container.id, attributes: container.eventAttributes({ exitCode: String(proc.exitCode) }), node: container.node });
      this.resolveWaiters(container, ['next-exit', 'not-running']);
      // dockerd's containerStart removes an AutoRemove container whose start failed;
      // `docker run --rm` (API >= 1.30 clients) waits for that removal before exiting.
      if (container.hostConfig.AutoRemove) this.destroy(container, true);
      throw proc.exitCode === 126 && /user/.test(proc.error) ? systemError(proc.error) : invalidParameter(message);
    }
    container.process = proc;
    container.processClock = processClock;
    if (container.config.OpenStdin) container.stdin.connect(proc);
    else proc.endStdin();
    container.state = { ...container.state, status: 'running', pid: this.nextPid++, exitCode: 0, error: '', oomKilled: false, startedAt: clock.now(), finishedAt: 0 };
    this.publish(container, 'start');
    this.health.start(container);
    proc.exited.then((exit) => this.onExit(container, exit));
  }

  private onExit(container: Container, exit: ExitInfo): void {
    const { clock, containers } = this.deps;
    if (!containers.find(container.id) && container.state.status !== 'removing') return;
    this.health.stop(container);
    container.process = undefined;
    // Like dockerd's Reset: the next start gets a fresh stdin (StdinOnce closed the old one).
    container.stdin.reset();
    for (const h of this.hooks) h.stopped?.(container);
    const ranFor = clock.now() - container.state.startedAt;
    this.markExited(container, exit.exitCode, !!exit.oomKilled);
    if (exit.oomKilled) this.publish(container, 'oom');
    this.publish(container, 'die', { exitCode: String(exit.exitCode), execDuration: String(Math.round(ranFor / 1000)) });
    this.resolveWaiters(container, ['next-exit', 'not-running']);
    if (shouldRestart(container.hostConfig.RestartPolicy, exit.exitCode, container.restartCount, container.manuallyStopped)) {
      this.scheduleRestart(container, ranFor);
    } else if (container.hostConfig.AutoRemove && container.state.status !== 'removing') {
      this.destroy(container, true);
    }
  }

  private markExited(container: Container, exitCode: number, oomKilled = false): void {
    const now = this.deps.clock.now();
    container.state = { ...container.state, status: 'exited', pid: 0, exitCode, oomKilled, finishedAt: now };
  }

  private scheduleRestart(container: Container, ranFor: number): void {
    let backoff = this.backoffs.get(container);
    if (!backoff) this.backoffs.set(container, (backoff = new RestartBackoff()));
    const delay = backoff.next(ranFor);
    container.state.status = 'restarting';
    const timer = this.deps.clock.setTimer(delay, () => {
      this.pendingRestarts.delete(container);
      if (container.state.status !== 'restarting') return;
      container.restartCount++;
      try {
        this.launch(container);
      } catch {
        container.state.status = 'exited';
      }
    });
    this.pendingRestarts.set(container, timer);
  }

  private cancelPendingRestart(container: Container): void {
    this.pendingRestarts.get(container)?.cancel();
    this.pendingRestarts.delete(container);
  }

  private destroy(container: Container, removeVolumes = false): void {
    container.state.status = 'removing';
    this.health.stop(container);
    for (const h of this.hooks) h.removing?.(container, { removeVolumes });
    this.deps.containers.delete(container);
    this.publish(container, 'destroy');
    this.resolveWaiters(container, ['removed', 'next-exit', 'not-running']);
    this.waiters.delete(container);
  }

  private nextExit(container: Container): Promise<WaitResult> {
    return this.wait(container, 'next-exit');
  }

  private waitResult(container: Container): WaitResult {
    const { exitCode, error } = container.state;
    return { StatusCode: exitCode, Error: error ? { Message: error } : null };
  }

  private resolveWaiters(container: Container, conditions: WaitCondition[]): void {
    const set = this.waiters.get(container);
    if (!set) return;
    for (const w of [...set]) {
      if (!conditions.includes(w.condition)) continue;
      set.delete(w);
      w.resolve(this.waitResult(container));
    }
  }

  private dropWaiter(container: Container, waiter: Waiter): void {
    const set = this.waiters.get(container);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(container);
  }

  /** Open waiters, for leak checks in tests. */
  waiterCount(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }
}

/** runc's wording for a process that could not start, as dockerd 28 reports it. */
function startFailureMessage(error: string): string {
  if (/^unable to find user/.test(error)) return error;
  return `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${error}: unknown`;
}

function checkPlatform(platform: string | undefined, image: LocalImage): void {
  if (!platform) return;
  const [os, arch] = platform.split('/');
  const actual = `${image.config.os}/${image.config.architecture}`;
  if (os !== image.config.os || (arch && arch !== image.config.architecture)) {
    throw notFound(`image with reference ${image.repoTags[0] ?? image.id} was found but does not match the specified platform: wanted ${platform}, actual: ${actual}`);
  }
}

/** The image's behaviour applies only while the container runs the image's own command. */
function sameCommand(config: Json, image: LocalImage): boolean {
  const img = image.config.config ?? {};
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const imageArgv = [...((img.Entrypoint as string[] | null) ?? []), ...((img.Cmd as string[] | null) ?? [])];
  return argv.length === imageArgv.length && argv.every((a, i) => a === imageArgv[i]);
}
