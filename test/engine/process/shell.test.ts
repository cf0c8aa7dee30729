import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src/engine/process/shell-parser.js';
import { ShellSyntaxError } from '../../../src/engine/process/shell-ast.js';
import { MemFs, run, sh } from './helpers.js';

describe('shell parser', () => {
  it('parses lists, pipelines and compound commands', () => {
    const list = parseScript('a && b || c; d | e &\nif x; then y; elif z; then w; else v; fi');
    expect(list).toHaveLength(3);
    expect(list[1]!.background).toBe(true);
    expect(list[2]!.first.commands[0]!.type).toBe('if');
  });

  it('reports incomplete input as incomplete', () => {
    for (const src of ['if true; then echo', 'echo "abc', 'while true; do', 'echo $(ls']) {
      expect(() => parseScript(src)).toThrow(ShellSyntaxError);
      try {
        parseScript(src);
      } catch (err) {
        expect((err as ShellSyntaxError).incomplete).toBe(true);
      }
    }
  });
});

describe('shell', () => {
  it('runs ; && || and reports $?', async () => {
    expect((await sh('true && echo yes; false && echo no; false || echo alt; echo $?')).out).toBe('yes\nalt\n0\n');
    expect((await sh('false; echo $?')).out).toBe('1\n');
    expect((await sh('! false && echo negated')).out).toBe('negated\n');
  });

  it('exits with the status of exit N or the last command', async () => {
    expect((await sh('exit 42')).exitCode).toBe(42);
    expect((await sh('false')).exitCode).toBe(1);
    expect((await sh('echo a; exit; echo b')).out).toBe('a\n');
    expect((await sh('exit 256')).exitCode).toBe(0);
  });

  it('quotes and escapes', async () => {
    expect((await sh(`echo 'a  $HOME' "b  \\"$X\\"" c\\ d`, { env: ['X=1'] })).out).toBe('a  $HOME b  "1" c d\n');
    expect((await sh(`printf '%s|' a"b c"d`)).out).toBe('ab cd|');
  });

  it('expands variables with defaults, lengths and patterns', async () => {
    const script = 'A=hello; echo $A ${A} ${B:-dflt} ${A:+set} ${#A} ${A#he} ${A%lo}; echo ${C:=new} $C; echo $$';
    expect((await sh(script)).out).toBe('hello hello dflt set 5 llo hel\nnew new\n1\n');
    expect(await sh('echo ${NOPE:?is required}; echo after')).toMatchObject({ exitCode: 1, err: 'sh: NOPE: is required\n', out: '' });
  });

  it('splits unquoted expansions into fields but not quoted ones', async () => {
    expect((await sh('X="a   b"; for w in $X; do echo "[$w]"; done; for w in "$X"; do echo "[$w]"; done')).out).toBe('[a]\n[b]\n[a   b]\n');
  });

  it('passes positional parameters to sh -c', async () => {
    expect((await run(['sh', '-c', 'echo "$0 $1 $# $@"', 'name', 'x', 'y'])).out).toBe('name x 2 x y\n');
    expect((await run(['sh', '-c', 'for a in "$@"; do echo "<$a>"; done', 'sh', 'a b', 'c'])).out).toBe('<a b>\n<c>\n');
  });

  it('ends a writing loop when the pipe reader goes away', async () => {
    expect(await sh('while true; do echo y; done | head -n 2; echo $?')).toMatchObject({ exitCode: 0, out: 'y\ny\n0\n' });
  });

  it('pipes between programs', async () => {
    expect((await sh('printf "b\\na\\nc\\n" | sort | head -n 2')).out).toBe('a\nb\n');
    expect((await sh('echo hello | cat | wc -c')).out).toBe('6\n');
  });

  it('redirects to and from the fs', async () => {
    const fs = new MemFs({ '/tmp/': '' });
    const r = await sh('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l < /tmp/f', { fs });
    expect(r.out).toBe('one\ntwo\n2\n');
    expect(fs.readFile('/tmp/f')!.toString()).toBe('one\ntwo\n');
  });

  it('redirects between stdout and stderr and to /dev/null', async () => {
    expect(await sh('echo err >&2; echo err2 1>&2; echo out')).toMatchObject({ out: 'out\n', err: 'err\nerr2\n' });
    expect(await sh('ls /nope 2>/dev/null; echo $?')).toMatchObject({ out: '2\n', err: '' });
    expect(await sh('ls /nope 2>&1')).toMatchObject({ out: 'ls: /nope: No such file or directory\n', err: '' });
    expect(await sh('{ echo a; echo b >&2; } > /dev/null 2>&1')).toMatchObject({ out: '', err: '' });
  });

  it('fails a redirect into a missing directory', async () => {
    expect(await sh('echo x > /no/such/file; echo $?')).toMatchObject({ out: '1\n', err: "sh: can't create /no/such/file: nonexistent directory\n" });
    expect(await sh('cat < /nope')).toMatchObject({ exitCode: 1, err: "sh: can't open '/nope': No such file or directory\n" });
  });

  it('reads here-documents', async () => {
    expect((await sh('X=val\ncat <<EOF\nx is $X\nEOF\ncat <<"EOF"\n$X\nEOF')).out).toBe('x is val\n$X\n');
  });

  it('runs if / elif / else', async () => {
    const script = (n: number) => `n=${n}; if [ $n -lt 1 ]; then echo small; elif [ $n -lt 10 ]; then echo medium; else echo large; fi`;
    expect((await sh(script(0))).out).toBe('small\n');
    expect((await sh(script(5))).out).toBe('medium\n');
    expect((await sh(script(50))).out).toBe('large\n');
  });

  it('runs while and for loops with break and continue', async () => {
    expect((await sh('i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done')).out).toBe('0\n1\n2\n');
    expect((await sh('for x in a b c d; do [ $x = b ] && continue; [ $x = d ] && break; echo $x; done')).out).toBe('a\nc\n');
    expect((await sh('until false; do echo once; break; done')).out).toBe('once\n');
  });

  it('runs case with glob patterns', async () => {
    const script = (v: string) => `case "${v}" in -*) echo flag;; *.txt|*.md) echo doc;; *) echo other;; esac`;
    expect((await sh(script('-v'))).out).toBe('flag\n');
    expect((await sh(script('a.md'))).out).toBe('doc\n');
    expect((await sh(script('x'))).out).toBe('other\n');
  });

  it('reads stdin with read', async () => {
    expect((await sh('read a b; echo "[$a][$b]"', { stdin: 'one two three\n' })).out).toBe('[one][two three]\n');
    expect((await sh('while read line; do echo "got $line"; done', { stdin: 'x\ny\n' })).out).toBe('got x\ngot y\n');
    expect((await sh('read v; echo $?', { stdin: '' })).out).toBe('1\n');
  });

  it('exports variables to programs and keeps plain ones private', async () => {
    expect((await sh('A=1; B=2; export B; printenv A; printenv B; C=3 printenv C; export D=4; env | grep ^D=')).out).toBe('2\n3\nD=4\n');
  });

  it('substitutes commands', async () => {
    expect((await sh('x=$(echo hi; echo there); echo "[$x]"; echo `echo back`; echo $(echo $(echo nested))')).out).toBe('[hi\nthere]\nback\nnested\n');
  });

  it('evaluates arithmetic', async () => {
    expect((await sh('echo $((1 + 2 * 3)) $(( (7 - 1) / 4 )) $((10 % 3)) $((2 > 1))')).out).toBe('7 1 1 1\n');
  });

  it('reports unknown commands like busybox', async () => {
    expect(await sh('nope; echo $?')).toMatchObject({ out: '127\n', err: 'sh: nope: not found\n' });
    expect(await run(['bash', '-c', 'nope'])).toMatchObject({ exitCode: 127, err: 'bash: nope: command not found\n' });
  });

  it('reports syntax errors with status 2', async () => {
    expect(await sh('if true; then echo x')).toMatchObject({ exitCode: 2, err: 'sh: syntax error: unexpected end of file (expecting "fi")\n' });
    expect(await sh('echo )')).toMatchObject({ exitCode: 2, err: 'sh: syntax error: unexpected ")"\n' });
  });

  it('set -e stops at the first failure outside conditions', async () => {
    expect(await sh('set -e; false || true; if false; then :; fi; echo ok; false; echo never')).toMatchObject({ exitCode: 1, out: 'ok\n' });
  });

  it('set -x traces commands', async () => {
    expect((await sh('set -x; echo hi')).err).toBe('+ echo hi\n');
  });

  it('defines and calls functions', async () => {
    expect((await sh('greet() { echo "hello $1"; return 3; }; greet you; echo $?')).out).toBe('hello you\n3\n');
  });

  it('runs subshells without leaking state', async () => {
    expect((await sh('X=1; (X=2; echo $X; exit 5); echo $? $X')).out).toBe('2\n5 1\n');
  });

  it('runs scripts from the fs: sh FILE and a path with a shebang', async () => {
    const files = { '/run.sh': '#!/bin/sh\necho "script $1"\nexit 4\n' };
    expect(await run(['sh', '/run.sh', 'arg'], { files })).toMatchObject({ exitCode: 4, out: 'script arg\n' });
    expect(await run(['/run.sh', 'direct'], { files })).toMatchObject({ exitCode: 4, out: 'script direct\n' });
    expect(await run(['sh', '/missing.sh'])).toMatchObject({ exitCode: 2, err: "sh: can't open '/missing.sh': No such file or directory\n" });
  });

  it('globs against the fs', async () => {
    const files = { '/d/a.conf': '', '/d/b.conf': '', '/d/c.txt': '' };
    expect((await sh('echo /d/*.conf; echo "/d/*.conf"; echo /d/*.none', { files })).out).toBe('/d/a.conf /d/b.conf\n/d/*.conf\n/d/*.none\n');
  });

  it('reads commands from stdin when given no script', async () => {
    expect(await run(['sh'], { stdin: 'echo one\nif true; then\necho two\nfi\nexit 3\necho never\n' })).toMatchObject({ exitCode: 3, out: 'one\ntwo\n' });
  });

  it('runs exec and cd', async () => {
    const files = { '/srv/': '' };
    expect(await sh('cd /srv && pwd && exec echo replaced; echo never', { files })).toMatchObject({ exitCode: 0, out: '/srv\nreplaced\n' });
    expect(await sh('cd /nope')).toMatchObject({ exitCode: 2, err: "sh: cd: can't cd to /nope: No such file or directory\n" });
  });

  it('sleeps on the virtual clock inside a loop', async () => {
    expect(await sh('for i in 1 2 3; do sleep 3600; echo $i; done')).toMatchObject({ exitCode: 0, out: '1\n2\n3\n' });
  });

  it('waits for background jobs', async () => {
    expect((await sh('(sleep 5; echo late) & echo early; wait; echo done')).out).toBe('early\nlate\ndone\n');
  });
});
