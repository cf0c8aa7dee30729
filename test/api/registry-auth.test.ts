/** X-Registry-Auth in both modes: the forms dockerd decodes, validation against the simulated registries, nothing leaked. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const engine = useDaemon({ seed: 3 });
const classic = useDaemon({ nodes: 2, mode: 'classic', portListeners: false, seed: 3 });

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const PRIVATE = 'fromImage=private.registry.test/team/app&tag=1.0';
const SECRET = 'mockerd-secret';
const asText = (r: request.Test) => r.buffer(true).parse((res, cb) => { let s = ''; res.on('data', (d) => (s += d)); res.on('end', () => cb(null, s)); });
const DENIED = 'Head "https://private.registry.test/v2/team/app/manifests/1.0": unauthorized: authentication required';

/**
 * A refused pull: dockerd answers 500 before any progress; classic swarm always streams,
 * each node's failure as its engine client reported it, then the error line.
 */
async function refusedPull(t: typeof engine, header?: string): Promise<string> {
  let req = request(t.url).post(`/images/create?${PRIVATE}`);
  if (header) req = req.set('X-Registry-Auth', header);
  const res = await asText(req);
  if (t === engine) {
    expect(res.status).toBe(500);
    return JSON.parse(String(res.body)).message;
  }
  expect(res.status).toBe(200);
  const last = JSON.parse(String(res.body).trim().split(/\r?\n/).at(-1)!);
  expect(last.errorDetail).toEqual({ code: 1, message: last.error });
  return last.error;
}
const deniedText = (t: typeof engine) => (t === engine ? DENIED : `Error response from daemon: ${DENIED}`);

describe.each([
  ['engine mode', engine],
  ['classic mode', classic],
])('X-Registry-Auth on pulls (%s)', (_name, t) => {
  it('username/password in base64url JSON (as the CLI sends it) pulls a private image; none or a wrong password is refused', async () => {
    expect(await refusedPull(t)).toBe(deniedText(t));
    expect(await refusedPull(t, b64url({ username: 'mockerd', password: 'nope' }))).toBe(deniedText(t));
    const ok = await request(t.url).post(`/images/create?${PRIVATE}`).set('X-Registry-Auth', b64url({ username: 'mockerd', password: SECRET, email: '', serveraddress: 'private.registry.test' })).buffer(true).parse((res, cb) => { let s = ''; res.on('data', (d) => (s += d)); res.on('end', () => cb(null, s)); });
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toContain('Downloaded newer image for private.registry.test/team/app:1.0');
  });

  it('an identitytoken from POST /auth, and the legacy registrytoken, authorize pulls from a token registry', async () => {
    const login = await request(t.url).post('/auth').send({ username: 'mockerd', password: SECRET, serveraddress: 'tokens.registry.test' });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ IdentityToken: expect.stringMatching(/^[0-9a-f]{64}$/), Status: 'Login Succeeded' });
    const token = login.body.IdentityToken as string;
    const path = '/distribution/tokens.registry.test/team/none:1/json';
    expect((await request(t.url).get(path)).status).toBe(500);
    for (const creds of [{ identitytoken: token }, { registrytoken: token }]) {
      const res = await request(t.url).get(path).set('X-Registry-Auth', b64url(creds));
      expect(res.status).toBe(404); // past the credentials check: the manifest is what is missing
      expect(res.body.message).toBe('manifest for tokens.registry.test/team/none:1 not found: manifest unknown: manifest unknown');
    }
    const bogus = await request(t.url).get(path).set('X-Registry-Auth', b64url({ identitytoken: 'f'.repeat(64) }));
    expect(bogus.status).toBe(500);
  });

  it('a header that does not decode is ignored as dockerd ignores it (the pull goes on anonymously)', async () => {
    const res = await asText(request(t.url).post('/images/create?fromImage=busybox&tag=latest').set('X-Registry-Auth', 'not-base64!!'));
    expect(res.status).toBe(200);
    expect(await refusedPull(t, 'e30')).toBe(deniedText(t));
  });

  it('credentials appear in no event and no journal entry', async () => {
    await asText(request(t.url).post(`/images/create?${PRIVATE}`).set('X-Registry-Auth', b64url({ username: 'mockerd', password: SECRET })));
    const events = JSON.stringify(t.daemon.engine.events.history());
    expect(events).toContain('private.registry.test/team/app');
    expect(events).not.toContain(SECRET);
    expect(JSON.stringify(t.daemon.control.journal.list())).not.toContain(SECRET);
  });
});

