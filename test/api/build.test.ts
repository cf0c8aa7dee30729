import http2 from 'node:http2';
import net from 'node:net';
import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { rawRequest } from '../support/raw-client.js';
import { tarOf } from '../support/tar.js';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon({ images: ['busybox:latest'] });
const api = () => apiClient(t.url);
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

describe('BuildKit h2c endpoints after the switch', () => {
  /** POST with Upgrade: h2c over raw TCP; resolves with the 101 head and the socket positioned after it. */
  async function upgradeH2c(path: string): Promise<{ head: string; socket: net.Socket; after: Buffer }> {
    const { hostname, port } = new URL(t.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 0\r\n\r\n`);
    let buffer = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.pause();
        resolve({ head: buffer.subarray(0, end + 4).toString('latin1'), socket, after: buffer.subarray(end + 4) });
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
  }

  it('/grpc switches to h2c like dockerd and answers gRPC calls as a server with no BuildKit services', async () => {
    const { head, socket, after } = await upgradeH2c('/grpc');
    expect(head).toBe(loadGolden('session', 'grpc-upgrade-h2c').response.rawHead);
    if (after.length) socket.unshift(after);
    const client = http2.connect('http://docker', { createConnection: () => socket });
    const call = client.request({ ':method': 'POST', ':path': '/moby.buildkit.v1.Control/Solve', 'content-type': 'application/grpc', te: 'trailers' });
    call.end();
    const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => call.once('response', resolve));
    expect([headers[':status'], headers['grpc-status'], decodeURIComponent(String(headers['grpc-message']))]).toEqual([200, '12', 'unknown service moby.buildkit.v1.Control']);
    client.close();
  });

  it('/session switches to h2c like dockerd and opens HTTP/2 as the client of the session', async () => {
    const { head, socket, after } = await upgradeH2c('/session');
    expect(head).toBe(loadGolden('session', 'session-upgrade-h2c').response.rawHead);
    socket.resume();
    const preface = await new Promise<Buffer>((resolve) => {
      let got = after;
      if (got.length >= 24) return resolve(got);
      socket.on('data', (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 24) resolve(got);
      });
    });
    expect(preface.subarray(0, 24).toString('latin1')).toBe('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    socket.destroy();
  });
});
