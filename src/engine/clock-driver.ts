/**
 * `--clock virtual` auto-advance: while no request is being served for a short quiet
 * period (real time), move the virtual clock to its next due timer. A 10-minute
 * rolling update finishes in milliseconds, yet a client that polls between steps
 * still sees every step in order, because time only moves while nobody is asking.
 */
import type { VirtualClock } from './clock.js';

export class ClockDriver {
  private active = 0;
  private lastActivity = Date.now();
  private timer?: NodeJS.Timeout;
  private stepping = false;
  private stopped = false;

  constructor(
    private readonly clock: VirtualClock,
    /** Real milliseconds without requests before time may jump. */
    private readonly quietMs = 10,
  ) {}

  /** Call when a request arrives; call the returned function once it has been answered. */
  requestStarted(): () => void {
    this.active++;
    this.lastActivity = Date.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.lastActivity = Date.now();
    };
  }

  get busy(): boolean {
    return this.active > 0;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.quietMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      const quiet = this.active === 0 && Date.now() - this.lastActivity >= this.quietMs;
      if (quiet && !this.stepping && this.clock.nextDue() !== undefined) {
        this.stepping = true;
        await this.clock.step();
      }
    } finally {
      this.stepping = false;
      this.schedule();
    }
  }
}
