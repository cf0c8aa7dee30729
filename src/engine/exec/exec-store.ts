/**
 * Exec instances with dockerd's rules (daemon/exec.go): create on a running, not
 * paused container; start once; the command runs as a simulated process next to the
 * container's main one. Instances not yet finished vanish when their container
 * stops (404 afterwards); finished ones stay inspectable until it is removed.
 */
import type { Clock } from '../clock.js';
import { conflict, invalidParameter, notFound, systemError } from '../errors.js';
import type { Container } from '../containers/container.js';
import type { ContainerStore } from '../containers/container-store.js';
import type { StreamName } from '../containers/log-buffer.js';
import type { ContainerRuntime } from '../containers/runtime.js';
import { isSpawnFailure, spawn } from '../process/index.js';
import { resolveUser } from '../process/users.js';
import type { RandomSource } from '../random.js';
import { DEFAULT_DETACH_KEYS, DetachKeyWatcher, parseDetachKeys } from '../attach/detach-keys.js';
import { ExecInstance } from './exec-instance.js';

export interface ExecCreateRequest {
  Cmd?: string[] | null;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  DetachKeys?: string;
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
  Env?: string[] | null;
  ConsoleSize?: [number, number] | null;
}

export interface ExecDeps {
  clock: Clock;
  random: RandomSource;
  containers: ContainerStore;
  runtime: ContainerRuntime;
}

export interface ExecSink {
  output(stream: StreamName, data: Buffer): void;
}

/** How an attached exec stream ended: the process exited (or its TTY input ended), a detach, the client left. */
export type ExecStreamEnd = 'ended' | 'detached' | 'gone';

export interface ExecSession {
  input(chunk: Buffer): void;
  inputEnd(): void;
  cancel(): void;
  readonly done: Promise<ExecStreamEnd>;
}

const DAEMON_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Host PIDs for exec'd processes (containers' main processes count from 2000). */
const FIRST_EXEC_PID = 40_000;

export class ExecStore {
  private readonly execs = new Map<string, ExecInstance>();
  private nextPid = FIRST_EXEC_PID;

  constructor(private readonly deps: ExecDeps) {
    deps.runtime.hooks.push({
      stopped: (c) => this.containerStopped(c),
      removing: (c) => this.containerRemoved(c),
    });
  }

  create(ref: string, req: ExecCreateRequest): ExecInstance {
    if (!req.Cmd || req.Cmd.length === 0) throw invalidParameter('No exec command specified');
    const container = this.deps.containers.get(ref);
    checkActive(container);
    if (req.User) {
      const user = resolveUser(container.fs, req.User);
      if ('error' in user) throw invalidParameter(user.error);
    }
    let detachKeys: Buffer = Buffer.alloc(0);
    if (req.DetachKeys) {
      const keys = parseDetachKeys(req.DetachKeys);
      if (!keys) throw systemError(`Invalid escape keys (${req.DetachKeys}) provided`);
      detachKeys = keys;
    }
    const tty = !!req.Tty;
    const exec = new ExecInstance(this.deps.random.hexId(), container, {
      entrypoint: req.Cmd[0]!,
      args: req.Cmd.slice(1),
      tty,
      openStdin: !!req.AttachStdin,
      openStdout: !!req.AttachStdout,
      openStderr: !!req.AttachStderr,
      detachKeys,
      privileged: !!req.Privileged,
      user: req.User || container.config.User || '',
      workingDir: req.WorkingDir || container.config.WorkingDir || '',
      env: replaceOrAppend(replaceOrAppend([DAEMON_PATH, `HOSTNAME=${container.config.Hostname}`, ...(tty ? ['TERM=xterm'] : [])], container.config.Env ?? []), req.Env ?? []),
      consoleSize: req.ConsoleSize ?? undefined,
    });
    this.execs.set(exec.id, exec);
    container.execIds.push(exec.id);
    this.deps.runtime.publish(container, `exec_create: ${exec.commandLine}`, { execID: exec.id });
    return exec;
  }

  /** An instance for inspect: it outlives its run, not its container. */
  get(id: string): ExecInstance {
    const exec = this.execs.get(id);
    if (!exec || !this.deps.containers.find(exec.container.id)) throw notFound(`No such exec instance: ${id}`);
    return exec;
  }

  /** An instance for start/resize: its container must be running and not paused. */
  getActive(id: string): ExecInstance {
    const exec = this.get(id);
    checkActive(exec.container);
    return exec;
  }

