/**
 * Healthchecks as dockerd runs them: a probe every Interval (first after one
 * Interval), each a process in the container with a Timeout; Retries failures in a
 * row make it unhealthy, failures during StartPeriod do not count.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { isSpawnFailure, spawn } from '../process/index.js';
import type { Container, HealthLogEntry, Json } from './container.js';
import { rfc3339Nano } from './time-format.js';

const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const KEPT_RESULTS = 5;
const MAX_OUTPUT = 4096;

type Publish = (c: Container, action: string, attrs?: Record<string, string>) => void;

export class HealthMonitor {
  private readonly timers = new Map<Container, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly publish: Publish,
  ) {}

  start(c: Container): void {
    const test = probeArgv(c.config.Healthcheck);
    if (!test) {
      c.state.health = undefined;
      return;
    }
    c.state.health = { Status: 'starting', FailingStreak: 0, Log: [] };
    this.schedule(c, test);
  }

  stop(c: Container): void {
    this.timers.get(c)?.cancel();
    this.timers.delete(c);
  }

  private schedule(c: Container, argv: string[]): void {
    const hc = c.config.Healthcheck as Json;
    const interval = nanosToMs(hc.Interval) || DEFAULT_INTERVAL_MS;
    this.timers.set(c, this.clock.setTimer(interval, () => void this.probe(c, argv).then(() => c.running && this.timers.has(c) && this.schedule(c, argv))));
  }

  private async probe(c: Container, argv: string[]): Promise<void> {
    if (c.paused || !c.running) return;
    const hc = c.config.Healthcheck as Json;
    const start = this.clock.now();
    const command = argv.join(' ');
    this.publish(c, `exec_create: ${command}`, { execID: '' });
    this.publish(c, `exec_start: ${command}`, { execID: '' });
    const { exitCode, output } = await runProbe(c, argv, this.clock, nanosToMs(hc.Timeout) || DEFAULT_TIMEOUT_MS);
    this.publish(c, 'exec_die', { exitCode: String(exitCode), execID: '' });
    const health = c.state.health;
    if (!health || !this.timers.has(c)) return;
    health.Log = [...health.Log, entry(start, this.clock.now(), exitCode, output)].slice(-KEPT_RESULTS);
    const before = health.Status;
    if (exitCode === 0) {
      health.Status = 'healthy';
      health.FailingStreak = 0;
    } else if (this.clock.now() - c.state.startedAt >= nanosToMs(hc.StartPeriod) || health.Status !== 'starting') {
      health.FailingStreak++;
      if (health.FailingStreak >= (hc.Retries || DEFAULT_RETRIES)) health.Status = 'unhealthy';
    }
    if (health.Status !== before) this.publish(c, `health_status: ${health.Status}`);
  }
}

/** ["CMD", ...] runs as is; ["CMD-SHELL", "x"] through the shell; NONE or empty: no check. */
export function probeArgv(hc: Json | undefined): string[] | undefined {
  const test = hc?.Test as string[] | undefined;
  if (!test || test.length === 0 || test[0] === 'NONE') return undefined;
  if (test[0] === 'CMD') return test.slice(1);
  if (test[0] === 'CMD-SHELL') return ['/bin/sh', '-c', test.slice(1).join(' ')];
  return ['/bin/sh', '-c', test.join(' ')];
}

async function runProbe(c: Container, argv: string[], clock: Clock, timeoutMs: number): Promise<{ exitCode: number; output: string }> {
  let output = '';
  const collect = (b: Buffer) => {
    if (output.length < MAX_OUTPUT) output += b.toString('utf8');
  };
  const proc = spawn({
    argv, env: c.config.Env ?? [], workingDir: c.config.WorkingDir || '/', user: c.config.User ?? '', hostname: c.config.Hostname,
    tty: false, clock, fs: c.fs, pid1: false, stdout: collect, stderr: collect,
  });
  if (isSpawnFailure(proc)) return { exitCode: proc.exitCode, output: proc.error };
  proc.endStdin();
  const timer = clock.setTimer(timeoutMs, () => proc.signal('SIGKILL'));
  const exit = await proc.exited;
  timer.cancel();
  if (exit.signal === 'SIGKILL') return { exitCode: -1, output: `Health check exceeded timeout (${timeoutMs / 1000}s)` };
  return { exitCode: exit.exitCode, output: output.slice(0, MAX_OUTPUT) };
}

const entry = (start: number, end: number, exitCode: number, output: string): HealthLogEntry => ({
  Start: rfc3339Nano(start),
  End: rfc3339Nano(end),
  ExitCode: exitCode,
  Output: output,
});

const nanosToMs = (n: number | undefined) => (n ? Math.floor(n / 1e6) : 0);
