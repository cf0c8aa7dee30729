/**
 * Running one program as a (simulated) process of a tree: it gets a PID in the
 * process table for `docker top`, and an interrupted wait or a broken pipe ends it
 * with the status a killed process would have (a broken pipe propagates to the
 * shell, which ends the pipeline stage with 141).
 */
import type { Pipe, Sink } from './io.js';
import { Interrupted } from './control.js';
import type { Program, ProgramContext, System } from './program.js';
import { PROGRAMS, resolveCommand } from './programs/index.js';

export interface Stdio {
  stdin: Pipe;
  stdout: Sink;
  stderr: Sink;
}

export interface RunOptions extends Stdio {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  ppid: number;
  /** Use this PID instead of allocating one (a container's PID 1). */
  pid?: number;
}

export async function runProgram(sys: System, program: Program, opts: RunOptions): Promise<number> {
  const pid = opts.pid ?? sys.allocatePid();
  const user = sys.user.name ?? String(sys.user.uid);
  sys.procs.set(pid, { pid, ppid: opts.ppid, user, command: opts.argv.join(' ') });
  const ctx: ProgramContext = {
    argv: opts.argv,
    env: opts.env,
    cwd: opts.cwd,
    stdin: opts.stdin,
    stdout: opts.stdout,
    stderr: opts.stderr,
    sys,
    pid,
    run: (argv, env) => runCommand(sys, { ...opts, argv, env, ppid: pid, pid: undefined }),
  };
  try {
    return await program(ctx);
  } catch (err) {
    if (err instanceof Interrupted) return 128 + err.signo;
    // A BrokenPipe goes on up: like SIGPIPE it ends the whole pipeline stage, loops included.
    throw err;
  } finally {
    sys.procs.delete(pid);
  }
}

/** Look a command up and run it, as `env CMD` or `exec` do; a missing one is reported busybox-style. */
export async function runCommand(sys: System, opts: RunOptions): Promise<number> {
  const name = opts.argv[0] ?? '';
  const resolved = resolveCommand(name, sys.fs, opts.cwd, opts.env.PATH);
  switch (resolved.kind) {
    case 'missing':
      opts.stderr.write(`sh: ${name}: ${resolved.exitCode === 126 ? 'Permission denied' : 'not found'}\n`);
      return resolved.exitCode;
    case 'program':
      return runProgram(sys, resolved.program, opts);
    case 'script':
      return runProgram(sys, PROGRAMS.sh!, { ...opts, argv: ['sh', resolved.path, ...opts.argv.slice(1)] });
    case 'opaque':
      return runProgram(sys, runUntilSignalled, opts);
  }
}

/** A binary we cannot simulate: it sits there like a daemon until it is signalled. */
export const runUntilSignalled: Program = (ctx) => ctx.sys.control.wait<number>(() => () => {});
