import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { rawRequest } from '../support/raw-client.js';
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
    const grpc = await api().post('/grpc');
    expect([grpc.status, grpc.body]).toEqual([500, loadGolden('session', 'grpc-no-upgrade').response.body]);
    expect((await api().post('/build/prune')).body).toEqual({ CachesDeleted: null, SpaceReclaimed: 0 });
  });

  it('/session and /grpc refuse an Upgrade to another protocol than h2c with dockerd texts', async () => {
    for (const [path, status] of [['/session', 400], ['/grpc', 500]] as const) {
      const conn = rawRequest(t.url, { method: 'POST', path, headers: { Connection: 'Upgrade', Upgrade: 'tcp' } });
      const head = await conn.head;
      expect(head.startsWith(`HTTP/1.1 ${status} `), head).toBe(true);
      expect(JSON.parse((await conn.closed).toString())).toEqual({ message: 'protocol tcp not supported' });
    }
  });

  it('/build/cancel wants an ID (400, as current dockerd) and otherwise answers 200: there is no cancellable build', async () => {
    const none = await api().post('/build/cancel');
    expect([none.status, none.body]).toEqual([400, { message: 'build ID not provided' }]);
    const res = await api().post('/build/cancel?id=abc');
    expect([res.status, res.text, res.headers['content-type']]).toEqual([200, '', 'application/json']);
  });
});
