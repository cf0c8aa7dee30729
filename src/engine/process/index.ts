/**
 * Simulated processes: what a container (or an exec) "runs". No real process is
 * started; a small program chosen from argv (echo, sleep, cat, sh -c ..., see
 * programs/) or a per-image Behaviour runs on the engine clock.
 *
 *   const p = spawn({ argv: ['sh', '-c', 'echo hi; exit 3'], env, workingDir: '/', user: '',
 *                     hostname, tty: false, clock, fs, pid1: true, stdout, stderr });
 *   if ('error' in p) ...             // exec: "x": executable file not found in $PATH (127)
 *   p.writeStdin(buf); p.endStdin();  // stdin; EOF
 *   p.signal('SIGTERM');              // see below
 *   const { exitCode } = await p.exited;
 *
 * Signals behave as on dockerd: SIGKILL always ends the process (137). A PID-1
 * process ignores every other signal it does not handle (a shell `trap`, or a
 * behaviour's stopSignals); any other process dies of it (128+signo) unless the
 * signal is harmless by default (SIGCHLD, SIGWINCH, ...).
 *
 * The caller passes the daemon's environment (PATH, HOSTNAME, TERM + Config.Env);
 * spawn adds HOME from the user when missing, as runc does. Once a process has
 * exited it holds no timers, listeners or pending waits.
 */
import type { Clock } from '../clock.js';
import type { ProcessFileSystem } from '../fs/types.js';
import type { Behaviour } from './behaviour.js';
import { behaviourProgram } from './behaviour.js';
import { Killed, ProcessControl, type ExitInfo } from './control.js';
import { BrokenPipe, CallbackSink, Pipe, TtySink, type Sink } from './io.js';
import type { ProcInfo, Program, System, TrapHandler } from './program.js';
import { PROGRAMS, resolveCommand } from './programs/index.js';
import { runProgram, runUntilSignalled } from './runner.js';
import './shell-program.js';
import { parseSignal, signalName, SIGKILL, SIGPIPE, terminatesByDefault } from './signals.js';
import { LineDiscipline } from './tty.js';
import { resolveUser, type UserInfo } from './users.js';

export type { Behaviour, BehaviourLine } from './behaviour.js';
export type { ExitInfo } from './control.js';
export type { ProcInfo } from './program.js';
export { parseSignal, type SignalInfo } from './signals.js';

export interface SpawnOptions {
  /** Resolved Entrypoint + Cmd. */
  argv: string[];
  /** "KEY=VALUE". */
  env: string[];
  workingDir: string;
  /** Container User ("" = root). */
  user: string;
  /** HostConfig.GroupAdd: supplementary groups by name or number. */
  groupAdd?: readonly string[];
  hostname: string;
  tty: boolean;
  clock: Clock;
  fs: ProcessFileSystem;
  /** The container's main process (vs an exec'd one). */
  pid1: boolean;
  /** Run this image behaviour instead of interpreting argv. */
  behaviour?: Behaviour;
  /** Memory limit: growing past it ends the process with 137 and oomKilled. */
  memoryLimitBytes?: number;
  /** In-container PID of this process (default 1 for pid1, else allocated). */
  pid?: number;
  /** PIDs for child processes (share one allocator per container); default counts up from pid. */
  allocatePid?: () => number;
  /** Source of jitter for usage(); default deterministic. */
  random?: () => number;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

export interface SimProcess {
  readonly exited: Promise<ExitInfo>;
  /** Deliver a signal by name or number ("SIGTERM", "TERM", 15, "9"); invalid ones are ignored (check with parseSignal). */
  signal(sig: string | number): void;
  writeStdin(chunk: Buffer): void;
  /** Stdin EOF. */
  endStdin(): void;
  /** Live processes, for `docker top`. */
  processes(): ProcInfo[];
  /** Plausible, changing numbers for stats. */
  usage(): { cpuNanos: number; memoryBytes: number };
  /** Terminal size changed (delivers SIGWINCH). */
  resize(height: number, width: number): void;
  /** End the process now as if it exited so (scenario actions: exit code N, OOM kill). */
  exit(info: ExitInfo): void;
}

export interface SpawnFailure {
  /** dockerd's wording, e.g. exec: "x": executable file not found in $PATH */
  error: string;
  exitCode: number;
}

export function isSpawnFailure(p: SimProcess | SpawnFailure): p is SpawnFailure {
  return 'error' in p;
}

const DEFAULT_MEMORY_BYTES = 1_150_976;
const MEMORY_PER_PROCESS = 282_624;
const DEFAULT_CPU_PERCENT = 0.05;

export function spawn(opts: SpawnOptions): SimProcess | SpawnFailure {
  const user = resolveUser(opts.fs, opts.user, opts.groupAdd);
  if ('error' in user) return { error: user.error, exitCode: 126 };
  const env = environment(opts.env, user);
  const cwd = opts.workingDir || '/';
  const start = chooseProgram(opts, env, cwd);
  if ('error' in start) return start;
  return new RunningProcess(opts, user, env, cwd, start);
}

function environment(list: string[], user: UserInfo): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of list) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    else if (eq < 0 && entry) env[entry] = '';
  }
  env.HOME ??= user.home;
  return env;
}

function chooseProgram(opts: SpawnOptions, env: Record<string, string>, cwd: string): { program: Program; argv: string[] } | SpawnFailure {
  if (opts.behaviour) return { program: behaviourProgram(opts.behaviour), argv: opts.argv };
  const name = opts.argv[0];
  if (name === undefined || name === '') return { error: 'no command specified', exitCode: 127 };
  const resolved = resolveCommand(name, opts.fs, cwd, env.PATH);
  switch (resolved.kind) {
    case 'missing':
      return { error: resolved.error, exitCode: resolved.exitCode };
    case 'program':
      return { program: resolved.program, argv: opts.argv };
    case 'script':
      return { program: PROGRAMS.sh!, argv: ['/bin/sh', resolved.path, ...opts.argv.slice(1)] };
    case 'opaque':
      return { program: runUntilSignalled, argv: opts.argv };
  }
}

