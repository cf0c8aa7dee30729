/** find as busybox runs it: a walk printing each path that passes -type/-name/-maxdepth. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const files = { '/test/a.py': '1', '/test/sub/b.txt': '2', '/test/sub/deeper/c.py': '3', '/test/empty/': '' };
const lines = (out: string) => out.split('\n').filter(Boolean).sort();

describe('find', () => {
  it('lists every path under the roots, or only files with -type f', async () => {
    expect(lines((await run(['find', '/test', '-type', 'f'], { files })).out)).toEqual(['/test/a.py', '/test/sub/b.txt', '/test/sub/deeper/c.py']);
    expect(lines((await run(['find', '/test'], { files })).out)).toEqual(['/test', '/test/a.py', '/test/empty', '/test/sub', '/test/sub/b.txt', '/test/sub/deeper', '/test/sub/deeper/c.py']);
  });

  it('-name matches the base name by glob; -maxdepth limits the walk', async () => {
    expect(lines((await run(['find', '/test', '-name', '*.py'], { files })).out)).toEqual(['/test/a.py', '/test/sub/deeper/c.py']);
    expect(lines((await run(['find', '/test', '-maxdepth', '1', '-type', 'd'], { files })).out)).toEqual(['/test', '/test/empty', '/test/sub']);
  });

  it('a missing root is reported on stderr with status 1', async () => {
    expect(await run(['find', '/nope'], { files })).toMatchObject({ exitCode: 1, err: 'find: /nope: No such file or directory\n' });
  });
});
