/** ls -p and -F mark entry types after the name, as busybox ls does. */
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const files = { '/d/sub/': '', '/d/a.py': 'print(1)\n' };

describe('ls indicators', () => {
  it('-p appends / to directories only', async () => {
    expect((await run(['ls', '-p', '/d'], { files })).out).toBe('a.py\nsub/\n');
  });

  it('-F also marks executables with *', async () => {
    // The test file system makes every file 0755.
    expect((await run(['ls', '-F', '/d'], { files })).out).toBe('a.py*\nsub/\n');
  });
});
