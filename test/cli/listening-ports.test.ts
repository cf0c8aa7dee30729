/**
 * In-container port probes with the real docker CLI: /proc/net/tcp{,6} list what the
 * container's simulated server listens on, so the check testcontainers runs
 * (`cat /proc/net/tcp* | awk '{print $2}' | grep -i :PORT`) succeeds exactly when it should.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';
import type { CliResult } from '../support/docker-cli.js';

const t = useDaemon({ portListeners: false, images: ['redis:latest', 'alpine:latest'] });
const probe = (name: string, port: number) => t.docker.run(['exec', name, '/bin/sh', '-c', `cat /proc/net/tcp* | awk '{print $2}' | grep -i :${port.toString(16).padStart(4, '0')}`]);

describe('listening ports inside containers', () => {
  it('redis listens on 6379 (both families) once it is ready; the probe finds it', async () => {
    expect((await t.docker.run(['run', '-d', '--name', 'cache', 'redis'])).code).toBe(0);
    const found = (await eventually(async () => {
      const r = await probe('cache', 6379);
      return r.code === 0 ? r : false;
    })) as CliResult;
    expect(found.stdout).toBe('00000000:18EB\n00000000000000000000000000000000:18EB\n');
    const tcp = (await t.docker.run(['exec', 'cache', 'cat', '/proc/net/tcp'])).stdout.split('\n');
    expect(tcp[0]).toMatch(/^ {2}sl {2}local_address rem_address {3}st tx_queue rx_queue tr tm->when retrnsmt {3}uid {2}timeout inode +$/);
    expect(tcp[1]).toMatch(/^ {3}0: 00000000:18EB 00000000:0000 0A /);
    expect((await probe('cache', 6380)).code).toBe(1);
  });

  it('nothing listens in a container whose server is not running (another command, or no server)', async () => {
    await t.docker.run(['run', '-d', '--name', 'shell', 'redis', 'sleep', '1000']);
    await t.docker.run(['run', '-d', '--name', 'plain', 'alpine', 'sleep', '1000']);
    for (const name of ['shell', 'plain']) {
      const r = await probe(name, 6379);
      expect(r.code).toBe(1);
      expect((await t.docker.run(['exec', name, 'cat', '/proc/net/tcp6'])).stdout.trim().split('\n')).toHaveLength(1);
    }
  });

  it('after a restart the server listens again; /proc/net is read-only and no change of the container', async () => {
    expect((await t.docker.run(['restart', 'cache'])).code).toBe(0);
    await eventually(async () => (await probe('cache', 6379)).code === 0);
    const write = await t.docker.run(['exec', 'cache', 'sh', '-c', 'echo x > /proc/net/tcp']);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
    expect((await t.docker.run(['exec', 'cache', 'ls', '/proc/net'])).stdout).toBe('tcp\ntcp6\n');
    expect((await t.docker.run(['diff', 'cache'])).stdout).not.toContain('/proc');
    // docker export has the image's /proc directory, not procfs.
    const file = path.join(t.docker.configDir, 'cache.tar');
    expect((await t.docker.run(['export', '-o', file, 'cache'])).code).toBe(0);
    const names = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
    expect(names).toContain('proc/');
    expect(names.filter((n) => n.startsWith('proc/net'))).toEqual([]);
  });
});
