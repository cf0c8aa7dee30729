import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTlsFiles } from '../../src/daemon.js';
import { startDaemon, type Daemon } from '../../src/index.js';
import { DockerCli } from '../support/docker-cli.js';
import { makeTestCerts, type TestCerts } from '../support/tls.js';

/** The same everyday system commands, over each transport. */
function systemCommands(name: string, connect: () => DockerCli) {
  describe(`docker system commands over ${name}`, () => {
    it('docker version shows the server and its API range', async () => {
      const r = await connect().run(['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.MinAPIVersion}}']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('28.2.2 1.55 1.24');
    });

    it('docker info reports the engine', async () => {
      const r = await connect().run(['info', '--format', '{{.OSType}} {{.NCPU}} {{.Swarm.LocalNodeState}} {{.Name}}']);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('linux 2 inactive node-1');
    });

    it('docker system df prints the usage table', async () => {
      const r = await connect().run(['system', 'df']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE/);
      expect(r.stdout).toMatch(/Images\s+0\s+0/);
      expect(r.stdout).toMatch(/Local Volumes\s+0\s+0/);
    });
  });
}

describe('transports', () => {
  let daemon: Daemon;
  let tlsDaemon: Daemon;
  let certs: TestCerts;
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-sock-'));
  const clis: DockerCli[] = [];
  const cli = (host: string, env: Record<string, string> = {}) => {
    const c = new DockerCli({ host, env });
    clis.push(c);
    return c;
  };

  beforeAll(async () => {
    daemon = await startDaemon({ hosts: ['tcp://127.0.0.1:0', `unix://${socketDir}/mockerd.sock`] });
    certs = makeTestCerts();
    tlsDaemon = await startDaemon({
      hosts: ['tcp://127.0.0.1:0'],
      tls: readTlsFiles({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, verify: true }),
    });
  });
  afterAll(async () => {
    clis.forEach((c) => c.cleanup());
    await daemon?.close();
    await tlsDaemon?.close();
    fs.rmSync(socketDir, { recursive: true, force: true });
  });

  systemCommands('TCP', () => cli(daemon.hosts[0]!));
  systemCommands('a unix socket', () => cli(daemon.hosts[1]!));
  systemCommands('TLS with client certificates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-certs-'));
    fs.copyFileSync(certs.ca, path.join(dir, 'ca.pem'));
    fs.copyFileSync(certs.clientCert, path.join(dir, 'cert.pem'));
    fs.copyFileSync(certs.clientKey, path.join(dir, 'key.pem'));
    return cli(tlsDaemon.dockerHost, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
  });

  it('removes the unix socket file on close', async () => {
    const sock = path.join(socketDir, 'closing.sock');
    const d = await startDaemon({ hosts: [`unix://${sock}`] });
    expect(fs.existsSync(sock)).toBe(true);
    await d.close();
    expect(fs.existsSync(sock)).toBe(false);
  });

  it('refuses a TLS client whose certificate another CA signed', async () => {
    const r = await cli(tlsDaemon.dockerHost).run([
      '--tlsverify',
      '--tlscacert', certs.ca,
      '--tlscert', certs.strangerCert,
      '--tlskey', certs.strangerKey,
      'version', '--format', '{{.Server.Version}}',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stdout.trim()).toBe('');
  });

  it('refuses a TLS client without a certificate', async () => {
    const r = await cli(tlsDaemon.dockerHost).run(['--tlsverify', '--tlscacert', certs.ca, 'info']);
    expect(r.code).not.toBe(0);
  });
});

describe('docker events and docker login', () => {
  let daemon: Daemon;
  let docker: DockerCli;
  beforeAll(async () => {
    daemon = await startDaemon();
    docker = new DockerCli({ host: daemon.dockerHost });
  });
  afterAll(async () => {
    docker.cleanup();
    await daemon.close();
  });

  it('docker events --since 0 --until <now> prints past events and exits', async () => {
    daemon.engine.events.publish({ type: 'network', action: 'create', id: 'n'.repeat(64), attributes: { name: 'backend', type: 'bridge' } });
    daemon.engine.events.publish({ type: 'volume', action: 'create', id: 'data', attributes: { driver: 'local' } });
    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const r = await docker.run(['events', '--since', '0', '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.ID}}']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`network create ${'n'.repeat(64)}`, 'volume create data']);
  });

  it('docker events --filter narrows the stream', async () => {
    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const r = await docker.run(['events', '--since', '0', '--until', until, '--filter', 'type=volume', '--format', '{{.Actor.ID}}']);
    expect(r.stdout.trim()).toBe('data');
  });

  it('docker login to the simulated private registry succeeds', async () => {
    const r = await docker.run(['login', '-u', 'mockerd', '--password-stdin', 'private.registry.test'], { input: 'mockerd-secret\n' });
    expect(r.stdout).toContain('Login Succeeded');
    expect(r.code).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(docker.configDir, 'config.json'), 'utf8'));
    expect(Object.keys(config.auths)).toContain('private.registry.test');
  });

  it('docker login with a wrong password fails with the registry message', async () => {
    const r = await docker.run(['login', '-u', 'mockerd', '--password-stdin', 'private.registry.test'], { input: 'wrong\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unauthorized: incorrect username or password');
  });
});