describe('X-Registry-Auth on a classic-mode create: used for the pull the create triggers', () => {
  it('refused without credentials, created (and pulled onto the chosen node) with them', async () => {
    const body = { Image: 'private.registry.test/team/app:1.0', Env: ['constraint:node==node-2'] };
    await request(classic.url).delete('/images/private.registry.test/team/app:1.0?force=1');
    const denied = await request(classic.url).post('/containers/create').send(body);
    expect(denied.status).toBe(500);
    // swarm manage passed on its engine client's error for the pull it tried.
    expect(denied.body.message).toBe(`Error response from daemon: ${DENIED}`);
    const ok = await request(classic.url).post('/containers/create').set('X-Registry-Auth', b64url({ username: 'mockerd', password: SECRET, serveraddress: 'private.registry.test' })).send(body);
    expect(ok.status).toBe(201);
    const inspect = await request(classic.url).get(`/containers/${ok.body.Id}/json`);
    expect(inspect.body.Node.Name).toBe('node-2');
    const on2 = await request(classic.url).get('/images/json').query({ filters: JSON.stringify({ node: ['node-2'] }) });
    expect(on2.body.flatMap((i: any) => i.RepoTags ?? [])).toContain('private.registry.test/team/app:1.0');
  });
});

describe('X-Registry-Auth on plugin calls (privileges, pull, upgrade, push)', () => {
  const remote = 'private.registry.test/team/sshfs';
  const lastLine = (text: string) => JSON.parse(text.trim().split(/\r?\n/).at(-1)!);
  const grant = [
    { Name: 'network', Value: ['host'] },
    { Name: 'mount', Value: ['/var/lib/docker/plugins/'] },
    { Name: 'mount', Value: [''] },
    { Name: 'device', Value: ['/dev/fuse'] },
    { Name: 'capabilities', Value: ['CAP_SYS_ADMIN'] },
  ];
  const AUTH = b64url({ username: 'mockerd', password: SECRET, serveraddress: 'private.registry.test' });
  const denied = `error resolving plugin reference: Head "https://private.registry.test/v2/team/sshfs/manifests/latest": unauthorized: authentication required`;

  it('push needs credentials; privileges, pull and upgrade of the private plugin work with them only (a garbled header counts as none)', async () => {
    const u = engine.url;
    const pull = (query: string, header?: string) => {
      let req = request(u).post(`/plugins/pull?${query}`).send(grant);
      if (header) req = req.set('X-Registry-Auth', header);
      return asText(req);
    };
    expect((await pull('remote=vieux/sshfs&name=' + encodeURIComponent(remote))).status).toBe(200);
    const anonymousPush = await asText(request(u).post(`/plugins/${remote}:latest/push`));
    expect(lastLine(String(anonymousPush.body)).error).toContain('unauthorized: authentication required');
    const push = await asText(request(u).post(`/plugins/${remote}:latest/push`).set('X-Registry-Auth', AUTH));
    expect(lastLine(String(push.body))).toMatchObject({ aux: { Tag: 'latest' } });
    expect((await request(u).delete(`/plugins/${remote}:latest?force=1`)).status).toBe(200);

    for (const header of [undefined, 'not//base64!!', b64url({ username: 'mockerd', password: 'wrong' })]) {
      const priv = request(u).get(`/plugins/privileges?remote=${remote}`);
      const res = await (header ? priv.set('X-Registry-Auth', header) : priv);
      // dockerd's Privileges swallows the fetch error: an empty list, not an error.
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      const refused = await pull(`remote=${remote}`, header);
      expect(refused.status).toBe(500);
      expect(JSON.parse(String(refused.body)).message).toBe(denied);
    }
    const priv = await request(u).get(`/plugins/privileges?remote=${remote}`).set('X-Registry-Auth', AUTH);
    expect(priv.status).toBe(200);
    expect(priv.body.map((p: { Name: string }) => p.Name)).toEqual(['network', 'mount', 'mount', 'device', 'capabilities']);
    const ok = await pull(`remote=${remote}`, AUTH);
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toContain(`Downloaded newer image for ${remote}:latest`);

    const upgradeDenied = await asText(request(u).post(`/plugins/${remote}:latest/upgrade?remote=${remote}`).send(grant));
    expect(upgradeDenied.status).toBe(500);
    const upgraded = await asText(request(u).post(`/plugins/${remote}:latest/upgrade?remote=${remote}`).set('X-Registry-Auth', AUTH).send(grant));
    expect(upgraded.status).toBe(200);
    expect(JSON.stringify(engine.daemon.engine.events.history())).not.toContain(SECRET);
  });
});
