/** The simulated awk: fields, separators, patterns, BEGIN/END, printf, numeric vs string comparison, errors. */
import { describe, expect, it } from 'vitest';
import { run, sh } from './helpers.js';

const awk = (program: string, stdin: string, extra: string[] = []) => run(['awk', ...extra, program], { stdin });

describe('awk', () => {
  it('prints fields split on runs of blanks; $0, NF, $NF, NR', async () => {
    expect((await awk('{print $2}', '  a   b c\nd e\n')).out).toBe('b\ne\n');
    expect((await awk('{print NR": "$NF, NF}', 'x y z\n\nq\n')).out).toBe('1: z 3\n2:  0\n3: q 1\n');
    expect((await awk('{print}', 'keep  spacing\n')).out).toBe('keep  spacing\n');
    expect((await awk('{ print $1, $3 }', 'a b c\n', ['-v', 'OFS=-'])).out).toBe('a-c\n');
  });

  it('-F with a character, a tab and a regex', async () => {
    expect((await awk('{print $1}', 'root:x:0:0\n', ['-F:'])).out).toBe('root\n');
    expect((await awk('{print $2}', 'a\tb c\td\n', ['-F', '\\t'])).out).toBe('b c\n');
    expect((await awk('{print $3}', 'a1b22c\n', ['-F', '[0-9]+'])).out).toBe('c\n');
  });

  it('patterns: regex, comparisons (numeric for numeric-looking fields), &&, !, BEGIN and END', async () => {
    const input = 'web 10\ndb 9\ncache 100\n';
    expect((await awk('/b/', input)).out).toBe('web 10\ndb 9\n');
    expect((await awk('$2 > 9 {print $1}', input)).out).toBe('web\ncache\n');
    expect((await awk('$1 ~ /^c/ && !/db/ { print $1 }', input)).out).toBe('cache\n');
    expect((await awk('BEGIN { n = 0 } { n += $2 } END { print "total", n, NR }', input)).out).toBe('total 119 3\n');
    expect((await awk('$2 == "10"', input)).out).toBe('web 10\n');
    expect((await awk('NR==2 { next } { print $1 }', input)).out).toBe('web\ncache\n');
  });

  it('printf, string built-ins, if/else, assignment to fields', async () => {
    expect((await awk('{ printf "%-5s|%3d|%.2f|%x\\n", $1, $2, $2 / 3, $2 }', 'ab 10\n')).out).toBe('ab   | 10|3.33|a\n');
    expect((await awk('{ print length($1), substr($1, 2, 3), index($1, "c"), toupper($1) }', 'abcdef\n')).out).toBe('6 bcd 3 ABCDEF\n');
    expect((await awk('{ if ($1 > 5) print "big"; else print "small" }', '7\n3\n')).out).toBe('big\nsmall\n');
    expect((await awk('{ $2 = "X"; print; print NF }', 'a b c\n')).out).toBe('a X c\n3\n');
    expect((await awk('BEGIN { print 1/3, 10/2, 1e6 * 10, -2^2, 2^3^2 }', '')).out).toBe('0.333333 5 10000000 -4 512\n');
    expect((await awk('BEGIN { x = 1; print x / 0 }', '')).exitCode).toBe(2);
  });

  it('exit codes: exit N, END after exit, a syntax error, a missing file', async () => {
    expect((await awk('{ exit 3 } END { print "end" }', 'a\n')).exitCode).toBe(3);
    expect((await awk('{ exit 3 } END { print "end" }', 'a\n')).out).toBe('end\n');
    const bad = await awk('{ print $1 ', 'a\n');
    expect(bad.exitCode).toBe(2);
    expect(bad.err).toMatch(/^awk: cmd\. line:1: syntax error at or near end of file\n$/);
    const missing = await run(['awk', '{print}', '/nope']);
    expect(missing).toMatchObject({ exitCode: 2, err: "awk: can't open '/nope': No such file or directory\n" });
  });

  it('reads files, and stdin line by line in a pipeline', async () => {
    expect((await run(['awk', '-F:', '$3 == 0 {print $1}', '/etc/passwd'], { files: { '/etc/passwd': 'root:x:0:0\nnobody:x:65534:65534\n' } })).out).toBe('root\n');
    expect((await sh("printf 'a 1\\nb 2\\n' | awk '{print $2}' | grep 2")).out).toBe('2\n');
  });
});
