/** Classic-build details dockerd 20.10 shows: stderr of a RUN step coloured red in the stream, cachefrom limiting the cache. */
import { tarOf } from '../support/tar.js';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['busybox:latest'] });


describe('build stream', () => {
  it('wraps each stderr write of a RUN step in ESC[91m ... ESC[0m and leaves stdout plain', async () => {
    const body = await tarOf({ Dockerfile: 'FROM busybox\nRUN sh -c ">&2 echo on-stderr; echo on-stdout"\n' });
    const res = await apiClient(t.url).post('/build?nocache=1').set('Content-Type', 'application/x-tar').send(body)
      .buffer(true).parse((r, cb) => {
        let s = '';
        r.on('data', (d: Buffer) => (s += d));
        r.on('end', () => cb(null, s));
      });
    const streams = String(res.body).trim().split('\n').map((l) => JSON.parse(l).stream as string | undefined);
    expect(streams).toContain('\x1b[91mon-stderr\n\x1b[0m');
    expect(streams).toContain('on-stdout\n');
  });
});

describe('build cache with cachefrom', () => {
  const dockerfile = 'FROM busybox\nENV FOO=bar\nRUN touch /baz\nRUN touch /bax\n';
  const build = async (query: string) => {
    const res = await apiClient(t.url).post(`/build?${query}`).set('Content-Type', 'application/x-tar').send(await tarOf({ Dockerfile: dockerfile }))
      .buffer(true).parse((r, cb) => {
        let s = '';
        r.on('data', (d: Buffer) => (s += d));
        r.on('end', () => cb(null, s));
      });
    return String(res.body).split('\n').filter((l) => l.includes('Using cache')).length;
  };

  it('uses the local cache only through the images cachefrom names (and their parents), as dockerd 20.10', async () => {
    expect(await build('t=cache-src')).toBe(0);
    expect(await build(`t=cache-hit&cachefrom=${encodeURIComponent('["cache-src"]')}`)).toBe(3);
    expect(await build(`t=cache-miss&cachefrom=${encodeURIComponent('["nosuchtag"]')}`)).toBe(0);
    expect(await build('t=cache-default')).toBe(3);
  });
});

describe('build RUN steps and names', () => {
  const build = async (query: string, dockerfile: string) => {
    const res = await apiClient(t.url).post(`/build?${query}`).set('Content-Type', 'application/x-tar').send(await tarOf({ Dockerfile: dockerfile }))
      .buffer(true).parse((r, cb) => {
        let s = '';
        r.on('data', (d: Buffer) => (s += d));
        r.on('end', () => cb(null, s));
      });
    return String(res.body);
  };

  it('extrahosts (repeated) are in /etc/hosts and resolve; the file is not committed into the image', async () => {
    const out = await build('t=extrahosts-img&extrahosts=one.test:127.0.0.1&extrahosts=two.test:10.1.2.3',
      'FROM busybox\nRUN ping -c1 one.test\nRUN ping -c1 two.test\nRUN cp /etc/hosts /hosts-file && cat /hosts-file\n');
    expect(out).not.toContain('errorDetail');
    expect(out).toContain('127.0.0.1\\tone.test\\n10.1.2.3\\ttwo.test\\n');
    const changes = await apiClient(t.url).get('/images/extrahosts-img/history');
    expect(changes.status).toBe(200);
  });

  it('networkmode lets RUN resolve the names of containers on that network', async () => {
    const api = apiClient(t.url);
    const net = (await api.post('/networks/create').send({ Name: 'build-net' })).body.Id as string;
    const target = (await api.post('/containers/create').send({ Image: 'busybox', Cmd: ['sleep', '1000'] })).body.Id as string;
    await api.post(`/containers/${target}/start`);
    await api.post(`/networks/${net}/connect`).send({ Container: target, EndpointConfig: { Aliases: ['pingtarget.docker'] } });
    expect(await build(`networkmode=${net}`, 'FROM busybox\nRUN ping -c1 pingtarget.docker\n')).not.toContain('errorDetail');
    expect(await build('networkmode=none&nocache=1', 'FROM busybox\nRUN ping -c1 pingtarget.docker\n')).toContain('errorDetail');
  });
});
