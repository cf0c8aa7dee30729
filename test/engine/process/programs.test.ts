import { describe, expect, it } from 'vitest';
import { run, sh } from './helpers.js';

describe('programs', () => {
  it('echo with -n and -e', async () => {
    expect((await run(['echo', 'a', 'b'])).out).toBe('a b\n');
    expect((await run(['echo', '-n', 'x'])).out).toBe('x');
    expect((await run(['echo', '-e', 'a\\tb\\nc'])).out).toBe('a\tb\nc\n');
    expect((await run(['echo', 'a\\nb'])).out).toBe('a\\nb\n');
  });

  it('printf formats and reuses the format', async () => {
    expect((await run(['printf', '%s=%d\\n', 'a', '1', 'b', '2'])).out).toBe('a=1\nb=2\n');
    expect((await run(['printf', '%5s|%-3s|%03d|%x', 'ab', 'c', '7', '255'])).out).toBe('   ab|c  |007|ff');
  });

  it('true and false', async () => {
    expect((await run(['true'])).exitCode).toBe(0);
    expect((await run(['false'])).exitCode).toBe(1);
    expect((await run(['/bin/false'])).exitCode).toBe(1);
  });

  it('cat echoes stdin until EOF and reads files', async () => {
    expect(await run(['cat'], { stdin: 'one\ntwo\n' })).toMatchObject({ exitCode: 0, out: 'one\ntwo\n' });
    expect((await run(['cat', '/etc/motd'], { files: { '/etc/motd': 'hello\n' } })).out).toBe('hello\n');
    expect(await run(['cat', '/nope'])).toMatchObject({ exitCode: 1, err: "cat: can't open '/nope': No such file or directory\n" });
  });

  it('sleep accepts N, Ns, Nm and fails on junk', async () => {
    expect((await run(['sleep', '1m'])).exitCode).toBe(0);
    expect((await run(['sleep', '0.5'])).exitCode).toBe(0);
    expect(await run(['sleep', 'abc'])).toMatchObject({ exitCode: 1, err: "sleep: invalid number 'abc'\n" });
  });

  it('env and printenv', async () => {
    const env = await run(['env'], { env: ['A=1', 'B=two'] });
    expect(env.out).toBe('A=1\nB=two\nHOME=/root\n');
    expect((await run(['printenv', 'B'], { env: ['B=two'] })).out).toBe('two\n');
    expect((await run(['printenv', 'NOPE'])).exitCode).toBe(1);
    expect((await run(['/usr/bin/env', 'X=1', 'printenv', 'X'])).out).toBe('1\n');
  });

  it('hostname, id, whoami, pwd', async () => {
    expect((await run(['hostname'])).out).toBe('c0ffee\n');
    expect((await run(['id'])).out).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect((await run(['whoami'])).out).toBe('root\n');
    expect((await run(['pwd'], { workingDir: '/tmp' })).out).toBe('/tmp\n');
  });

  it('id and whoami for a user from /etc/passwd or a bare uid', async () => {
    const files = { '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n', '/etc/group': 'root:x:0:\nnogroup:x:65534:\n' };
    expect((await run(['id'], { user: 'nobody', files })).out).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n');
    expect((await run(['id'], { user: '1000:1000', files })).out).toBe('uid=1000 gid=1000 groups=1000\n');
    expect(await run(['whoami'], { user: '1000', files })).toMatchObject({ exitCode: 1, err: 'whoami: unknown uid 1000\n' });
  });

  it('date uses the engine clock', async () => {
    expect((await run(['date'])).out).toBe('Mon Jan  1 00:00:00 UTC 2024\n');
    expect((await run(['date', '+%Y-%m-%dT%H:%M:%S %s'])).out).toBe('2024-01-01T00:00:00 1704067200\n');
  });

  it('uname', async () => {
    expect((await run(['uname'])).out).toBe('Linux\n');
    expect((await run(['uname', '-m'])).out).toBe('x86_64\n');
    expect((await run(['uname', '-a'])).out).toMatch(/^Linux c0ffee \S+ .* x86_64 Linux\n$/);
  });

  it('ls lists directories and fails on missing paths', async () => {
    const files = { '/app/b.txt': 'bb', '/app/a.txt': 'a', '/app/.hidden': '', '/app/sub/': '' };
    expect((await run(['ls', '/app'], { files })).out).toBe('a.txt\nb.txt\nsub\n');
    expect((await run(['ls', '-a', '/app'], { files })).out).toBe('.\n..\n.hidden\na.txt\nb.txt\nsub\n');
    expect((await run(['ls', '-l', '/app/b.txt'], { files })).out).toMatch(/^-rwxr-xr-x +1 root +root +2 Jan  1 +1970 \/app\/b.txt\n$/);
    expect(await run(['ls', '/nope'])).toMatchObject({ exitCode: 2, err: 'ls: /nope: No such file or directory\n' });
  });

  it('head, tail, wc', async () => {
    const text = '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n';
    expect((await run(['head', '-n', '2'], { stdin: text })).out).toBe('1\n2\n');
    expect((await run(['head'], { stdin: text })).out).toBe(text.split('\n').slice(0, 10).join('\n') + '\n');
    expect((await run(['tail', '-n', '2'], { stdin: text })).out).toBe('11\n12\n');
    expect((await run(['tail', '-3', '/f'], { files: { '/f': text } })).out).toBe('10\n11\n12\n');
    expect((await run(['wc', '-l'], { stdin: text })).out).toBe('12\n');
    expect((await run(['wc'], { stdin: 'hello world\n' })).out).toBe('        1         2        12\n');
  });

  it('grep, sort, seq, basename, dirname', async () => {
    expect(await run(['grep', 'b'], { stdin: 'abc\nxyz\nbcd\n' })).toMatchObject({ exitCode: 0, out: 'abc\nbcd\n' });
    expect((await run(['grep', '-q', 'nope'], { stdin: 'abc\n' })).exitCode).toBe(1);
    expect((await run(['sort'], { stdin: 'b\nc\na\n' })).out).toBe('a\nb\nc\n');
    expect((await run(['seq', '3'])).out).toBe('1\n2\n3\n');
    expect((await run(['seq', '2', '2', '6'])).out).toBe('2\n4\n6\n');
    expect((await run(['basename', '/a/b.txt', '.txt'])).out).toBe('b\n');
    expect((await run(['dirname', '/a/b.txt'])).out).toBe('/a\n');
  });

  it('test and [', async () => {
    const files = { '/etc/x': 'x', '/d/': '' };
    expect((await run(['test', '-f', '/etc/x'], { files })).exitCode).toBe(0);
    expect((await run(['[', '-d', '/d', ']'], { files })).exitCode).toBe(0);
    expect((await run(['[', '-e', '/nope', ']'])).exitCode).toBe(1);
    expect((await run(['test', '3', '-lt', '10'])).exitCode).toBe(0);
    expect((await run(['test', 'a', '=', 'b'])).exitCode).toBe(1);
    expect((await run(['test', '!', '-z', 'x', '-a', 'x', '!=', 'y'])).exitCode).toBe(0);
    expect(await run(['[', 'x'])).toMatchObject({ exitCode: 2, err: '[: missing ]\n' });
    expect(await run(['test', 'a', '-eq', '1'])).toMatchObject({ exitCode: 2, err: "test: invalid number 'a'\n" });
  });

  it('mkdir, touch, rm change the fs', async () => {
    const r = await sh('mkdir -p /a/b && touch /a/b/f && ls /a/b && rm /a/b/f && ls /a/b; rm /a/b/f; mkdir /a');
    expect(r.out).toBe('f\n');
    expect(r.err).toBe("rm: can't remove '/a/b/f': No such file or directory\nmkdir: can't create directory '/a': File exists\n");
    expect(r.exitCode).toBe(1);
  });

  it('yes is bounded by the pipe reader', async () => {
    expect(await sh('yes | head -n 3')).toMatchObject({ exitCode: 0, out: 'y\ny\ny\n' });
  });

  it('tail -f follows a file until signalled', async () => {
    const { start, finish } = await import('./helpers.js');
    const h = start(['tail', '-f', '/log'], { files: { '/log': 'first\n' }, pid1: false });
    await h.clock.advance(10);
    h.fs.writeFile('/log', Buffer.from('second\n'), { append: true });
    await h.clock.advance(2000);
    expect(h.out()).toBe('first\nsecond\n');
    h.proc.signal('TERM');
    expect(await finish(h)).toMatchObject({ exitCode: 143, signal: 'SIGTERM' });
  });
});
