/** Same scenario + same seed + same client calls = byte-identical journal and event log. */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/index.js';

async function session(seed?: number): Promise<{ journal: string; events: string }> {
  await using d = await startDaemon({ scenario: 'scenarios/crash-loop.yaml', autoAdvance: false, ...(seed !== undefined ? { seed } : {}) });
  const docker = new Docker({ host: '127.0.0.1', port: Number(new URL(d.dockerHost.replace('tcp:', 'http:')).port) });
  d.control.addFault({ id: 'flaky-inspect', match: { method: 'GET', path: '/containers/*/json' }, after: 1, times: 1, status: 503, message: 'mockerd: try again' });
  const web = await docker.createContainer({ Image: 'alpine:latest', Cmd: ['sh', '-c', 'echo hi; sleep 5; exit 2'], name: 'web', HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
  await web.start();
  await d.control.advanceClock('20s');
  await web.inspect();
  await web.inspect().catch(() => undefined);
  await docker.listContainers({ all: true });
  await d.control.advanceClock('40s');
  await docker.getContainer('app').inspect();
  const journal = d.control.journal.toNdjson();
  const events = d.control.eventsNdjson();
  return { journal, events };
}

describe('determinism', () => {
  it('gives byte-identical journals and event logs for two runs with the same seed', async () => {
    const a = await session();
    const b = await session();
    expect(a.journal.split('\n').length).toBeGreaterThan(5);
    expect(a.events.split('\n').length).toBeGreaterThan(20);
    expect(b.journal).toBe(a.journal);
    expect(b.events).toBe(a.events);
    const c = await session(1234);
    expect(c.events).not.toBe(a.events);
  });
});
