/**
 * Many swarm transitions fall due at the same instant (a 10,000-replica service walks
 * its tasks in lockstep). TimerBatch groups callbacks by due time so the clock holds
 * one timer per instant, not one per task.
 */
import type { Clock, TimerHandle } from '../clock.js';

export class TimerBatch {
  private readonly groups = new Map<number, Array<() => void>>();
  private readonly handles = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  /** Run fn after ms of engine time, together with everything else due then. */
  after(ms: number, fn: () => void): void {
    const due = this.clock.now() + Math.max(0, ms);
    const group = this.groups.get(due);
    if (group) return void group.push(fn);
    const fns = [fn];
    this.groups.set(due, fns);
    const handle = this.clock.setTimer(due - this.clock.now(), () => {
      this.handles.delete(handle);
      this.groups.delete(due);
      for (const f of fns) f();
    });
    this.handles.add(handle);
  }

  /** Drop everything scheduled (swarm leave, shutdown). */
  cancelAll(): void {
    for (const h of this.handles) h.cancel();
    this.handles.clear();
    this.groups.clear();
  }
}
