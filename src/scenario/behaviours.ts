/**
 * Container behaviours of a scenario, kwok-style: a container matching by image,
 * name, label, command or service runs a scripted lifecycle instead of its command:
 * output lines with timing, then an exit code, an OOM kill, health changes, memory
 * growth (past the memory limit = OOM). Installed as a lifecycle hook of the runtime.
 */
import type { TimerHandle } from '../engine/clock.js';
import type { Container } from '../engine/containers/container.js';
import type { ContainerHooks } from '../engine/containers/hooks.js';
import type { Engine } from '../engine/engine.js';
import type { ImageBehaviour } from '../engine/images/catalog.js';
import { containerMatches } from './conditions.js';
import { bytes, ms } from './load.js';
import type { BehaviourSpec } from './types.js';

export class BehaviourHooks implements ContainerHooks {
  private readonly timers = new Map<Container, TimerHandle[]>();
  private readonly chosen = new WeakMap<Container, BehaviourSpec>();

  constructor(
    private readonly engine: Engine,
    private readonly specs: BehaviourSpec[],
  ) {}

  install(): void {
    this.engine.runtime.hooks.push(this);
  }

  uninstall(): void {
    const hooks = this.engine.runtime.hooks;
    const i = hooks.indexOf(this);
    if (i >= 0) hooks.splice(i, 1);
    for (const list of this.timers.values()) for (const t of list) t.cancel();
    this.timers.clear();
  }

  created(container: Container): void {
    const spec = this.specs.find((s) => containerMatches(s.match, container, this.engine));
    if (!spec) return;
    this.chosen.set(container, spec);
    (container as unknown as { behaviour: ImageBehaviour }).behaviour = toBehaviour(spec);
  }

  starting(container: Container): void {
    const spec = this.chosen.get(container);
    if (!spec) return;
    this.cancel(container);
    const { clock } = this.engine;
    const timers: TimerHandle[] = [];
    if (spec.exit) timers.push(clock.setTimer(ms(spec.exit.after), () => container.process?.exit({ exitCode: spec.exit!.code })));
    if (spec.oom) timers.push(clock.setTimer(ms(spec.oom.after), () => container.process?.exit({ exitCode: 137, oomKilled: true, signal: 'SIGKILL' })));
    let at = 0;
    for (const h of spec.health ?? []) {
      at += ms(h.after);
      timers.push(clock.setTimer(at, () => setHealth(this.engine, container, h.status)));
    }
    this.timers.set(container, timers);
  }

  stopped(container: Container): void {
    this.cancel(container);
  }

  removing(container: Container): void {
    this.cancel(container);
  }

  private cancel(container: Container): void {
    for (const t of this.timers.get(container) ?? []) t.cancel();
    this.timers.delete(container);
  }
}

function toBehaviour(spec: BehaviourSpec): ImageBehaviour {
  return {
    output: (spec.output ?? []).map((l) => ({ line: l.line, stream: l.stream ?? 'stdout', after: l.after })),
    then: 'run',
    stopSignals: spec.stopSignals ?? ['SIGTERM', 'SIGINT'],
    stopExitCode: spec.stopExitCode ?? 0,
    memory: spec.memory ? { baseBytes: spec.memory.base !== undefined ? bytes(spec.memory.base) : undefined, growBytesPerSecond: spec.memory.growPerSecond !== undefined ? bytes(spec.memory.growPerSecond) : undefined } : undefined,
    cpuPercent: spec.cpuPercent,
  };
}

/** Change a running container's health status, with dockerd's health_status event. */
export function setHealth(engine: Engine, container: Container, status: 'starting' | 'healthy' | 'unhealthy'): void {
  if (!container.running) return;
  const health = (container.state.health ??= { Status: 'starting', FailingStreak: 0, Log: [] });
  if (health.Status === status) return;
  health.Status = status;
  health.FailingStreak = status === 'unhealthy' ? Math.max(1, health.FailingStreak) : 0;
  engine.runtime.publish(container, `health_status: ${status}`);
}
