/**
 * What a simulated program sees: its argv, environment, working directory, stdio,
 * and the process-wide System (fs, clock, control, identity). A Program is an async
 * function of its context that resolves to its exit status.
 */
import type { Clock } from '../clock.js';
import type { ProcessFileSystem } from '../fs/types.js';
import type { ProcessControl } from './control.js';
import type { Pipe, Sink } from './io.js';
import type { UserInfo } from './users.js';

export interface ProcInfo {
  /** In-container PID (1 for a container's main process). */
  pid: number;
  ppid: number;
  /** User name when known, else the numeric uid. */
  user: string;
  /** Command line, argv joined by spaces. */
  command: string;
}

/** One process tree's shared state (a container's main process, or one exec). */
export interface System {
  readonly fs: ProcessFileSystem;
  readonly clock: Clock;
  readonly control: ProcessControl;
  readonly hostname: string;
  readonly user: UserInfo;
  readonly tty: boolean;
  /** Processes alive in this tree, by PID, for `docker top`. */
  readonly procs: Map<number, ProcInfo>;
  allocatePid(): number;
  /** Deliver a signal to this process tree (for `kill` run inside it). */
  signal(signo: number): void;
  /** Signal handlers installed by shells of this tree (`trap`), by signal number. */
  readonly traps: Map<number, TrapHandler>;
}

export interface TrapHandler {
  /** '' ignores the signal. */
  action: string;
  /** Called when the signal arrives. */
  deliver(signo: number): void;
}

export interface ProgramContext {
  /** argv[0] is the name as invoked (maybe a path). */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: Pipe;
  stdout: Sink;
  stderr: Sink;
  sys: System;
  pid: number;
  /** Run another program in this context (as `env X=1 cmd` or `sh -c` do); resolves to its status. */
  run(argv: string[], env: Record<string, string>): Promise<number>;
}

export type Program = (ctx: ProgramContext) => Promise<number>;
