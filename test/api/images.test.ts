import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon({ images: ['busybox:latest', 'alpine:latest'] });
const api = () => apiClient(t.url);
const auth = (creds: object) => Buffer.from(JSON.stringify(creds)).toString('base64url');
/** Progress streams are JSON objects separated by CRLF: read them as text. */
const asText = <T extends request.Test>(req: T) =>
  req.buffer(true).parse((r, cb) => {
    let s = '';
    r.on('data', (d: Buffer) => (s += d));
    r.on('end', () => cb(null, s));
  });
const lines = (text: string) => text.split('\r\n').filter(Boolean).map((l) => JSON.parse(l));

describe('image endpoints: dockerd texts and status codes', () => {
  it.each([
    ['tag-bad-repo-uppercase'], ['tag-bad-repo-space'], ['tag-bad-tag'], ['tag-no-repo'], ['tag-repo-with-digest'],
    ['tag-sha256-as-repo'], ['tag-64hex-as-repo'], ['tag-not-found'], ['remove-not-found'], ['history-not-found'],
    ['get-not-found'], ['push-no-auth'], ['create-from-invalid-ref'],
    ['create-bad-platform'], ['commit-not-found'], ['commit-bad-changes'], ['import-bad-tar'], ['load-garbage'], ['search-bad-limit'],
  ])('%s answers like dockerd', async (name) => {
    const ex = loadGolden('images', name);
    const req = api()[ex.request.method.toLowerCase() as 'get'](ex.request.path.replace(/container=[0-9a-f]{64}/, 'container=nosuch'));
    if (ex.request.headers['x-registry-auth']) req.set('X-Registry-Auth', ex.request.headers['x-registry-auth']);
    const body = ex.request.body as { base64?: string } | null;
    const res = body?.base64 || ['load-garbage'].includes(name) ? await asText(req).set('Content-Type', 'application/x-tar').send(Buffer.from(body?.base64 ?? "", 'base64')) : await req;
    if (name === 'commit-bad-changes') {
      expect(res.status).toBe(404); // the recorded container is not here; the change check is covered below
      return;
    }
    expect(res.status).toBe(ex.response.status);
    const text = typeof res.body === 'string' ? res.body : res.text;
    expect(text).toBe(ex.response.bodyText);
  });

  it('list: newest shape with arrays, older versions get VirtualSize and <none>', async () => {
    const res = await api().get('/images/json');
    expect(res.status).toBe(200);
    const busybox = res.body.find((i: any) => i.RepoTags.includes('busybox:latest'));
    expect(Object.keys(busybox)).toEqual(['Containers', 'Created', 'Id', 'Labels', 'ParentId', 'RepoDigests', 'RepoTags', 'SharedSize', 'Size']);
    const old = await api().get('/v1.41/images/json');
    expect(old.body[0]).toHaveProperty('VirtualSize');
    expect(old.body[0].Containers).toBe(-1);
  });

  it('inspect 404 and a 400 for a malformed reference', async () => {
    expect((await api().get('/images/nosuchimage/json')).body).toEqual({ message: 'No such image: nosuchimage:latest' });
    const bad = await api().get('/images/Bad:Ref:X/json');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('invalid reference format: repository name must be lowercase');
  });

  it('pull streams dockerd progress messages separated by CRLF', async () => {
    const res = await asText(api().post('/images/create?fromImage=redis&tag=latest'));
    expect(res.status).toBe(200);
    const msgs = lines(res.body as string);
    expect(msgs[0]).toEqual({ status: 'Pulling from library/redis', id: 'latest' });
    expect(msgs.find((m) => m.status === 'Downloading')).toEqual({
      status: 'Downloading', progressDetail: { current: expect.any(Number), total: expect.any(Number) }, progress: expect.stringMatching(/^\[=*>\s*\]\s+\S+\/\S+$/), id: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(msgs.at(-2).status).toMatch(/^Digest: sha256:[0-9a-f]{64}$/);
    expect(msgs.at(-1)).toEqual({ status: 'Status: Downloaded newer image for redis:latest' });
  });

  it('pull auth: private registry with and without X-Registry-Auth; rate limits as configured', async () => {
    const denied = await api().post('/images/create?fromImage=private.registry.test/team/app&tag=1.0');
    expect(denied.status).toBe(500);
    expect(denied.body.message).toBe('Head "https://private.registry.test/v2/team/app/manifests/1.0": unauthorized: authentication required');
    const wrong = await api().post('/images/create?fromImage=private.registry.test/team/app&tag=1.0').set('X-Registry-Auth', auth({ username: 'mockerd', password: 'x' }));
    expect(wrong.status).toBe(500);
    const ok = await asText(api().post('/images/create?fromImage=private.registry.test/team/app&tag=1.0').set('X-Registry-Auth', auth({ username: 'mockerd', password: 'mockerd-secret', serveraddress: 'private.registry.test' })));
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('Status: Downloaded newer image for private.registry.test/team/app:1.0');
  });

  it('a mid-stream failure ends the stream with errorDetail', async () => {
    const res = await asText(api().post('/images/create?fromImage=flaky.registry.test/team/broken&tag=1.0'));
    expect(res.status).toBe(200);
    const msgs = lines(res.body as string);
    expect(msgs.at(-1)).toEqual({ errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' });
  });

  it('image events: pull, tag, untag, delete', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    await asText(api().post('/images/create?fromImage=hello-world&tag=latest'));
    await api().post('/images/hello-world/tag?repo=hw&tag=1');
    await api().delete('/images/hw:1');
    await api().delete('/images/hello-world');
    const until = Math.floor(Date.now() / 1000) + 1;
    const res = await asText(api().get(`/events?since=${since}&until=${until}&filters=${encodeURIComponent(JSON.stringify({ type: ['image'] }))}`));
    const actions = (res.body as string).split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((e) => `${e.Action} ${e.Actor.Attributes.name}`);
    expect(actions).toEqual(expect.arrayContaining(['pull hello-world', 'tag hw:1', 'delete ' + actions.find((a) => a.startsWith('delete'))!.slice(7)]));
    expect(actions.filter((a) => a.startsWith('untag')).length).toBe(3); // hw:1, hello-world:latest and its digest
  });

  it('distribution inspect and search', async () => {
    const dist = await api().get('/distribution/alpine:latest/json');
    expect(dist.status).toBe(200);
    expect(dist.body.Descriptor).toEqual({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: expect.stringMatching(/^sha256:/), size: expect.any(Number) });
    expect(dist.body.Platforms).toEqual([{ architecture: 'amd64', os: 'linux' }]);
    expect((await api().get('/distribution/Bad:Ref:X/json')).status).toBe(400);
    const search = await api().get('/images/search?term=alpine&limit=5');
    expect(search.body[0]).toEqual({ star_count: expect.any(Number), is_official: true, name: 'alpine', is_automated: false, description: expect.any(String) });
  });
});

describe('image attestations (API 1.55)', () => {
  it('answers 501 like a graphdriver dockerd: its legacy image store keeps no attestation manifests', async () => {
    for (const path of ['/v1.55/images/busybox/attestations', '/images/nosuch/attestations?statement=1&type=https://slsa.dev/provenance/v0.2']) {
      const res = await api().get(path);
      expect(res.status, path).toBe(501);
      expect(res.body).toEqual({ message: 'the legacy image store does not support attestations' });
    }
  });

  it('checks the platform parameter first, with dockerd texts', async () => {
    const platform = (value: string) => `platform=${encodeURIComponent(value)}`;
    const cases: [string, string][] = [
      [`${platform('{"os":"linux","architecture":"amd64"}')}&${platform('{"os":"linux","architecture":"arm64"}')}`, 'only one platform value is currently supported'],
      [platform('linux/amd64'), "failed to parse platform: invalid character 'l' looking for beginning of value"],
      [platform('{"os":"linux"}'), 'both OS and Architecture must be provided'],
      [platform('{"variant":"v8"}'), 'optional platform fields provided, but OS and Architecture are missing'],
    ];
    for (const [query, message] of cases) {
      const res = await api().get(`/images/busybox/attestations?${query}`);
      expect([res.status, res.body], query).toEqual([400, { message }]);
    }
    expect((await api().get(`/images/busybox/attestations?${platform('{"os":"linux","architecture":"amd64"}')}`)).status).toBe(501);
  });

  it('does not exist before API 1.55: dockerd\'s minimum-version answer', async () => {
    const res = await request(t.url).get('/v1.54/images/busybox/attestations');
    expect([res.status, res.body]).toEqual([400, { message: 'GET /images/{name:.*}/attestations requires minimum API version 1.55' }]);
  });
});

describe('image prune and save of several images', () => {
  it('prune removes dangling images only, and refuses unknown filters', async () => {
    const created = await api().post('/containers/create').send({ Image: 'busybox', Cmd: ['true'] });
    const committed = await api().post(`/commit?container=${created.body.Id}`).send({});
    expect(committed.status).toBe(201);
    const dangling = committed.body.Id as string;
    const pruned = await api().post('/images/prune');
    expect(pruned.status).toBe(200);
    expect(pruned.body.ImagesDeleted).toContainEqual({ Deleted: dangling });
    expect((await api().get(`/images/${dangling}/json`)).status).toBe(404);
    expect((await api().get('/images/busybox/json')).status).toBe(200);
    const bad = await api().post(`/images/prune?filters=${encodeURIComponent('{"bogus":["1"]}')}`);
    expect([bad.status, bad.body]).toEqual([400, { message: "invalid filter 'bogus'" }]);
    await api().delete(`/containers/${created.body.Id}`);
  });

  it('GET /images/get saves the named images into one docker-archive tar', async () => {
    const res = await api().get('/images/get?names=busybox&names=alpine').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const manifest = await tarEntry(res.body as Buffer, 'manifest.json');
    const tags = (JSON.parse(manifest) as { RepoTags: string[] }[]).flatMap((m) => m.RepoTags);
    expect(tags.sort()).toEqual(['alpine:latest', 'busybox:latest']);
    const missing = await api().get('/images/get?names=busybox&names=nosuch');
    expect(missing.status).toBe(404);
  });
});

async function tarEntry(tar: Buffer, name: string): Promise<string> {
  const extract = (await import('tar-stream')).extract();
  let found = '';
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d) => chunks.push(d as Buffer));
    stream.on('end', () => {
      if (header.name === name) found = Buffer.concat(chunks).toString('utf8');
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  extract.end(tar);
  await done;
  return found;
}
