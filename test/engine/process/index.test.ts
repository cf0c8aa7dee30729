import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock } from '../../../src/engine/clock.js';
import { spawn } from '../../../src/engine/process/index.js';
import { finish, MemFs, run, start } from './helpers.js';

function spawnArgs(argv: string[], fs = new MemFs()) {
  return { argv, env: [], workingDir: '/', user: '', hostname: 'h', tty: false, clock: new VirtualClock(), fs, pid1: true, stdout: () => {}, stderr: () => {} };
}

describe('spawn', () => {
  it('fails for an unknown executable with dockerd text and 127', () => {
    expect(spawn(spawnArgs(['nope']))).toEqual({ error: 'exec: "nope": executable file not found in $PATH', exitCode: 127 });
    expect(spawn(spawnArgs(['/nope']))).toEqual({ error: 'exec: "/nope": stat /nope: no such file or directory', exitCode: 127 });
  });

  it('fails for an unknown user', () => {
    expect(spawn({ ...spawnArgs(['true']), user: 'ghost' })).toEqual({ error: 'unable to find user ghost: no matching entries in passwd file', exitCode: 126 });
  });

  it('resolves absolute paths in bin directories to the same programs', async () => {
    expect((await run(['/bin/echo', 'hi'])).out).toBe('hi\n');
    expect((await run(['/bin/sh', '-c', 'echo $0'])).out).toBe('/bin/sh\n');
  });

  it('runs a file it cannot simulate until it is signalled', async () => {
    const h = start(['/usr/sbin/daemon'], { files: { '/usr/sbin/daemon': '\0ELF' } });
    await h.clock.advance(60_000);
    h.proc.signal('KILL');
    expect(await finish(h)).toMatchObject({ exitCode: 137 });
  });

  it('sleep 3600 completes after advancing one hour of virtual time', async () => {
    const h = start(['sleep', '3600']);
    let exited = false;
    void h.proc.exited.then(() => (exited = true));
    await h.clock.advance(3_599_999);
    expect(exited).toBe(false);
    await h.clock.advance(1);
    expect(exited).toBe(true);
    expect(await h.proc.exited).toEqual({ exitCode: 0 });
  });

  it('works on the real clock', async () => {
    const out: Buffer[] = [];
    const p = spawn({ ...spawnArgs(['sh', '-c', 'sleep 0.01; echo real']), clock: new RealClock(), stdout: (c) => out.push(c) });
    if ('error' in p) throw new Error(p.error);
    expect(await p.exited).toEqual({ exitCode: 0 });
    expect(Buffer.concat(out).toString()).toBe('real\n');
  });

  it('cat waits for stdin until EOF', async () => {
    const h = start(['cat']);
    h.proc.writeStdin(Buffer.from('abc'));
    await h.clock.advance(0);
    expect(h.out()).toBe('abc');
    h.proc.writeStdin(Buffer.from('def\n'));
    h.proc.endStdin();
    expect(await finish(h)).toMatchObject({ exitCode: 0, out: 'abcdef\n' });
  });

  it('lists processes for docker top', async () => {
    const h = start(['sh', '-c', 'sleep 100; echo done']);
    await h.clock.advance(1);
    expect(h.proc.processes()).toEqual([
      { pid: 1, ppid: 0, user: 'root', command: 'sh -c sleep 100; echo done' },
      { pid: 2, ppid: 1, user: 'root', command: 'sleep 100' },
    ]);
    await finish(h);
    expect(h.proc.processes()).toEqual([]);
  });

  it('reports plausible, changing usage', async () => {
    const h = start(['sleep', '100']);
    const a = h.proc.usage();
    await h.clock.advance(5000);
    const b = h.proc.usage();
    expect(a.memoryBytes).toBeGreaterThan(500_000);
    expect(b.cpuNanos).toBeGreaterThan(a.cpuNanos);
    await finish(h);
  });

  it('leaves no timers behind after a kill', async () => {
    const h = start(['sh', '-c', 'tail -f /log & while true; do sleep 1; done'], { files: { '/log': '' } });
    await h.clock.advance(2500);
    h.proc.signal('KILL');
    await finish(h);
    expect(h.clock.pending()).toBe(0);
  });

  it('with a TTY: echoes input, turns \\n into \\r\\n and merges stderr', async () => {
    const h = start(['sh'], { tty: true });
    await h.clock.advance(0);
    h.proc.writeStdin(Buffer.from('echo hi >&2\r'));
    await h.clock.advance(0);
    h.proc.writeStdin(Buffer.from('exit 5\r'));
    const result = await finish(h);
    expect(result.exitCode).toBe(5);
    expect(result.out).toBe('/ # echo hi >&2\r\nhi\r\n/ # exit 5\r\n');
    expect(result.err).toBe('');
  });

  it('with a TTY: ^C interrupts the foreground command of an interactive shell', async () => {
    const h = start(['sh'], { tty: true });
    h.proc.writeStdin(Buffer.from('sleep 1000\r'));
    await h.clock.advance(10);
    h.proc.writeStdin(Buffer.from('\x03'));
    await h.clock.advance(0);
    h.proc.writeStdin(Buffer.from('echo $?\r\x04'));
    const result = await finish(h);
    expect(result.out).toContain('^C');
    expect(result.out).toContain('130\r\n');
    expect(result.exitCode).toBe(0);
  });

  it('adds HOME from the user like runc', async () => {
    expect((await run(['printenv', 'HOME'])).out).toBe('/root\n');
    expect((await run(['printenv', 'HOME'], { env: ['HOME=/custom'] })).out).toBe('/custom\n');
  });
});
