/**
 * Per-image default behaviours (declared in fixtures YAML): timed output lines,
 * then run until stopped or exit; which signals stop it gracefully and what it
 * prints then; how much memory and CPU it appears to use.
 */
import { parseDuration } from '../clock.js';
import { Killed } from './control.js';
import type { Program, System } from './program.js';
import { parseSignal } from './signals.js';
import { socketTableOf } from './sockets.js';

export interface BehaviourLine {
  stream: 'stdout' | 'stderr';
  /** Printed with a trailing "\n". */
  line: string;
  /** Delay after the previous line, in engine time: "50ms", "2s", or milliseconds. */
  after?: string | number;
}

export interface Behaviour {
  /** Printed in order after start. */
  output?: BehaviourLine[];
  /** run: until signalled (default); exit: exit with exitCode after the output. */
  then?: 'run' | 'exit';
  exitCode?: number;
  /** Signals the program handles by exiting promptly with stopExitCode (names or numbers). */
  stopSignals?: (string | number)[];
  stopExitCode?: number;
  /** Printed when a stop signal is handled. */
  onStop?: BehaviourLine[];
  memory?: { baseBytes?: number; growBytesPerSecond?: number };
  /** Share of one CPU, in percent. */
  cpuPercent?: number;
  /** The TCP port the program listens on once its output is out (until it ends). */
  listen?: { port: number };
}

function delayOf(line: BehaviourLine): number {
  return line.after === undefined ? 0 : parseDuration(line.after);
}

/** The program a behaviour runs as; it installs its stop-signal handlers into the process. */
export function behaviourProgram(behaviour: Behaviour): Program {
  return async (ctx) => {
    installStopHandlers(behaviour, ctx.sys, (line) => (line.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(line.line + '\n'));
    for (const line of behaviour.output ?? []) {
      const ms = delayOf(line);
      if (ms > 0) await ctx.sys.control.sleep(ms);
      (line.stream === 'stderr' ? ctx.stderr : ctx.stdout).write(line.line + '\n');
    }
    if (behaviour.then === 'exit') return behaviour.exitCode ?? 0;
    const close = behaviour.listen ? socketTableOf(ctx.sys.fs).listen(behaviour.listen.port, ctx.sys.user.uid) : undefined;
    try {
      return await ctx.sys.control.wait<number>(() => () => {}, false);
    } finally {
      close?.();
    }
  };
}

function installStopHandlers(behaviour: Behaviour, sys: System, print: (line: BehaviourLine) => void): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      for (const line of behaviour.onStop ?? []) {
        const ms = delayOf(line);
        if (ms > 0) await sys.control.sleep(ms);
        print(line);
      }
      sys.control.kill({ exitCode: behaviour.stopExitCode ?? 0 });
    } catch (err) {
      if (!(err instanceof Killed)) throw err;
    }
  };
  for (const spec of behaviour.stopSignals ?? []) {
    const sig = parseSignal(spec);
    if (sig) sys.traps.set(sig.number, { action: 'stop', deliver: () => void stop() });
  }
}
