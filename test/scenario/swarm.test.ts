/** Swarm examples driven with the real docker CLI. */
import { describe, expect, it } from 'vitest';
import { useScenario } from './support.js';

describe('partition.yaml', () => {
  const t = useScenario('partition');

  it('shows the two cut-off workers Down, then Ready after the heal', async () => {
    await t.daemon.control.advanceClock('30s');
    const ls = await t.docker.run(['node', 'ls', '--format', '{{.Hostname}} {{.Status}}']);
    expect(ls.stdout).toContain('worker-2 Down');
    expect(ls.stdout).toContain('worker-3 Down');
    expect(ls.stdout).toContain('worker-1 Ready');
    const ps = await t.docker.run(['service', 'ps', 'web', '--filter', 'desired-state=running', '--format', '{{.Node}} {{.CurrentState}}']);
    const running = ps.stdout.trim().split('\n').filter((l) => l.includes('Running'));
    expect(running.length).toBe(6);
    expect(running.some((l) => l.startsWith('worker-2') || l.startsWith('worker-3'))).toBe(false);
    await t.daemon.control.advanceClock('2m');
    const healed = await t.docker.run(['node', 'ls', '--format', '{{.Hostname}} {{.Status}}']);
    expect(healed.stdout).toContain('worker-2 Ready');
    expect(healed.stdout).toContain('worker-3 Ready');
  });
});

describe('quorum-loss.yaml', () => {
  const t = useScenario('quorum-loss');

  it('answers manager calls with dockerd\'s no-leader error once two of three managers are down', async () => {
    expect((await t.docker.run(['node', 'ls'])).code).toBe(0);
    await t.daemon.control.advanceClock('30s');
    const ls = await t.docker.run(['node', 'ls']);
    expect(ls.code).not.toBe(0);
    expect(ls.stderr).toMatch(/The swarm does not have a leader/);
    const wait = await fetch(`${t.url}/_mockerd/wait`, { method: 'POST', body: JSON.stringify({ until: { quorum: false }, timeout: '1s' }) });
    expect(await wait.json()).toMatchObject({ met: true });
  });
});

describe('node-loss-rolling-update.yaml', () => {
  const t = useScenario('node-loss-rolling-update');

  it('shows the lost node\'s tasks shut down, replacements running elsewhere, and the rollout completing', async () => {
    const wait = await fetch(`${t.url}/_mockerd/wait`, {
      method: 'POST',
      body: JSON.stringify({ until: { service: 'web', runningTasks: 4, updateState: 'completed' }, timeout: '10m', advance: true }),
    });
    expect(await wait.json()).toMatchObject({ met: true });
    await t.daemon.control.advanceClock('1m');
    const ps = await t.docker.run(['service', 'ps', 'web', '--format', '{{.Node}}|{{.DesiredState}}|{{.CurrentState}}']);
    const rows = ps.stdout.trim().split('\n').map((l) => l.split('|'));
    const running = rows.filter(([, desired, current]) => desired === 'Running' && current!.startsWith('Running'));
    expect(running).toHaveLength(4);
    expect(running.every(([node]) => node !== 'worker-2')).toBe(true);
    const lost = rows.filter(([node]) => node === 'worker-2');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every(([, desired]) => desired === 'Shutdown')).toBe(true);
    const state = await t.docker.run(['service', 'inspect', 'web', '--format', '{{.UpdateStatus.State}}']);
    expect(state.stdout.trim()).toBe('completed');
    const nodes = await t.docker.run(['node', 'ls', '--format', '{{.Hostname}} {{.Status}}']);
    expect(nodes.stdout).toContain('worker-2 Down');
  });
});
