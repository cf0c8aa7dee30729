/** Fault examples (latency, registry outage, broken pulls) driven with the docker CLI. */
import { describe, expect, it } from 'vitest';
import { pumpWhile, useScenario } from './support.js';

describe('slow-daemon.yaml', () => {
  const t = useScenario('slow-daemon');

  it('answers every call late in engine time, as the journal shows', async () => {
    const ps = await t.docker.run(['ps']);
    expect(ps.code).toBe(0);
    const create = await t.docker.run(['create', '--name', 'slow', 'alpine:latest', 'sleep', '60']);
    expect(create.code).toBe(0);
    const journal = (await (await fetch(`${t.url}/_mockerd/journal`)).json()) as { method: string; path: string; ms: number; fault?: string; status: number }[];
    const creates = journal.filter((j) => j.method === 'POST' && j.path.startsWith('/containers/create'));
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ ms: 2000, fault: 'slow-create', status: 201 });
    const others = journal.filter((j) => !j.path.startsWith('/containers/create'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((j) => j.ms === 250 && j.fault === 'latency')).toBe(true);
  });
});

describe('registry-outage.yaml', () => {
  const t = useScenario('registry-outage');
  const pull = (ref: string) => pumpWhile(t.daemon, t.docker.run(['pull', ref]));

  it('rate-limits, goes down at 10s and comes back at 40s', async () => {
    expect((await pull('alpine:latest')).code).toBe(0);
    const injected = await pull('python:latest');
    expect(injected.code).not.toBe(0);
    expect(injected.stderr).toContain('toomanyrequests: You have reached your pull rate limit');
    expect((await pull('busybox:latest')).code).toBe(0);
    const limited = await pull('redis:latest');
    expect(limited.code).not.toBe(0);
    expect(limited.stderr).toContain('toomanyrequests');
    const now = t.daemon.control.clock();
    const origin = t.daemon.control.run!.origin;
    await t.daemon.control.advanceClock(Math.max(0, origin + 10_000 - now.now));
    const down = await pull('nginx:latest');
    expect(down.stderr).toMatch(/connection refused/);
    await t.daemon.control.advanceClock('30s');
    expect(t.daemon.control.check({ registry: 'docker.io', down: false }).ok).toBe(true);
  });
});

describe('pull-fails-at-60.yaml', () => {
  const t = useScenario('pull-fails-at-60');

  it('breaks pulls inside the progress stream', async () => {
    const broken = await pumpWhile(t.daemon, t.docker.run(['pull', 'flaky.registry.test/team/broken:1.0']));
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('unexpected EOF');
    const reset = await pumpWhile(t.daemon, t.docker.run(['pull', 'redis:latest']));
    expect(reset.code).not.toBe(0);
    expect(reset.stderr).toContain('connection reset by peer');
  });
});
