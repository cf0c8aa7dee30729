/**
 * testcontainers-node 11 with nothing but DOCKER_HOST set: Ryuk starts (simulated
 * testcontainers/ryuk), GenericContainer waits on a log message, a health check,
 * HTTP and listening ports (host and in-container), execs, copies files and stops;
 * the reaper removes the session's containers once its client goes away.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({});
type TC = typeof import('testcontainers');
let tc: TC;

beforeAll(async () => {
  process.env.DOCKER_HOST = t.daemon.dockerHost;
  tc = await import('testcontainers');
});
afterAll(() => {
  delete process.env.DOCKER_HOST;
});

async function api(path: string, init?: RequestInit): Promise<any> {
  const res = await fetch(t.url + path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('testcontainers-node', () => {
  it('starts redis waiting for its log message, execs, copies files, maps the port and stops', async () => {
    const container = await new tc.GenericContainer('redis:latest')
      .withExposedPorts(6379)
      .withWaitStrategy(tc.Wait.forLogMessage(/Ready to accept connections/))
      .start();
    const port = container.getMappedPort(6379);
    expect(port).toBeGreaterThan(0);
    expect(container.getHost()).toBe(new URL(t.url).hostname); // from DOCKER_HOST
    const pong = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
      s.on('data', (d) => {
        resolve(d.toString());
        s.destroy();
      });
      s.on('error', reject);
    });
    expect(pong).toBe('+PONG\r\n');

    const echo = await container.exec(['sh', '-c', 'echo hello; echo oops >&2; exit 3']);
    expect(echo.exitCode).toBe(3);
    expect(echo.stdout).toBe('hello\n');
    expect(echo.stderr).toBe('oops\n');

    await container.copyContentToContainer([{ content: 'from content\n', target: '/tmp/content.txt' }]);
    await container.copyFilesToContainer([{ source: new URL(import.meta.url).pathname, target: '/tmp/copied/test.ts' }]);
    expect((await container.exec(['cat', '/tmp/content.txt'])).output).toBe('from content\n');
    expect((await container.exec(['head', '-c', '3', '/tmp/copied/test.ts'])).output).toBe('/**');
    const archive = await container.copyArchiveFromContainer('/tmp/content.txt');
    const chunks: Buffer[] = [];
    for await (const c of archive) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString('latin1')).toContain('from content\n');

    const labels = (await api(`/containers/${container.getId()}/json`)).Config.Labels;
    expect(labels['org.testcontainers']).toBe('true');
    expect(labels['org.testcontainers.session-id']).toMatch(/^[0-9a-f]+$/);

    const stopped = await container.stop();
    expect(stopped.getId()).toBe(container.getId());
    await expect(api(`/containers/${container.getId()}/json`)).rejects.toThrow(/^404/); // stop() removes by default
  });

  it('waits for a health check, and for HTTP on the mapped port', async () => {
    const healthy = await new tc.GenericContainer('redis:latest')
      .withExposedPorts(6379)
      .withHealthCheck({ test: ['CMD-SHELL', 'test -d /data'] /* redis-cli is not simulated */, interval: 200, timeout: 1000, retries: 5, startPeriod: 0 })
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .start();
    expect((await api(`/containers/${healthy.getId()}/json`)).State.Health.Status).toBe('healthy');
    await healthy.stop();

    const web = await new tc.GenericContainer('nginx:latest').withExposedPorts(80).withWaitStrategy(tc.Wait.forHttp('/', 80).forStatusCode(200)).start();
    const res = await fetch(`http://${web.getHost()}:${web.getMappedPort(80)}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Welcome to nginx!');
    await web.stop();
  });

  it('waits with Wait.forListeningPorts(): the host port answers and the in-container probe sees the server listen', async () => {
    const redis = await new tc.GenericContainer('redis:latest').withExposedPorts(6379).withWaitStrategy(tc.Wait.forListeningPorts()).withStartupTimeout(10_000).start();
    const probe = await redis.exec(['/bin/sh', '-c', "cat /proc/net/tcp* | awk '{print $2}' | grep -i :18eb"]);
    expect(probe.exitCode).toBe(0);
    await redis.stop();

    // A container whose server never listens on the exposed port never becomes ready.
    const silent = new tc.GenericContainer('alpine:latest').withCommand(['sleep', '1000']).withExposedPorts(8080).withWaitStrategy(tc.Wait.forListeningPorts()).withStartupTimeout(1500);
    await expect(silent.start()).rejects.toThrow('Port 8080/tcp not bound after 1500ms') // the in-container probe (docker-proxy accepts on the host side);
  });

  it('runs the Ryuk reaper, which removes the session containers when its client goes away', async () => {
    const client = await tc.getContainerRuntimeClient();
    const reaper = await tc.getReaper(client);
    const ryuk = await api(`/containers/${reaper.containerId}/json`);
    expect(ryuk.Config.Image).toBe('testcontainers/ryuk:0.14.0');
    expect(ryuk.State.Running).toBe(true);
    expect(ryuk.Config.Labels['org.testcontainers.ryuk']).toBe('true');

    const left = await new tc.GenericContainer('redis:latest').start(); // never stopped by the test
    expect((await api(`/containers/${left.getId()}/json`)).Config.Labels['org.testcontainers.session-id']).toBe(reaper.sessionId);

    // testcontainers' end of the Ryuk connection (closed when the test process exits).
    (reaper as unknown as { socket: net.Socket }).socket.destroy();
    // Ryuk waits its reconnection timeout (10s), removes the labelled containers, then
    // exits 0; testcontainers created it with AutoRemove, so it goes too.
    const events = fetch(`${t.url}/events?filters=${encodeURIComponent(JSON.stringify({ container: [reaper.containerId], event: ['die'] }))}`);
    await eventually(async () => (await fetch(`${t.url}/containers/${left.getId()}/json`)).status === 404, 25_000);
    await eventually(async () => (await fetch(`${t.url}/containers/${reaper.containerId}/json`)).status === 404, 15_000);
    const res = await events;
    const reader = res.body!.getReader();
    const die = JSON.parse(new TextDecoder().decode((await reader.read()).value!).split('\n')[0]!);
    await reader.cancel();
    expect(die.Actor.Attributes.exitCode).toBe('0');
  }, 60_000);
});
