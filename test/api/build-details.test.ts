/** Classic-build details dockerd 20.10 shows: stderr of a RUN step coloured red in the stream, cachefrom limiting the cache. */
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['busybox:latest'] });

function tarOf(files: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve) => {
    const p = pack();
    for (const [name, text] of Object.entries(files)) p.entry({ name }, text);
    p.finalize();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => void chunks.push(c as Buffer));
    p.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

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
