/**
 * docker-compose v1 (the Python one: `apt-get install -y docker-compose`) against
 * mockerd: up / ps / logs / exec / down of three services on a custom network with a named
 * volume and a published port.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const COMPOSE = process.env.MOCKERD_COMPOSE ?? '/usr/bin/docker-compose';
const t = useDaemon({ images: ['nginx:latest', 'alpine:latest'] });

function composeFile(port: number): string {
  return `version: "3.8"
services:
  web:
    image: nginx:latest
    ports:
      - "${port}:80"
    networks: [appnet]
    depends_on: [db]
  db:
    image: alpine:latest
    command: ["sh", "-c", "echo db ready; sleep 1000"]
    volumes:
      - dbdata:/data
    networks:
      appnet:
        aliases: [database]
  worker:
    image: alpine:latest
    command: ["sh", "-c", "echo hello from worker; sleep 1000"]
    networks: [appnet]
networks:
  appnet: {}
volumes:
  dbdata: {}
`;
}

function compose(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(COMPOSE, ['-p', 'mk', '--no-ansi', ...args], { cwd: dir, timeout: 60_000, env: { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: t.daemon.dockerHost } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('docker-compose v1', () => {
  it('brings a three-service project up (network, volume, published port), lists it, shows logs, execs in it, and brings it down', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-compose-'));
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), composeFile(port));
    try {
      const up = await compose(dir, ['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stderr).toContain('Creating network "mk_appnet" with the default driver');
      expect(up.stderr).toContain('Creating volume "mk_dbdata" with default driver');

      const ps = await compose(dir, ['ps']);
      expect(ps.code, ps.stderr).toBe(0);
      for (const name of ['mk_web_1', 'mk_db_1', 'mk_worker_1']) expect(ps.stdout).toMatch(new RegExp(`${name}\\s.*\\sUp\\b`));
      expect(ps.stdout).toContain(`0.0.0.0:${port}->80/tcp`);

      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain('Welcome to nginx!');

      const db = t.daemon.engine.containers.get('mk_db_1');
      expect(db.networks['mk_appnet']!.Aliases).toEqual(expect.arrayContaining(['database']));
      expect(db.mounts).toEqual([expect.objectContaining({ Type: 'volume', Name: 'mk_dbdata', Destination: '/data' })]);

      const logs = await compose(dir, ['logs', '--no-color']);
      expect(logs.code, logs.stderr).toBe(0);
      expect(logs.stdout).toMatch(/worker_1\s+\| hello from worker/);
      expect(logs.stdout).toMatch(/db_1\s+\| db ready/);

      const exec = await compose(dir, ['exec', '-T', 'worker', 'sh', '-c', 'echo from $(hostname) > /data.txt; cat /data.txt; exit 3']);
      expect([exec.code, exec.stdout.startsWith('from ')]).toEqual([3, true]);
      const lookup = await compose(dir, ['exec', '-T', 'worker', 'nslookup', 'database']);
      expect(lookup.code, lookup.stderr).toBe(0);
      expect(lookup.stdout).toContain(`Address: ${db.networks['mk_appnet']!.IPAddress}`);

      const down = await compose(dir, ['down', '-v', '-t', '0']);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stderr).toContain('Removing network mk_appnet');
      expect(down.stderr).toContain('Removing volume mk_dbdata');
      expect(t.daemon.engine.localContainers().filter((c) => c.name.startsWith('/mk_'))).toEqual([]);
      expect(t.daemon.engine.networks.find('mk_appnet')).toBeUndefined();
      expect(t.daemon.engine.volumes.find('mk_dbdata')).toBeUndefined();
      const closed = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port });
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', () => resolve(true));
      });
      expect(closed).toBe(true);
    } finally {
      await compose(dir, ['down', '-v', '-t', '0']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