class RunningProcess implements SimProcess {
  readonly exited: Promise<ExitInfo>;
  private resolveExit!: (info: ExitInfo) => void;
  private finished = false;
  private readonly control: ProcessControl;
  private readonly sys: System;
  private readonly stdin = new Pipe();
  private readonly tty: LineDiscipline | undefined;
  private readonly startedAt: number;
  private oomTimer: { cancel(): void } | undefined;

  constructor(
    private readonly opts: SpawnOptions,
    user: UserInfo,
    env: Record<string, string>,
    cwd: string,
    start: { program: Program; argv: string[] },
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.control = new ProcessControl(opts.clock);
    this.startedAt = opts.clock.now();
    const pid = opts.pid ?? (opts.pid1 ? 1 : 2);
    let nextPid = pid;
    const stdout: Sink = opts.tty ? new TtySink(opts.stdout) : new CallbackSink(opts.stdout);
    const stderr: Sink = opts.tty ? stdout : new CallbackSink(opts.stderr);
    this.sys = {
      fs: opts.fs,
      clock: opts.clock,
      control: this.control,
      hostname: opts.hostname,
      user,
      tty: opts.tty,
      procs: new Map(),
      traps: new Map<number, TrapHandler>(),
      allocatePid: opts.allocatePid ?? (() => ++nextPid),
      signal: (signo) => this.deliver(signo),
    };
    this.tty = opts.tty ? new LineDiscipline(this.stdin, (text) => stdout.write(text), (n) => this.deliver(n)) : undefined;
    this.armOomKiller();
    const main = runProgram(this.sys, start.program, { argv: start.argv, env, cwd, stdin: this.stdin, stdout, stderr, ppid: 0, pid });
    main.then(
      (exitCode) => this.finish({ exitCode: exitCode & 0xff }),
      (err: unknown) => {
        if (err instanceof Killed) return this.finish(err.info);
        if (err instanceof BrokenPipe) return this.finish({ exitCode: 128 + SIGPIPE });
        stderr.write(`mockerd: simulated process failed: ${err instanceof Error ? err.message : String(err)}\n`);
        this.finish({ exitCode: 1 });
      },
    );
  }

  signal(sig: string | number): void {
    const parsed = parseSignal(sig);
    if (parsed) this.deliver(parsed.number);
  }

  private deliver(signo: number): void {
    if (this.finished) return;
    if (signo === SIGKILL) return this.terminate({ exitCode: 128 + SIGKILL, signal: signalName(SIGKILL) });
    const handler = this.sys.traps.get(signo);
    if (handler) {
      if (handler.action !== '') handler.deliver(signo);
      return;
    }
    if (this.opts.pid1 || !terminatesByDefault(signo)) return;
    this.terminate({ exitCode: 128 + signo, signal: signalName(signo) });
  }

  writeStdin(chunk: Buffer): void {
    if (this.finished) return;
    if (this.tty) this.tty.feed(chunk);
    else this.stdin.write(chunk);
  }

  endStdin(): void {
    this.stdin.end();
  }

  processes(): ProcInfo[] {
    return [...this.sys.procs.values()].sort((a, b) => a.pid - b.pid);
  }

  usage(): { cpuNanos: number; memoryBytes: number } {
    const elapsedMs = Math.max(0, this.opts.clock.now() - this.startedAt);
    const cpuPercent = this.opts.behaviour?.cpuPercent ?? DEFAULT_CPU_PERCENT;
    const cpuNanos = Math.round(elapsedMs * 1e6 * (cpuPercent / 100)) + 1_000_000;
    const jitterPages = this.opts.random ? Math.floor(this.opts.random() * 16) : Math.floor(elapsedMs / 1000) % 7;
    return { cpuNanos, memoryBytes: this.memoryAt(elapsedMs) + jitterPages * 4096 };
  }

  resize(): void {
    this.deliver(28);
  }

  exit(info: ExitInfo): void {
    this.terminate(info);
  }

  private memoryAt(elapsedMs: number): number {
    const memory = this.opts.behaviour?.memory;
    const base = memory?.baseBytes ?? DEFAULT_MEMORY_BYTES + MEMORY_PER_PROCESS * Math.max(0, this.sys.procs.size - 1);
    return Math.round(base + ((memory?.growBytesPerSecond ?? 0) * elapsedMs) / 1000);
  }

  private armOomKiller(): void {
    const limit = this.opts.memoryLimitBytes;
    if (!limit || limit <= 0) return;
    const base = this.memoryAt(0);
    const grow = this.opts.behaviour?.memory?.growBytesPerSecond ?? 0;
    if (base <= limit && grow <= 0) return;
    const ms = base > limit ? 0 : Math.ceil(((limit - base) / grow) * 1000);
    this.oomTimer = this.opts.clock.setTimer(ms, () => this.terminate({ exitCode: 128 + SIGKILL, oomKilled: true, signal: signalName(SIGKILL) }));
  }

  private terminate(info: ExitInfo): void {
    if (this.finished) return;
    this.control.kill(info);
    this.finish(info);
  }

  private finish(info: ExitInfo): void {
    if (this.finished) return;
    this.finished = true;
    this.oomTimer?.cancel();
    this.control.kill(info);
    this.sys.procs.clear();
    this.sys.traps.clear();
    this.resolveExit(info);
  }
}
