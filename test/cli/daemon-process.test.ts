/** The mockerd command itself: the line it prints, its log, and a clean stop on SIGTERM. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerCli } from '../support/docker-cli.js';

function startMockerd(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const dockerHost = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /^export DOCKER_HOST=(\S+)$/m.exec(stdout);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`mockerd exited early: ${stderr}`)));
  });
  dockerHost.catch(() => undefined); // awaited only by tests that expect a start
  return { child, dockerHost, exited, output: () => ({ stdout, stderr }) };
}

describe('the mockerd process', () => {
  it('prints the DOCKER_HOST line, logs requests at debug, and stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-proc-'));
    const sock = path.join(dir, 'mockerd.sock');
    const m = startMockerd(['-H', 'tcp://127.0.0.1:0', '-H', `unix://${sock}`, '--log-level', 'debug']);
    const host = await m.dockerHost;
    expect(host).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(m.output().stdout).toContain(`mockerd: also listening on unix://${sock}`);

    const docker = new DockerCli({ host: `unix://${sock}` });
    const v = await docker.run(['version', '--format', '{{.Server.APIVersion}}']);
    expect(v.stdout.trim()).toBe('1.55');
    docker.cleanup();
    expect(m.output().stderr).toMatch(/mockerd debug: GET \/v1\.\d+\/version -> 200/);

    m.child.kill('SIGTERM');
    expect(await m.exited).toBe(0);
    expect(fs.existsSync(sock)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs no request lines at the default level, and refuses a bad level', async () => {
    const m = startMockerd(['-H', 'tcp://127.0.0.1:0']);
    const host = await m.dockerHost;
    await fetch(`${host.replace('tcp:', 'http:')}/version`);
    m.child.kill('SIGINT');
    expect(await m.exited).toBe(0);
    expect(m.output().stderr).not.toContain('debug');

    const bad = startMockerd(['--log-level', 'loud']);
    expect(await bad.exited).toBe(1);
    expect(bad.output().stderr).toContain('invalid --log-level loud');
  });
});
