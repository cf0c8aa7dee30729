/** Container examples driven with the real docker CLI and dockerode. */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { useScenario } from './support.js';

describe('crash-loop.yaml with the docker CLI', () => {
  const t = useScenario('crash-loop');

  it('shows the app restarting with its scripted exit code, the sidecar running', async () => {
    await t.daemon.control.advanceClock('30s');
    const inspect = await t.docker.run(['inspect', '-f', '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}', 'app']);
    const [count, status, code] = inspect.stdout.trim().split(' ');
    expect(Number(count)).toBeGreaterThanOrEqual(3);
    expect(['restarting', 'running']).toContain(status);
    if (status === 'restarting') expect(code).toBe('1');
    const events = await t.docker.run(['events', '--since', '0', '--until', String(Math.floor(t.daemon.control.clock().now / 1000)), '--filter', 'container=app', '--filter', 'event=die', '--format', '{{.Actor.Attributes.exitCode}}']);
    expect(events.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(3);
    expect(new Set(events.stdout.trim().split('\n'))).toEqual(new Set(['1']));
    const ps = await t.docker.run(['ps', '--filter', 'name=sidecar', '--format', '{{.Names}} {{.State}}']);
    expect(ps.stdout.trim()).toBe('sidecar running');
    expect(t.daemon.control.scenarioStatus()!.timeline.some((e) => e.text.startsWith('third crash'))).toBe(true);
  });
});

describe('oom-kill.yaml with dockerode', () => {
  const t = useScenario('oom-kill');

  it('sees the leaky worker OOM-killed, then the victim on cue', async () => {
    const docker = new Docker({ host: '127.0.0.1', port: Number(new URL(t.url).port) });
    await t.daemon.control.advanceClock('10s');
    const leaky = await docker.getContainer('leaky').inspect();
    expect(leaky.State).toMatchObject({ Status: 'exited', OOMKilled: true, ExitCode: 137 });
    expect((await docker.getContainer('victim').inspect()).State.Running).toBe(true);
    const res = await fetch(`${t.url}/_mockerd/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '15s' }) });
    expect(res.status).toBe(200);
    expect((await docker.getContainer('victim').inspect()).State).toMatchObject({ OOMKilled: true, ExitCode: 137 });
  });
});

describe('daemon-restart.yaml with dockerode', () => {
  const t = useScenario('daemon-restart');

  it('drops the client connection, then restart policies apply', async () => {
    const docker = new Docker({ host: '127.0.0.1', port: Number(new URL(t.url).port) });
    const events = (await docker.getEvents()) as NodeJS.ReadableStream;
    const ended = new Promise<void>((resolve) => {
      events.on('end', () => resolve());
      events.on('close', () => resolve());
      events.on('error', () => resolve());
    });
    await t.daemon.control.advanceClock('10s');
    await ended;
    await t.daemon.control.advanceClock('1s');
    const state = async (name: string) => (await docker.getContainer(name).inspect()).State;
    expect((await state('always')).Running).toBe(true);
    expect((await state('unless-stopped')).Running).toBe(true);
    expect((await state('on-failure')).Running).toBe(true);
    expect(await state('no-restart')).toMatchObject({ Running: false, ExitCode: 137 });
  });
});
