import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const t = useDaemon({ images: ['busybox:latest'] });
const client = () => dockerodeFor(t.daemon.dockerHost);
const drain = (stream: NodeJS.ReadableStream) => new Promise<Buffer>((resolve, reject) => {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => resolve(Buffer.concat(chunks)));
  stream.on('error', reject);
});

describe('images with dockerode', () => {
  it('pull + followProgress sees every layer complete', async () => {
    const docker = client();
    const stream = await docker.pull('nginx:latest');
    const events: any[] = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))));
    expect(events[0]).toEqual({ status: 'Pulling from library/nginx', id: 'latest' });
    expect(events.filter((e) => e.status === 'Pull complete').length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ status: 'Status: Downloaded newer image for nginx:latest' });
    expect((await docker.getImage('nginx').inspect()).RepoTags).toContain('nginx:latest');
  });

  it('a failing pull reports the error through followProgress', async () => {
    const docker = client();
    const stream = await docker.pull('flaky.registry.test/team/broken:1.0');
    const out: any[] = await new Promise((resolve) => docker.modem.followProgress(stream, (_e, res) => resolve(res)));
    expect(out.at(-1)).toEqual({ errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' });
    await expect(docker.pull('nosuchimage:latest')).rejects.toThrow(/pull access denied for nosuchimage/);
  });

  it('buildImage from a tar stream, then the image runs what it was built with', async () => {
    const docker = client();
    const tar = pack();
    tar.entry({ name: 'Dockerfile' }, 'FROM busybox\nCOPY hello.txt /hello.txt\nRUN echo built >> /hello.txt\nCMD ["cat", "/hello.txt"]\n');
    tar.entry({ name: 'hello.txt' }, 'hello\n');
    tar.finalize();
    const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, { t: 'dockerode-built:1' });
    const out: any[] = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err, res) => (err ? reject(err) : resolve(res))));
    expect(out.map((o) => o.stream ?? '').join('')).toMatch(/Successfully tagged dockerode-built:1/);
    expect(out.find((o) => o.aux)?.aux.ID).toMatch(/^sha256:[0-9a-f]{64}$/);
    const container = await docker.createContainer({ Image: 'dockerode-built:1' });
    const archive = await drain(await container.getArchive({ path: '/hello.txt' }));
    expect(archive.toString('latin1')).toContain('hello\nbuilt\n');
  });

  it('putArchive then getArchive round-trips a directory', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'busybox', Cmd: ['true'] });
    const tar = pack();
    tar.entry({ name: 'dir/', type: 'directory' });
    tar.entry({ name: 'dir/x.txt' }, 'x\n');
    tar.entry({ name: 'dir/l', type: 'symlink', linkname: 'x.txt' });
    tar.finalize();
    await container.putArchive(tar as unknown as NodeJS.ReadableStream, { path: '/tmp' });
    const info = (await container.infoArchive({ path: '/tmp/dir/l' })) as unknown as { headers: Record<string, string> };
    const stat = JSON.parse(Buffer.from(info.headers['x-docker-container-path-stat']!, 'base64').toString());
    expect(stat).toMatchObject({ name: 'l', linkTarget: 'x.txt', size: 5 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-dockerode-'));
    fs.writeFileSync(path.join(dir, 'out.tar'), await drain(await container.getArchive({ path: '/tmp/dir' })));
    expect(execFileSync('tar', ['-tvf', path.join(dir, 'out.tar')], { encoding: 'utf8' })).toMatch(/dir\/l -> x\.txt/);
  });

  it('getImage().get() then loadImage round-trips; listImages shows it', async () => {
    const docker = client();
    await docker.getImage('busybox:latest').tag({ repo: 'roundtrip', tag: '1' });
    const saved = await drain(await docker.getImage('roundtrip:1').get());
    await docker.getImage('roundtrip:1').remove();
    const loaded = await drain(await docker.loadImage(Readable.from([saved]) as unknown as NodeJS.ReadableStream));
    expect(loaded.toString()).toContain('Loaded image: roundtrip:1');
    const list = await docker.listImages({ filters: { reference: ['roundtrip'] } });
    expect(list.map((i) => i.RepoTags)).toEqual([['roundtrip:1']]);
  });
});

import { Readable } from 'node:stream';
