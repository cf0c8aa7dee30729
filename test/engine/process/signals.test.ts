import { describe, expect, it } from 'vitest';
import { parseSignal } from '../../../src/engine/process/index.js';
import { finish, start } from './helpers.js';

describe('parseSignal', () => {
  it('accepts names with or without SIG, any case, and numbers', () => {
    expect(parseSignal('SIGTERM')).toEqual({ name: 'SIGTERM', number: 15 });
    expect(parseSignal('term')).toEqual({ name: 'SIGTERM', number: 15 });
    expect(parseSignal(9)).toEqual({ name: 'SIGKILL', number: 9 });
    expect(parseSignal('9')).toEqual({ name: 'SIGKILL', number: 9 });
    expect(parseSignal('SIGRTMIN+3')).toEqual({ name: 'SIGRTMIN+3', number: 37 });
  });

  it('rejects invalid signals', () => {
    for (const bad of ['NOPE', 0, '0', 65, '', 'SIG']) expect(parseSignal(bad)).toBeUndefined();
  });
});

describe('signals', () => {
  it('SIGKILL ends any process with 137', async () => {
    const h = start(['sleep', 'infinity']);
    await h.clock.advance(1000);
    h.proc.signal('KILL');
    expect(await finish(h)).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
  });

  it('PID 1 ignores SIGTERM, SIGINT and SIGHUP it does not handle', async () => {
    const h = start(['sleep', '1000']);
    for (const sig of ['TERM', 'INT', 'HUP', 'SIGUSR1']) h.proc.signal(sig);
    await h.clock.advance(10_000);
    h.proc.signal(9);
    expect(await finish(h)).toMatchObject({ exitCode: 137 });
  });

  it('docker stop of sh -c "sleep 1000" waits for KILL, as on dockerd', async () => {
    const h = start(['sh', '-c', 'sleep 1000']);
    h.proc.signal('SIGTERM');
    await h.clock.advance(10_000);
    h.proc.signal('SIGKILL');
    expect(await finish(h)).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
  });

  it('PID 1 that ignores SIGTERM still finishes its sleep normally', async () => {
    const h = start(['sleep', '10']);
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 0 });
  });

  it('an exec-ed process without a handler dies with 128+signo', async () => {
    for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130], ['HUP', 129], [10, 138]] as const) {
      const h = start(['sleep', '1000'], { pid1: false });
      h.proc.signal(sig);
      expect((await finish(h)).exitCode).toBe(code);
    }
  });

  it('harmless signals do not end an exec-ed process', async () => {
    const h = start(['sleep', '5'], { pid1: false });
    h.proc.signal('WINCH');
    h.proc.signal('CHLD');
    expect(await finish(h)).toMatchObject({ exitCode: 0 });
  });

  it("trap 'exit 0' TERM interrupts a sleep and exits 0", async () => {
    const h = start(['sh', '-c', "trap 'echo bye; exit 0' TERM; echo ready; sleep 1000; echo never"]);
    await h.clock.advance(10);
    h.proc.signal('SIGTERM');
    expect(await finish(h)).toMatchObject({ exitCode: 0, out: 'ready\nbye\n' });
  });

  it('a trap without exit runs and the script continues', async () => {
    const h = start(['sh', '-c', "trap 'echo caught' INT; sleep 1000; echo status=$?; sleep 5; echo end"]);
    await h.clock.advance(10);
    h.proc.signal('INT');
    expect(await finish(h)).toMatchObject({ exitCode: 0, out: 'caught\nstatus=130\nend\n' });
  });

  it('a loop keeps running after trapped signals', async () => {
    const h = start(['sh', '-c', "n=0; trap 'n=$((n+1)); echo hup $n' HUP; trap 'exit $n' TERM; while true; do sleep 1; done"]);
    await h.clock.advance(1500);
    h.proc.signal('HUP');
    await h.clock.advance(1500);
    h.proc.signal('HUP');
    await h.clock.advance(1500);
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 2, out: 'hup 1\nhup 2\n' });
  });

  it("trap - TERM restores the default action", async () => {
    const h = start(['sh', '-c', "trap 'exit 0' TERM; trap - TERM; sleep 1000"], { pid1: false });
    await h.clock.advance(10);
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 143 });
  });

  it("trap '' TERM ignores the signal even outside PID 1", async () => {
    const h = start(['sh', '-c', "trap '' TERM; sleep 10; echo survived"], { pid1: false });
    await h.clock.advance(10);
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 0, out: 'survived\n' });
  });

  it('an EXIT trap runs when the shell exits', async () => {
    const h = start(['sh', '-c', "trap 'echo cleanup' EXIT; echo work; exit 3"]);
    expect(await finish(h)).toMatchObject({ exitCode: 3, out: 'work\ncleanup\n' });
  });

  it('kill $$ delivers a signal to the shell itself', async () => {
    const h = start(['sh', '-c', "trap 'echo got term; exit 7' TERM; kill $$; sleep 100"]);
    expect(await finish(h)).toMatchObject({ exitCode: 7, out: 'got term\n' });
  });

  it('SIGKILL also stops a shell with traps, without running them', async () => {
    const h = start(['sh', '-c', "trap 'echo no' TERM KILL EXIT; sleep 1000"]);
    await h.clock.advance(5);
    h.proc.signal('SIGKILL');
    expect(await finish(h)).toMatchObject({ exitCode: 137, out: '' });
  });
});

describe('trap timing', () => {
  it('a trapped signal interrupts a long sleep promptly (no need to advance the clock)', async () => {
    const h = start(['sh', '-c', "trap 'exit 0' TERM; sleep 100000"]);
    await h.clock.advance(1);
    h.proc.signal('TERM');
    await h.clock.advance(0);
    let exited = false;
    void h.proc.exited.then(() => (exited = true));
    await h.clock.advance(0);
    expect(exited).toBe(true);
    expect(h.clock.pending()).toBe(0);
  });
});
