/**
 * The engine clock. Everything time-based in the engine (process sleeps, restart
 * back-off, healthchecks, task state walks, pull pacing) goes through a Clock, so a
 * VirtualClock can run an hour of simulated time in a millisecond.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  readonly kind: 'real' | 'virtual';
  /** Milliseconds since the epoch, in engine time. */
  now(): number;
  /** Nanoseconds since the epoch (for event timeNano); monotonic within a clock. */
  nowNanos(): bigint;
  /** Run fn after ms of engine time. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Resolve after ms of engine time; rejects with AbortError if the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

abstract class BaseClock implements Clock {
  abstract readonly kind: 'real' | 'virtual';
  abstract now(): number;
  abstract setTimer(ms: number, fn: () => void): TimerHandle;
  private lastNanos = 0n;

  nowNanos(): bigint {
    let n = BigInt(this.now()) * 1_000_000n;
    if (n <= this.lastNanos) n = this.lastNanos + 1n;
    this.lastNanos = n;
    return n;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = () => {
        timer.cancel();
        reject(abortError());
      };
      const timer = this.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function abortError(): Error {
  const err = new Error('aborted');
  err.name = 'AbortError';
  return err;
}

export class RealClock extends BaseClock {
  readonly kind = 'real' as const;
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  }
}

interface VirtualTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Time moves only when advanced. Timers fire in (due, creation) order, so the same
 * inputs always give the same sequence of effects.
 */
export class VirtualClock extends BaseClock {
  readonly kind = 'virtual' as const;
  private current: number;
  private seq = 0;
  private timers: VirtualTimer[] = [];

  constructor(start = Date.UTC(2024, 0, 1)) {
    super();
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: VirtualTimer = { due: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.insert(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers waiting to fire. */
  pending(): number {
    this.timers = this.timers.filter((t) => !t.cancelled);
    return this.timers.length;
  }

  /** Engine time of the next timer, or undefined when none is waiting. */
  nextDue(): number | undefined {
    return this.timers.find((t) => !t.cancelled)?.due;
  }

  /** Move time forward by ms, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.timers.shift();
      if (next.cancelled) continue;
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Jump to the next due timer and fire it (and any due at the same instant). */
  async step(): Promise<boolean> {
    const due = this.nextDue();
    if (due === undefined) return false;
    await this.advanceTo(due);
    return true;
  }

  private insert(timer: VirtualTimer): void {
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.due > timer.due) i--;
    this.timers.splice(i, 0, timer);
  }
}

/** Let promise chains started by fired timers run before the next timer fires. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Parse Docker/Go-style durations: "10s", "1m30s", "500ms", "2h", or a number of ms. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * units[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== value.length || value.length === 0) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(`time: invalid duration "${value}"`);
  }
  return total;
}

interface HeldTimer {
  due: number;
  fn: () => void;
  handle?: TimerHandle;
}

/**
 * A process's view of the engine clock that can be frozen, as the cgroup freezer
 * freezes a paused container: while paused no timer of the process fires; on resume
 * each fires after the time it still had to run.
 */
export class PausableClock extends BaseClock {
  private pausedAt: number | undefined;
  private readonly timers = new Set<HeldTimer>();

  constructor(private readonly base: Clock) {
    super();
  }

  get kind(): 'real' | 'virtual' {
    return this.base.kind;
  }

  now(): number {
    return this.base.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: HeldTimer = { due: this.now() + Math.max(0, ms), fn };
    this.timers.add(timer);
    if (this.pausedAt === undefined) this.arm(timer);
    return {
      cancel: () => {
        timer.handle?.cancel();
        this.timers.delete(timer);
      },
    };
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  pause(): void {
    if (this.pausedAt !== undefined) return;
    this.pausedAt = this.now();
    for (const t of this.timers) {
      t.handle?.cancel();
      t.handle = undefined;
    }
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    const frozenFor = this.now() - this.pausedAt;
    this.pausedAt = undefined;
    for (const t of this.timers) {
      t.due += frozenFor;
      this.arm(t);
    }
  }

  private arm(timer: HeldTimer): void {
    timer.handle = this.base.setTimer(timer.due - this.now(), () => {
      this.timers.delete(timer);
      timer.fn();
    });
  }
}
