import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { pack } from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon({ images: ['busybox:latest'] });
const api = () => apiClient(t.url);
let id = '';
const stat = (res: request.Response) => JSON.parse(Buffer.from(res.headers['x-docker-container-path-stat']!, 'base64').toString());
const tarOf = (entries: { name: string; body?: string; type?: 'directory' | 'symlink'; linkname?: string }[]) =>
  new Promise<Buffer>((resolve) => {
    const p = pack();
    for (const e of entries) p.entry({ name: e.name, type: e.type, linkname: e.linkname }, e.body ?? "");
    p.finalize();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => void chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });

beforeAll(async () => {
  id = (await api().post('/containers/create').send({ Image: 'busybox', Cmd: ['true'] })).body.Id;
});

describe('container archive endpoints', () => {
  it('HEAD gives the stat header of files, directories and symlinks (not followed)', async () => {
    const sh = await api().head(`/containers/${id}/archive?path=/bin/sh`);
    expect(sh.status).toBe(200);
    // A symlink's Go FileMode (ModeSymlink | 0777), as dockerd reported for busybox's /bin/sh.
    const golden = stat({ headers: loadGolden('containers', 'archive-head-symlink').response.headers } as unknown as request.Response);
    expect(stat(sh)).toMatchObject({ name: 'sh', mode: golden.mode, linkTarget: 'busybox' });
    const root = await api().head(`/containers/${id}/archive?path=/etc`);
    expect(stat(root)).toMatchObject({ name: 'etc', size: 4096, mode: 2147484141 });
  });

  it('PUT then GET round-trips a directory; relative paths are from /', async () => {
    const tar = await tarOf([{ name: 'put/', type: 'directory' }, { name: 'put/a.txt', body: 'put content\n' }, { name: 'put/l', type: 'symlink', linkname: 'a.txt' }]);
    const put = await api().put(`/containers/${id}/archive?path=/tmp`).set('Content-Type', 'application/x-tar').send(tar);
    expect(put.status).toBe(200);
    const head = await api().head(`/containers/${id}/archive?path=tmp/put/a.txt`);
    expect(stat(head)).toMatchObject({ name: 'a.txt', size: 12, mode: 420 });
    const get = await api().get(`/containers/${id}/archive?path=/tmp/put`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(get.headers['content-type']).toBe('application/x-tar');
    expect((get.body as Buffer).toString('latin1')).toContain('put content');
  });

  it.each([
    ['no path', 'get', '', 400, 'bad parameter: pathcannot be empty'],
    ['a missing file', 'get', '?path=/nope', 404, `Could not find the file /nope in container CID`],
    ['a missing container', 'put', '?path=/tmp', 404, 'No such container: nosuch'],
    ['a file as extraction point', 'put', '?path=/etc/passwd', 500, 'extraction point is not a directory'],
    ['a missing extraction point', 'put', '?path=/nope/deeper', 404, 'Could not find the file /nope/deeper in container CID'],
  ])('%s: dockerd status and text', async (_what, method, query, status, message) => {
    const target = message.includes('nosuch') ? 'nosuch' : id;
    const tar = await tarOf([{ name: 'x.txt', body: 'x' }]);
    const req = method === 'get' ? api().get(`/containers/${target}/archive${query}`) : api().put(`/containers/${target}/archive${query}`).send(tar);
    const res = await req;
    expect(res.status).toBe(status);
    expect(res.body.message).toBe(message.replace('CID', id));
  });

  it('bad tars, escaping paths and noOverwriteDirNonDir write nothing', async () => {
    const bad = await api().put(`/containers/${id}/archive?path=/tmp`).send(Buffer.from('not a tar'.repeat(100)));
    expect(bad.status).toBe(500);
    expect(bad.body.message).toBe('Error processing tar file(exit status 1): archive/tar: invalid tar header');
    const escaping = await api().put(`/containers/${id}/archive?path=/tmp`).send(await tarOf([{ name: '../../etc/evil', body: 'x' }]));
    expect(escaping.status).toBe(500);
    expect((await api().head(`/containers/${id}/archive?path=/etc/evil`)).status).toBe(404);
    const over = await api().put(`/containers/${id}/archive?path=/&noOverwriteDirNonDir=1`).send(await tarOf([{ name: 'tmp', body: 'x' }]));
    expect(over.status).toBe(500);
    expect(over.body.message).toMatch(/cannot overwrite directory "\/tmp" with non-directory/);
  });

  it('a read-only root file system refuses writes', async () => {
    const ro = (await api().post('/containers/create').send({ Image: 'busybox', Cmd: ['true'], HostConfig: { ReadonlyRootfs: true } })).body.Id;
    const res = await api().put(`/containers/${ro}/archive?path=/tmp`).send(await tarOf([{ name: 'x.txt', body: 'x' }]));
    expect(res.status).toBe(500);
    expect(res.body.message).toBe('container rootfs is marked read-only');
  });
});