  /**
   * Run the command. Without a sink (Detach) the output goes nowhere; with one it
   * streams until the process exits. A command that cannot start throws, with the
   * exit code already set (dockerd writes the message into an attached stream).
   */
  start(exec: ExecInstance, sink?: ExecSink): ExecSession {
    if (exec.exitCode !== null) throw conflict(`exec command ${exec.id} has already run`);
    if (exec.running) throw conflict(`exec command ${exec.id} is already running`);
    const { container, config } = exec;
    const { clock, runtime } = this.deps;
    runtime.publish(container, `exec_start: ${exec.commandLine}`, { execID: exec.id });
    const proc = spawn({
      argv: [config.entrypoint, ...config.args],
      env: config.env,
      workingDir: config.workingDir || '/',
      user: config.user,
      groupAdd: (container.hostConfig.GroupAdd ?? []).map(String),
      hostname: container.config.Hostname,
      tty: config.tty,
      clock,
      fs: container.fs,
      pid1: false,
      stdout: (data) => (config.openStdout ? sink?.output('stdout', data) : undefined),
      stderr: (data) => (config.openStderr ? sink?.output(config.tty ? 'stdout' : 'stderr', data) : undefined),
    });
    if (isSpawnFailure(proc)) {
      // dockerd gives every exec that fails to start 126, even for a missing executable (127 as a main process).
      exec.exitCode = 126;
      forget(container, exec.id);
      throw invalidParameter(`OCI runtime exec failed: exec failed: unable to start container process: ${proc.error}: unknown`);
    }
    exec.process = proc;
    exec.running = true;
    exec.pid = this.nextPid++;
    if (config.consoleSize && config.tty) proc.resize(config.consoleSize[0], config.consoleSize[1]);
    const stdinOpen = !!sink && config.openStdin;
    if (!stdinOpen) proc.endStdin();

    let finished = false;
    let resolveDone!: (end: ExecStreamEnd) => void;
    const done = new Promise<ExecStreamEnd>((resolve) => (resolveDone = resolve));
    const finish = (end: ExecStreamEnd) => {
      if (finished) return;
      finished = true;
      sink = undefined;
      resolveDone(end);
    };
    const watcher = config.tty ? new DetachKeyWatcher(config.detachKeys.length ? config.detachKeys : DEFAULT_DETACH_KEYS) : undefined;

    proc.exited.then((exit) => {
      exec.running = false;
      exec.process = undefined;
      exec.exitCode = exit.exitCode;
      forget(container, exec.id);
      runtime.publish(container, 'exec_die', { execID: exec.id, exitCode: String(exit.exitCode) });
      finish('ended');
    });

    return {
      done,
      input: (chunk) => {
        if (finished || !stdinOpen || !exec.running) return;
        if (!watcher) return proc.writeStdin(chunk);
        const { data, detach } = watcher.feed(chunk);
        if (data.length > 0) proc.writeStdin(data);
        if (detach) {
          runtime.publish(container, 'exec_detach', { execID: exec.id });
          finish('detached');
        }
      },
      inputEnd: () => {
        if (finished || !stdinOpen) return;
        if (config.tty) finish('ended');
        else proc.endStdin();
      },
      cancel: () => {
        if (finished) return;
        if (stdinOpen && !config.tty) proc.endStdin();
        finish('gone');
      },
    };
  }

  resize(exec: ExecInstance, height: number, width: number): void {
    if (exec.config.tty) exec.process?.resize(height, width);
  }

  /** Instances in the store (leak checks in tests). */
  get size(): number {
    return this.execs.size;
  }

  /** The container's process ended: running execs die with it, unstarted ones are forgotten. */
  private containerStopped(container: Container): void {
    for (const id of [...container.execIds]) {
      const exec = this.execs.get(id);
      if (exec?.running) exec.process?.signal('SIGKILL');
      else this.execs.delete(id);
    }
    container.execIds.length = 0;
  }

  private containerRemoved(container: Container): void {
    for (const [id, exec] of this.execs) if (exec.container === container) this.execs.delete(id);
  }
}

function checkActive(container: Container): void {
  if (!container.running) throw conflict(`Container ${container.id} is not running`);
  if (container.paused) throw conflict(`Container ${container.id} is paused, unpause the container before exec`);
  if (container.state.status === 'restarting') throw conflict(`Container ${container.id} is restarting, wait until the container is running`);
}

function forget(container: Container, id: string): void {
  const at = container.execIds.indexOf(id);
  if (at >= 0) container.execIds.splice(at, 1);
}

/** Go's ReplaceOrAppendEnvValues: an override replaces the same key, else is appended; "KEY" alone removes it. */
function replaceOrAppend(base: string[], overrides: string[]): string[] {
  const out = [...base];
  const keyOf = (e: string) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e);
  for (const o of overrides) {
    const at = out.findIndex((e) => keyOf(e) === keyOf(o));
    if (!o.includes('=')) {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = o;
    else out.push(o);
  }
  return out;
}
