/** The /_mockerd scenario control API, JSON in and out, with dockerode as the client under test. */
import net from 'node:net';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../../src/index.js';

const post = (url: string, body: unknown, method = 'POST') => fetch(url, { method, body: typeof body === 'string' ? body : JSON.stringify(body) });
const dockerFor = (d: Daemon) => new Docker({ host: '127.0.0.1', port: Number(new URL(d.dockerHost.replace('tcp:', 'http:')).port) });

describe('control API', () => {
  it('loads, reports and unloads a scenario; refuses a bad one with positions', async () => {
    await using d = await startDaemon({ clock: 'virtual', seed: 1, autoAdvance: false });
    const base = d.dockerHost.replace('tcp:', 'http:');
    const bad = await post(`${base}/_mockerd/scenario`, 'name: x\nseed: minus one\n');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ file: 'request body', line: 2, column: 7 }] });
    const text = 'name: t\nimages: [alpine:latest]\ncontainers:\n  - { name: app1, image: alpine:latest, command: [sleep, "100"] }\ntimeline:\n  - { at: 5s, do: [{ container.exit: { container: app1, code: 3 } }] }\nexpect:\n  - { container: app1, status: exited, exitCode: 3 }\n';
    const loaded = await post(`${base}/_mockerd/scenario`, text);
    expect(loaded.status, await loaded.clone().text()).toBe(201);
    expect(await loaded.json()).toMatchObject({ name: 't', passed: false });
    expect(await (await post(`${base}/_mockerd/clock/advance`, { by: '5s' })).json()).toMatchObject({ kind: 'virtual' });
    const status = await (await fetch(`${base}/_mockerd/scenario`)).json();
    expect(status).toMatchObject({ passed: true, timeline: [{ at: 5000, text: 'at +5.000s: container.exit app1 code=3' }] });
    expect((await (await dockerFor(d).getContainer('app1').inspect()).State.ExitCode)).toBe(3);
    expect(await (await fetch(`${base}/_mockerd/scenario`, { method: 'DELETE' })).json()).toEqual({ unloaded: 't' });
    expect((await fetch(`${base}/_mockerd/scenario`)).status).toBe(404);
  });

  it('fault rules: status with dockerd-style message, count windows, dropped connections', async () => {
    await using d = await startDaemon({ clock: 'virtual', seed: 2, autoAdvance: false, images: ['alpine:latest'] });
    const base = d.dockerHost.replace('tcp:', 'http:');
    const docker = dockerFor(d);
    const rule = await post(`${base}/_mockerd/faults`, { id: 'second-list-fails', match: { method: 'GET', path: '/containers/json' }, after: 1, times: 1, status: 500, message: 'mockerd: boom' });
    expect(rule.status).toBe(201);
    await docker.listContainers();
    await expect(docker.listContainers()).rejects.toMatchObject({ statusCode: 500, json: { message: 'mockerd: boom' } });
    await docker.listContainers();
    expect(await (await fetch(`${base}/_mockerd/faults`)).json()).toMatchObject([{ id: 'second-list-fails', seen: 2, applied: 1 }]);
    await post(`${base}/_mockerd/faults`, { id: 'drop', match: { path: '/info' }, drop: true });
    await expect(docker.info()).rejects.toThrow(/socket hang up|ECONNRESET/);
    const badRule = await post(`${base}/_mockerd/faults`, { match: { method: 7 } });
    expect(badRule.status).toBe(400);
    expect(await (await fetch(`${base}/_mockerd/faults`, { method: 'DELETE' })).json()).toEqual([]);
    expect((await docker.info()).Containers).toBe(0);
    const journal = (await (await fetch(`${base}/_mockerd/journal`)).json()) as { path: string; status: number; fault?: string; apiVersion: string }[];
    expect(journal.map((j) => `${j.path} ${j.status}${j.fault ? ` ${j.fault}` : ''}`)).toEqual([
      '/containers/json 200', '/containers/json 500 second-list-fails', '/containers/json 200', '/info 0 drop', '/info 200',
    ]);
  });

  it('truncates a body and corrupts a stream', async () => {
    await using d = await startDaemon({ clock: 'virtual', seed: 3, autoAdvance: false });
    const base = d.dockerHost.replace('tcp:', 'http:');
    d.control.addFault({ match: { path: '/version' }, truncate: 10, times: 1 });
    expect(await (await fetch(`${base}/version`)).text()).toHaveLength(10);
    d.control.addFault({ match: { path: '/version' }, corrupt: true, times: 1 });
    const corrupted = await (await fetch(`${base}/version`)).text();
    expect(() => JSON.parse(corrupted)).toThrow();
  });

  it('request and event triggers; wait; events; clock; reset; state snapshot and restore', async () => {
    await using d = await startDaemon({ clock: 'virtual', seed: 4, autoAdvance: false, images: ['alpine:latest'] });
    const base = d.dockerHost.replace('tcp:', 'http:');
    const docker = dockerFor(d);
    d.control.loadScenario(
      'name: triggers\ntimeline:\n  - on: { request: { method: POST, path: "/containers/*/start", nth: 2 } }\n    do: [{ registry.down: docker.io }]\n  - on: { event: { type: container, action: die } }\n    do: [{ event: { type: daemon, action: "mockerd: saw a die", id: watcher } }]\n',
    );
    const c1 = await docker.createContainer({ Image: 'alpine:latest', Cmd: ['sleep', '10'], name: 'one' });
    await c1.start();
    expect(d.engine.registries.find('docker.io')!.down).toBeFalsy();
    const c2 = await docker.createContainer({ Image: 'alpine:latest', Cmd: ['sleep', '100'], name: 'two' });
    await c2.start();
    expect(d.engine.registries.find('docker.io')!.down).toBe(true);
    const waited = await post(`${base}/_mockerd/wait`, { until: { container: 'one', status: 'exited' }, timeout: '1m', advance: true });
    expect(await waited.json()).toMatchObject({ met: true, clock: { now: Date.UTC(2024, 0, 1) + 10_000 } });
    const notMet = await post(`${base}/_mockerd/wait`, { until: { container: 'two', status: 'exited' }, timeout: '20ms' });
    expect(notMet.status).toBe(408);
    const events = (await (await fetch(`${base}/_mockerd/events`)).json()) as { Type: string; Action: string }[];
    // Network connect events come between create and start, as on dockerd; this test follows containers.
    const nonNetwork = events.filter((e) => e.Type !== 'network');
    expect(nonNetwork.map((e) => e.Action)).toEqual(['create', 'start', 'create', 'start', 'die', 'mockerd: saw a die']);
    expect(events.filter((e) => e.Type === 'network').map((e) => e.Action)).toContain('connect');
    expect(await (await fetch(`${base}/_mockerd/clock`)).json()).toMatchObject({ kind: 'virtual', time: '2024-01-01T00:00:10.000Z', nextDueIn: 90_000 });

    const snapshot = await (await fetch(`${base}/_mockerd/state`)).json();
    expect(snapshot).toMatchObject({ containers: [{ name: 'one', status: 'exited' }, { name: 'two', status: 'running' }], scenario: 'triggers' });
    expect(await (await post(`${base}/_mockerd/reset`, {})).json()).toMatchObject({ reset: true });
    expect(await docker.listContainers({ all: true })).toHaveLength(0);
    expect(d.engine.registries.find('docker.io')!.down).toBeFalsy();
    const restored = await post(`${base}/_mockerd/state`, snapshot, 'PUT');
    expect(restored.status).toBe(200);
    const names = (await docker.listContainers({ all: true })).map((c) => `${c.Names[0]} ${c.State}`).sort();
    expect(names).toEqual(['/one created', '/two running']);
    expect(d.engine.registries.find('docker.io')!.down).toBe(true);
  });

  it('serves the control API alone on a --control-host listener', async () => {
    const port = await freePort();
    await using d = await startDaemon({ clock: 'virtual', seed: 5, autoAdvance: false, controlHosts: [`tcp://127.0.0.1:${port}`] });
    expect(d.controlHosts).toEqual([`tcp://127.0.0.1:${port}`]);
    expect(await (await fetch(`http://127.0.0.1:${port}/_mockerd/clock`)).json()).toMatchObject({ kind: 'virtual' });
    expect((await fetch(`http://127.0.0.1:${port}/_ping`)).status).toBe(404);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
