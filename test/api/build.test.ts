import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon({ images: ['busybox:latest'] });
const api = () => apiClient(t.url);
const tarOf = (files: Record<string, string>) =>
  new Promise<Buffer>((resolve) => {
    const p = pack();
    for (const [name, text] of Object.entries(files)) p.entry({ name }, text);
    p.finalize();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => void chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
const asText = <T extends request.Test>(req: T) =>
  req.buffer(true).parse((r, cb) => {
    let s = '';
    r.on('data', (d: Buffer) => (s += d));
    r.on('end', () => cb(null, s));
  });
/** Replace IDs so a stream can be compared with dockerd's. */
const normalise = (text: string) => text.replace(/[0-9a-f]{64}/g, '<id>').replace(/[0-9a-f]{12}/g, '<id12>');

describe('POST /build stream', () => {
  it('has the shape of dockerd\'s classic builder stream (CRLF, Step, aux, Successfully)', async () => {
    const golden = loadGolden('build', 'build-ok');
    const body = await tarOf({ Dockerfile: 'FROM busybox\nRUN echo hello > /hello\nCMD ["cat", "/hello"]\n' });
    const res = await asText(api().post('/build?t=golden-build:latest&rm=1&forcerm=1').set('Content-Type', 'application/x-tar').send(body));
    expect(res.status).toBe(200);
    expect(normalise(res.body as string)).toBe(normalise(golden.response.body as string));
  });

  it('a cached rebuild says Using cache; quiet prints only the ID', async () => {
    const body = await tarOf({ Dockerfile: 'FROM busybox\nRUN echo hello > /hello\nCMD ["cat", "/hello"]\n' });
    const cached = await asText(api().post('/build?t=golden-build:latest&rm=1').send(body));
    expect(normalise(cached.body as string)).toBe(normalise(loadGolden('build', 'build-ok-cached').response.body as string));
    const quiet = await asText(api().post('/build?q=1').send(body));
    expect(quiet.body).toMatch(/^\{"stream":"sha256:[0-9a-f]{64}\\n"\}\r\n$/);
  });

  it('a failing RUN ends with errorDetail carrying the exit code', async () => {
    const body = await tarOf({ Dockerfile: 'FROM busybox\nRUN echo about to fail && exit 7\n' });
    const res = await asText(api().post('/build?rm=1').send(body));
    const last = (res.body as string).trim().split('\r\n').pop()!;
    expect(JSON.parse(last)).toEqual(loadGolden('build', 'build-failing-run').response.jsonLines!.at(-1));
  });

  it.each([
    ['build-empty-body', '/build', undefined],
    ['build-bad-buildargs-json', '/build?buildargs=notjson', { Dockerfile: 'FROM busybox\n' }],
    ['build-empty-dockerfile', '/build', { Dockerfile: '' }],
    ['build-unknown-instruction', '/build', { Dockerfile: 'FROM busybox\nBOGUS x\n' }],
    ['build-target-missing', '/build?target=nosuchstage', { Dockerfile: 'FROM busybox\n' }],
    ['build-bad-tag', '/build?t=Bad:Tag:X', { Dockerfile: 'FROM busybox\n' }],
    ['build-cancel-no-id', '/build/cancel', undefined],
  ])('%s answers like dockerd', async (name, path, files) => {
    const golden = loadGolden('build', name);
    const req = api().post(path);
    const res = files ? await req.send(await tarOf(files)) : await req;
    expect(res.status).toBe(golden.response.status);
    expect(res.text).toBe(golden.response.bodyText);
  });

  it('BuildKit endpoints answer like a daemon without BuildKit', async () => {
    expect((await api().post('/build?version=2').send(await tarOf({ Dockerfile: 'FROM busybox\n' }))).body).toEqual({ message: 'buildkit not supported by daemon' });
    expect((await api().post('/session')).body).toEqual(loadGolden('session', 'session-no-upgrade').response.body);
    expect((await api().post('/grpc')).status).toBe(500);
    expect((await api().post('/build/prune')).body).toEqual({ CachesDeleted: null, SpaceReclaimed: 0 });
  });
});
