import { describe, expect, it } from 'vitest';
import { changes, FsError, FsTree, LayeredFs, Layer, treeFromEntries, fileNode } from '../../../src/engine/fs/index.js';

function baseLayer(): Layer {
  return new Layer(
    treeFromEntries(
      [
        ['/etc/passwd', fileNode(Buffer.from('root:x:0:0::/root:/bin/sh\n'))],
        ['/etc/group', fileNode(Buffer.from('root:x:0:\n'))],
        ['/bin/busybox', fileNode(Buffer.from('BB'), { mode: 0o755 })],
        ['/bin/sh', { kind: 'symlink', target: 'busybox', mode: 0o777, uid: 0, gid: 0, mtime: 0 }],
        ['/usr/bin', { kind: 'symlink', target: '/bin', mode: 0o777, uid: 0, gid: 0, mtime: 0 }],
        ['/loop', { kind: 'symlink', target: '/loop', mode: 0o777, uid: 0, gid: 0, mtime: 0 }],
        ['/tmp', { kind: 'dir', children: new Map(), mode: 0o1777, uid: 0, gid: 0, mtime: 0 }],
      ],
      1000,
    ),
  );
}

describe('LayeredFs', () => {
  it('writes go to the upper layer; the lower layer is untouched', () => {
    const layer = baseLayer();
    const a = new LayeredFs([layer]);
    const b = new LayeredFs([layer]);
    a.writeFile('/etc/passwd', Buffer.from('changed\n'));
    expect(a.readFile('/etc/passwd')!.toString()).toBe('changed\n');
    expect(b.readFile('/etc/passwd')!.toString()).toContain('root:x:0');
    expect(a.lower).toBe(b.lower);
  });

  it('an unused fs has no upper layer', () => {
    const fs = new LayeredFs([baseLayer()]);
    fs.readFile('/etc/passwd');
    expect(fs.upper).toBeUndefined();
  });

  it('deletes with a whiteout and reports changes like dockerd', () => {
    const fs = new LayeredFs([baseLayer()], { now: () => 5000 });
    fs.mkdir('/data/sub', { parents: true });
    fs.writeFile('/etc/passwd', Buffer.from('x'), { append: true });
    fs.remove('/etc/group');
    fs.writeFile('/tmp/hello.txt', Buffer.from('hello\n'));
    expect(fs.stat('/etc/group')).toBeUndefined();
    expect(fs.readDir('/etc')).toEqual(['passwd']);
    expect(changes(fs)).toEqual([
      { Path: '/data', Kind: 1 },
      { Path: '/data/sub', Kind: 1 },
      { Path: '/etc', Kind: 0 },
      { Path: '/etc/passwd', Kind: 0 },
      { Path: '/etc/group', Kind: 2 },
      { Path: '/tmp', Kind: 0 },
      { Path: '/tmp/hello.txt', Kind: 1 },
    ]);
  });

  it('a directory recreated after deletion hides the old contents', () => {
    const fs = new LayeredFs([baseLayer()]);
    fs.remove('/etc', { recursive: true });
    fs.mkdir('/etc');
    expect(fs.readDir('/etc')).toEqual([]);
    fs.writeFile('/etc/new', Buffer.from('n'));
    expect(fs.readDir('/etc')).toEqual(['new']);
  });

  it('follows absolute and relative symlinks and detects loops', () => {
    const fs = new LayeredFs([baseLayer()]);
    expect(fs.stat('/bin/sh')!.kind).toBe('file');
    expect(fs.stat('/bin/sh', { noFollow: true })).toMatchObject({ kind: 'symlink', linkTarget: 'busybox' });
    expect(fs.readFile('/usr/bin/sh')!.toString()).toBe('BB');
    expect(fs.readFile('/usr/bin/../etc/passwd')!.toString()).toContain('root'); // physical '..'
    expect(fs.readFile('/bin/../etc/passwd')!.toString()).toContain('root');
    expect(() => fs.resolve('/loop', true)).toThrow(FsError);
    expect(fs.stat('/loop')).toBeUndefined();
    fs.writeFile('/usr/bin/new', Buffer.from('via link'));
    expect(fs.readFile('/bin/new')!.toString()).toBe('via link');
  });

  it('errors with errno codes', () => {
    const fs = new LayeredFs([baseLayer()]);
    expect(() => fs.writeFile('/nope/x', Buffer.from(''))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => fs.writeFile('/etc', Buffer.from(''))).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => fs.mkdir('/etc')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => fs.remove('/etc')).toThrow(expect.objectContaining({ code: 'ENOTEMPTY' }));
    expect(() => fs.writeFile('/etc/passwd/x', Buffer.from(''))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('a read-only root refuses writes with EROFS', () => {
    const fs = new LayeredFs([baseLayer()], { readOnly: true });
    expect(() => fs.writeFile('/tmp/x', Buffer.from(''))).toThrow(expect.objectContaining({ code: 'EROFS' }));
    expect(() => fs.remove('/etc/group')).toThrow(expect.objectContaining({ code: 'EROFS' }));
    expect(fs.upper).toBeUndefined();
  });

  it('a volume mounted in two file systems is shared', () => {
    const volume = FsTree.empty();
    const a = new LayeredFs([baseLayer()], { readOnly: true });
    const b = new LayeredFs([baseLayer()]);
    a.mount('/data', volume);
    b.mount('/srv/data', volume);
    a.writeFile('/data/shared.txt', Buffer.from('from a'));
    expect(b.readFile('/srv/data/shared.txt')!.toString()).toBe('from a');
    expect(b.readDir('/srv')).toEqual(['data']);
    expect(changes(a)).toEqual([]);
    b.mount('/ro', FsTree.empty(), { readOnly: true });
    expect(() => b.writeFile('/ro/x', Buffer.from(''))).toThrow(expect.objectContaining({ code: 'EROFS' }));
  });

  it('copies image content into a fresh volume with copyUp', () => {
    const fs = new LayeredFs([baseLayer()]);
    const vol = FsTree.empty();
    fs.mount('/etc', vol, { copyUp: true });
    expect(fs.readDir('/etc')).toEqual(['group', 'passwd']);
    fs.writeFile('/etc/passwd', Buffer.from('v'));
    expect(new LayeredFs([baseLayer()]).readFile('/etc/passwd')!.toString()).toContain('root');
  });
});
