import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { extract, pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import {
  archivePath, ArchiveError, commitLayer, exportTar, extractTar, fileNode, layerFromTar, LayeredFs, Layer,
  tarBuffer, treeFromEntries, type TarEntry,
} from '../../../src/engine/fs/index.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listTar(buf: Buffer): Promise<{ name: string; type: string; body: string; mode: number }[]> {
  const out: { name: string; type: string; body: string; mode: number }[] = [];
  const ex = extract();
  const done = (async () => {
    for await (const e of ex) {
      const body = await collect(e as unknown as Readable);
      out.push({ name: e.header.name, type: e.header.type!, body: body.toString(), mode: e.header.mode! });
    }
  })();
  ex.end(buf);
  await done;
  return out;
}

function image(): LayeredFs {
  const layer = new Layer(
    treeFromEntries(
      [
        ['/etc/passwd', fileNode(Buffer.from('root\n'))],
        ['/bin/busybox', fileNode(Buffer.from('BB'), { mode: 0o755 })],
        ['/bin/sh', { kind: 'symlink', target: '/bin/busybox', mode: 0o777, uid: 0, gid: 0, mtime: 0 }],
      ],
      Date.parse('2024-01-01T00:00:00Z'),
    ),
  );
  return new LayeredFs([layer], { now: () => Date.parse('2024-02-02T00:00:00Z') });
}

function tarOf(entries: { name: string; body?: string; type?: 'file' | 'directory' }[]): Readable {
  const p = pack();
  for (const e of entries) p.entry({ name: e.name, type: e.type ?? 'file', mode: 0o644, uid: 1000, gid: 1000, mtime: new Date(0) }, e.body ?? '');
  p.finalize();
  return Readable.from(p as unknown as AsyncIterable<Buffer>);
}

describe('tar', () => {
  it('writes the same bytes as tar-stream pack', async () => {
    const entries: TarEntry[] = [
      { name: 'a', type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: 0 },
      { name: 'a/f', type: 'file', mode: 0o644, uid: 1, gid: 2, mtime: 1000, content: Buffer.from('hi') },
      { name: 'a/' + 'x'.repeat(120) + '/é', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: Buffer.from('long') },
      { name: 'a/l', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 0, linkname: 'f' },
    ];
    const p = pack();
    for (const e of entries) {
      p.entry({ name: e.type === 'directory' ? e.name + '/' : e.name, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, mtime: new Date(e.mtime), linkname: e.linkname }, (e.content as Buffer | undefined) ?? null as unknown as Buffer);
    }
    p.finalize();
    const expected = await collect(Readable.from(p as unknown as AsyncIterable<Buffer>));
    expect(tarBuffer(entries).equals(expected)).toBe(true);
  });

  it('exports the merged fs and extracts it back', async () => {
    const fs = image();
    fs.writeFile('/etc/new', Buffer.from('new'));
    fs.remove('/etc/passwd');
    const listed = await listTar(await collect(exportTar(fs)));
    expect(listed.map((e) => e.name)).toEqual(['bin/', 'bin/busybox', 'bin/sh', 'etc/', 'etc/new']);
    const target = new LayeredFs([]);
    await extractTar(target, '/', Readable.from([await collect(exportTar(fs))]), { copyUIDGID: true });
    expect(target.readFile('/etc/new')!.toString()).toBe('new');
    expect(target.stat('/bin/sh', { noFollow: true })!.linkTarget).toBe('/bin/busybox');
  });

  it('archives a path with dockerd-style stat', async () => {
    const fs = image();
    fs.mkdir('/data');
    fs.writeFile('/data/hello.txt', Buffer.from('hello\n'));
    const file = archivePath(fs, '/data/hello.txt');
    expect(file.stat).toEqual({ name: 'hello.txt', size: 6, mode: 420, mtime: '2024-02-02T00:00:00Z', linkTarget: '' });
    expect(await listTar(await collect(file.tar))).toEqual([{ name: 'hello.txt', type: 'file', body: 'hello\n', mode: 0o644 }]);
    expect(archivePath(fs, '/data').stat.mode).toBe(2147484141);
    expect(archivePath(fs, '/bin/sh').stat).toMatchObject({ mode: 134218239, linkTarget: '/bin/busybox' });
    const dir = await listTar(await collect(archivePath(fs, '/data').tar));
    expect(dir.map((e) => e.name)).toEqual(['data/', 'data/hello.txt']);
    const contents = await listTar(await collect(archivePath(fs, '/data/.').tar));
    expect(contents.map((e) => e.name)).toEqual(['hello.txt']);
  });

  it('rejects escaping paths, bad tars and read-only roots writing nothing', async () => {
    const fs = image();
    await expect(extractTar(fs, '/etc', tarOf([{ name: 'ok.txt' }, { name: '../../evil' }]))).rejects.toThrow(ArchiveError);
    expect(fs.stat('/etc/ok.txt')).toBeUndefined();
    await expect(extractTar(fs, '/etc', Readable.from([Buffer.alloc(640, 'x')]))).rejects.toThrow(/invalid tar header/);
    const ro = image();
    ro.readOnly = true;
    await expect(extractTar(ro, '/etc', tarOf([{ name: 'x' }]))).rejects.toThrow(/read-only/);
    await expect(extractTar(fs, '/etc/passwd', tarOf([{ name: 'x' }]))).rejects.toThrow('extraction point is not a directory');
    await expect(extractTar(fs, '/nope', tarOf([{ name: 'x' }]))).rejects.toThrow(/Could not find/);
    expect(fs.upper).toBeUndefined();
  });

  it('extracts with owners reset unless copyUIDGID, and honours noOverwriteDirNonDir', async () => {
    const fs = image();
    await extractTar(fs, '/etc', tarOf([{ name: 'd', type: 'directory' }, { name: 'd/f', body: 'x' }]));
    expect(fs.stat('/etc/d/f')).toMatchObject({ uid: 0, gid: 0, size: 1 });
    await extractTar(fs, '/etc', tarOf([{ name: 'g', body: 'y' }]), { copyUIDGID: true });
    expect(fs.stat('/etc/g')).toMatchObject({ uid: 1000, gid: 1000 });
    await expect(extractTar(fs, '/etc', tarOf([{ name: 'passwd', type: 'directory' }]), { noOverwriteDirNonDir: true })).rejects.toThrow(
      /cannot overwrite non-directory/,
    );
    await expect(extractTar(fs, '/etc', Readable.from([Buffer.alloc(0)]))).resolves.toBeUndefined();
  });

  it('commits the upper layer with whiteouts and loads it back', async () => {
    const fs = image();
    fs.writeFile('/etc/motd', Buffer.from('hi'));
    fs.remove('/bin/sh');
    const layer = commitLayer(fs);
    const tar = await collect(layer.tar());
    expect((await listTar(tar)).map((e) => e.name)).toEqual(['bin/', 'bin/.wh.sh', 'etc/', 'etc/motd']);
    expect(layer.diffId).toBe('sha256:' + createHash('sha256').update(tar).digest('hex'));
    const loaded = await layerFromTar(Readable.from([tar]));
    expect(loaded.diffId).toBe(layer.diffId);
    const base = image();
    const stacked = new LayeredFs([new Layer(base.lower), loaded]);
    expect(stacked.stat('/bin/sh')).toBeUndefined();
    expect(stacked.readFile('/etc/motd')!.toString()).toBe('hi');
    expect(stacked.readFile('/etc/passwd')!.toString()).toBe('root\n');
  });
});
