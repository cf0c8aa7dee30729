/**
 * One simulated process's life line. Every wait a program makes (sleep, reading
 * stdin, yielding in a loop) goes through here, so that a kill can cancel all of
 * them at once (leaving no timers behind) and a trapped signal can interrupt them.
 */
import type { Clock } from '../clock.js';

export interface ExitInfo {
  exitCode: number;
  oomKilled?: boolean;
  /** Name of the signal that ended the process, e.g. "SIGKILL". */
  signal?: string;
}

/** Thrown out of every wait once the process has been killed. */
export class Killed extends Error {
  constructor(readonly info: ExitInfo) {
    super(`killed (${info.exitCode})`);
  }
}

/** Thrown out of an interruptible wait when a signal the shell traps arrives. */
export class Interrupted extends Error {
  constructor(readonly signo: number) {
    super(`interrupted by signal ${signo}`);
  }
}

/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface ActiveWait {
  interruptible: boolean;
  cancel(): void;
  reject(err: Error): void;
}

export class ProcessControl {
  private readonly waits = new Set<ActiveWait>();
  private killInfo: ExitInfo | undefined;

  constructor(readonly clock: Clock) {}

  get killed(): ExitInfo | undefined {
    return this.killInfo;
  }

  /** Throw Killed if the process is dead: called between commands so loops stop. */
  check(): void {
    if (this.killInfo) throw new Killed(this.killInfo);
  }

  /**
   * Wait for something: start() arms it and returns how to disarm it. Rejects with
   * Killed on kill, and (if interruptible) with Interrupted on a trapped signal.
   */
  wait<T>(start: (resolve: (value: T) => void) => () => void, interruptible = true): Promise<T> {
    if (this.killInfo) return Promise.reject(new Killed(this.killInfo));
    return new Promise<T>((resolve, reject) => {
      let disarm: (() => void) | undefined;
      const entry: ActiveWait = { interruptible, cancel: () => disarm?.(), reject };
      this.waits.add(entry);
      disarm = start((value) => {
        this.waits.delete(entry);
        resolve(value);
      });
    });
  }

  /** Sleep on the engine clock (in steps a Node timer can take). */
  async sleep(ms: number): Promise<void> {
    for (; ms > MAX_TIMER_MS; ms -= MAX_TIMER_MS) await this.sleepOnce(MAX_TIMER_MS);
    await this.sleepOnce(ms);
  }

  private sleepOnce(ms: number): Promise<void> {
    return this.wait((resolve) => {
      const timer = this.clock.setTimer(ms, () => resolve());
      return () => timer.cancel();
    });
  }

  /** Give the event loop a turn (busy loops call this so they never spin). */
  tick(): Promise<void> {
    return this.wait((resolve) => {
      const immediate = setImmediate(() => resolve());
      return () => clearImmediate(immediate);
    }, false);
  }

  /** End the process: every wait, now and later, rejects with Killed. */
  kill(info: ExitInfo): void {
    if (this.killInfo) return;
    this.killInfo = info;
    this.abortWaits(() => new Killed(info), false);
  }

  /** A trapped signal arrived: wake every interruptible wait. */
  interrupt(signo: number): void {
    this.abortWaits(() => new Interrupted(signo), true);
  }

  private abortWaits(makeError: () => Error, onlyInterruptible: boolean): void {
    for (const wait of [...this.waits]) {
      if (onlyInterruptible && !wait.interruptible) continue;
      this.waits.delete(wait);
      wait.cancel();
      wait.reject(makeError());
    }
  }
}
