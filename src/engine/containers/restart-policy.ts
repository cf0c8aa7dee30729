/**
 * dockerd's restart manager: whether an exited container restarts, and after how
 * long (100 ms, doubling per restart, capped at a minute, reset after a run of 10 s).
 */
import type { Json } from './container.js';

const INITIAL_DELAY_MS = 100;
const MAX_DELAY_MS = 60_000;
const STABLE_RUN_MS = 10_000;

export class RestartBackoff {
  private delay = 0;

  /** The delay before the next restart, given how long the last run lasted. */
  next(ranForMs: number): number {
    if (ranForMs >= STABLE_RUN_MS) this.delay = 0;
    this.delay = this.delay === 0 ? INITIAL_DELAY_MS : Math.min(this.delay * 2, MAX_DELAY_MS);
    return this.delay;
  }

  reset(): void {
    this.delay = 0;
  }
}

export function shouldRestart(policy: Json | undefined, exitCode: number, restartCount: number, manuallyStopped: boolean): boolean {
  if (manuallyStopped) return false;
  switch (policy?.Name ?? 'no') {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      const max = policy?.MaximumRetryCount ?? 0;
      return exitCode !== 0 && (max === 0 || restartCount < max);
    }
    default:
      return false;
  }
}
