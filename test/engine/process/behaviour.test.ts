import { describe, expect, it } from 'vitest';
import type { Behaviour } from '../../../src/engine/process/behaviour.js';
import { finish, start } from './helpers.js';

const nginx: Behaviour = {
  output: [
    { stream: 'stdout', line: '/docker-entrypoint.sh: Configuration complete; ready for start up', after: '0ms' },
    { stream: 'stderr', line: 'start worker processes', after: '50ms' },
  ],
  then: 'run',
  stopSignals: ['SIGTERM', 'SIGINT', 'SIGQUIT'],
  stopExitCode: 0,
  onStop: [{ stream: 'stderr', line: 'signal 15 (SIGTERM) received, exiting' }],
  memory: { baseBytes: 8_388_608, growBytesPerSecond: 0 },
  cpuPercent: 0.5,
};

describe('behaviours', () => {
  it('prints output lines in order, each after its delay', async () => {
    const h = start(['nginx', '-g', 'daemon off;'], { behaviour: nginx });
    await h.clock.advance(0);
    expect(h.out()).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(h.err()).toBe('');
    await h.clock.advance(49);
    expect(h.err()).toBe('');
    await h.clock.advance(1);
    expect(h.err()).toBe('start worker processes\n');
    h.proc.signal('KILL');
    await finish(h);
  });

  it('handles a stop signal: prints onStop and exits with stopExitCode', async () => {
    const h = start(['nginx'], { behaviour: { ...nginx, stopExitCode: 3 } });
    await h.clock.advance(100);
    h.proc.signal('SIGTERM');
    const result = await finish(h);
    expect(result).toMatchObject({ exitCode: 3 });
    expect(result.err).toBe('start worker processes\nsignal 15 (SIGTERM) received, exiting\n');
  });

  it('as PID 1 ignores signals it does not list', async () => {
    const h = start(['nginx'], { behaviour: nginx });
    h.proc.signal('HUP');
    await h.clock.advance(60_000);
    h.proc.signal('KILL');
    expect(await finish(h)).toMatchObject({ exitCode: 137 });
  });

  it('then: exit ends with exitCode after the output', async () => {
    const h = start(['migrate'], { behaviour: { output: [{ stream: 'stdout', line: 'done', after: '2s' }], then: 'exit', exitCode: 4 } });
    expect(await finish(h)).toMatchObject({ exitCode: 4, out: 'done\n' });
    expect(h.clock.now()).toBe(Date.UTC(2024, 0, 1) + 2000);
  });

  it('reports memory and CPU from the behaviour', async () => {
    const h = start(['nginx'], { behaviour: { ...nginx, memory: { baseBytes: 10_000_000, growBytesPerSecond: 1000 } }, random: () => 0 });
    const first = h.proc.usage();
    await h.clock.advance(10_000);
    const later = h.proc.usage();
    expect(first.memoryBytes).toBe(10_000_000);
    expect(later.memoryBytes).toBe(10_010_000);
    expect(later.cpuNanos).toBeGreaterThan(first.cpuNanos);
    h.proc.signal('KILL');
    await finish(h);
  });

  it('is OOM-killed when memory grows past the limit', async () => {
    const h = start(['leaky'], { behaviour: { memory: { baseBytes: 6_000_000, growBytesPerSecond: 1_000_000 } }, memoryLimitBytes: 10_000_000 });
    expect(await finish(h)).toMatchObject({ exitCode: 137, oomKilled: true });
    expect(h.clock.now()).toBe(Date.UTC(2024, 0, 1) + 4000);
  });

  it('is OOM-killed at once when its base memory exceeds the limit', async () => {
    const h = start(['big'], { behaviour: { memory: { baseBytes: 64_000_000 } }, memoryLimitBytes: 8_000_000 });
    expect(await finish(h)).toMatchObject({ exitCode: 137, oomKilled: true });
  });
});
