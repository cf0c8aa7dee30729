/** top and uptime: the long-running command and the load line client test suites rely on. */
import { describe, expect, it } from 'vitest';
import { finish, run, sh, start } from './helpers.js';

describe('top', () => {
  it('keeps running as PID 1 and redraws its screen every 5 s, like busybox top', async () => {
    const h = start(['top']);
    await h.clock.advance(12_000);
    h.proc.signal('KILL');
    const result = await finish(h);
    const frames = result.out.split('\x1b[H\x1b[J').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toContain('\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\x1b[m\n');
    expect(frames[0]).toMatch(/^ {4}1 {5}0 root {5}R {5}\d+ +0% +0% top\r$/m);
  });

  it('ends with 143 on SIGTERM as PID 1 (it handles the signal), so docker stop is immediate', async () => {
    const h = start(['top']);
    await h.clock.advance(100);
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 143 });
  });

  it('-b -n 1 prints one batch frame listing every process of the tree and exits 0', async () => {
    const r = await sh('sleep 100 & top -b -n 1; kill %1 2>/dev/null; exit 0');
    expect(r.exitCode).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Mem: \d+K used/);
    expect(lines[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND');
    expect(r.out).toMatch(/ sleep 100\n/);
    expect(r.out).toMatch(/ top -b -n 1\n\n$/);
  });

  it('rejects an unknown option', async () => {
    expect(await run(['top', '-z'])).toMatchObject({ exitCode: 1, err: "top: invalid option -- 'z'\n" });
  });
});

describe('uptime', () => {
  it('prints the time, how long the host is up, users and the load average', async () => {
    const r = await run(['uptime']);
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^ \d\d:\d\d:\d\d up +\d+:\d\d, {2}0 users, {2}load average: 0\.00, 0\.00, 0\.00\n$/);
  });
});
