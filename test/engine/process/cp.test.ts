/** cp as busybox runs it: files, into directories, -r trees, and its error texts. */
import { describe, expect, it } from 'vitest';
import { sh } from './helpers.js';

const files = { '/src/a.txt': 'alpha\n', '/src/sub/b.txt': 'beta\n', '/dst/': '' };

describe('cp', () => {
  it('copies a file to a new name and into a directory', async () => {
    const r = await sh('cp /src/a.txt /copy.txt && cp /src/a.txt /dst && cat /copy.txt /dst/a.txt', { files });
    expect(r).toMatchObject({ exitCode: 0, out: 'alpha\nalpha\n' });
  });

  it('copies a directory tree with -r and refuses one without it', async () => {
    expect(await sh('cp -r /src /tree && cat /tree/sub/b.txt', { files })).toMatchObject({ exitCode: 0, out: 'beta\n' });
    expect(await sh('cp /src /nope', { files })).toMatchObject({ exitCode: 1, err: "cp: omitting directory '/src'\n" });
  });

  it('reports a missing source and a missing operand', async () => {
    expect(await sh('cp /missing /x', { files })).toMatchObject({ exitCode: 1, err: "cp: can't stat '/missing': No such file or directory\n" });
    expect(await sh('cp /src/a.txt', { files })).toMatchObject({ exitCode: 1, err: 'cp: missing file operand\n' });
  });
});
