import { apiClient } from '../support/api-client.js';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon();

describe('/_ping', () => {
  it('answers GET with OK and the headers clients negotiate with', async () => {
    const res = await apiClient(t.url).get('/_ping');
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
    expect(res.headers['api-version']).toBe('1.55');
    expect(res.headers['ostype']).toBe('linux');
    expect(res.headers['server']).toMatch(/^Docker\/\d+\.\d+\.\d+ \(linux\)$/);
    expect(res.headers['builder-version']).toBe('1');
    expect(res.headers['docker-experimental']).toBe('false');
    expect(res.headers['swarm']).toBe('inactive');
    expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(res.headers['pragma']).toBe('no-cache');
  });

  it('answers HEAD with the same headers and no body', async () => {
    const res = await apiClient(t.url).head('/_ping');
    expect(res.status).toBe(200);
    expect(res.headers['api-version']).toBe('1.55');
    expect(res.text ?? '').toBe('');
  });
});

describe('API versions', () => {
  it('serves every version from 1.24 to 1.55 under /v1.NN', async () => {
    for (let minor = 24; minor <= 55; minor++) {
      const res = await apiClient(t.url).get(`/v1.${minor}/version`);
      expect(res.status, `1.${minor}`).toBe(200);
    }
  });

  it('refuses a too-new version with dockerd text and headers', async () => {
    const res = await apiClient(t.url).get('/v1.99/version');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'client version 1.99 is too new. Maximum supported API version is 1.55' });
    expect(res.headers['api-version']).toBe('1.55');
    expect(res.headers['server']).toBeDefined();
  });

  it('refuses a too-old version with dockerd text', async () => {
    const res = await apiClient(t.url).get('/v1.23/info');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version',
    );
  });

  it('shapes responses for the negotiated version', async () => {
    const newest = (await apiClient(t.url).get('/info')).body;
    const old = (await apiClient(t.url).get('/v1.41/info')).body;
    expect(newest).toHaveProperty('Containerd');
    expect(newest).not.toHaveProperty('KernelMemoryTCP');
    expect(old).not.toHaveProperty('Containerd');
    expect(old).not.toHaveProperty('CDISpecDirs');
    expect(old).toHaveProperty('KernelMemoryTCP', true);
    expect(old).toHaveProperty('CgroupVersion');
    const v124 = (await apiClient(t.url).get('/v1.24/version')).body;
    expect(v124).not.toHaveProperty('Components');
  });
});

describe('errors', () => {
  it('answers an unknown path with page not found and no daemon headers', async () => {
    const res = await apiClient(t.url).get('/v1.41/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'page not found' });
    expect(res.headers['api-version']).toBeUndefined();
    expect(res.headers['server']).toBeUndefined();
  });

  it('answers an unknown method on a known path with page not found', async () => {
    const res = await apiClient(t.url).delete('/info');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'page not found' });
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await apiClient(t.url).post('/auth').set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^invalid JSON: /);
  });

  it('rejects a body of the wrong type with Go-style wording', async () => {
    const res = await apiClient(t.url).post('/auth').set('Content-Type', 'application/json').send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('json: cannot unmarshal array into Go value of type registry.AuthConfig');
  });

  it('rejects a JSON body sent with another content type', async () => {
    const res = await apiClient(t.url).post('/auth').set('Content-Type', 'text/plain').send('{}');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("unsupported Content-Type header (text/plain): must be 'application/json'");
  });

  it('rejects a bad filters value and an unknown filter key with 400', async () => {
    const bad = await apiClient(t.url).get('/events').query({ filters: 'notjson', until: '1' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/invalid filter/);
    const unknown = await apiClient(t.url).get('/events').query({ filters: JSON.stringify({ colour: ['red'] }), until: '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("invalid filter 'colour'");
  });

  it('ignores unknown query parameters', async () => {
    const res = await apiClient(t.url).get('/info').query({ Image: 'alpine', whatever: '1' });
    expect(res.status).toBe(200);
  });
});

describe('/auth', () => {
  it('logs in to the simulated private registry', async () => {
    const res = await apiClient(t.url)
      .post('/auth')
      .send({ username: 'mockerd', password: 'mockerd-secret', serveraddress: 'private.registry.test' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ IdentityToken: '', Status: 'Login Succeeded' });
  });

  it('refuses a wrong password with 401 and the registry text', async () => {
    const res = await apiClient(t.url)
      .post('/auth')
      .send({ username: 'mockerd', password: 'nope', serveraddress: 'private.registry.test' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Get "https://private.registry.test/v2/": unauthorized: incorrect username or password');
  });

  it('hands out identity tokens where the registry does', async () => {
    const res = await apiClient(t.url)
      .post('/auth')
      .send({ username: 'mockerd', password: 'mockerd-secret', serveraddress: 'tokens.registry.test' });
    expect(res.body.IdentityToken).toMatch(/^[0-9a-f]{64}$/);
    const again = await apiClient(t.url).post('/auth').send({ identitytoken: res.body.IdentityToken, serveraddress: 'tokens.registry.test' });
    expect(again.status).toBe(200);
  });
});

describe('/events', () => {
  it('replays past events between since and until, filtered, and ends', async () => {
    const bus = t.daemon.engine.events;
    bus.publish({ type: 'volume', action: 'create', id: 'vol1', attributes: { driver: 'local' } });
    bus.publish({ type: 'network', action: 'create', id: 'net1', attributes: { name: 'n1', type: 'bridge' } });
    const until = Math.ceil(Date.now() / 1000) + 1;
    const res = await apiClient(t.url).get('/events').query({ since: '0', until: String(until), filters: JSON.stringify({ type: ['volume'] }) });
    expect(res.status).toBe(200);
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => `${e.Type}/${e.Action}/${e.Actor.ID}`)).toEqual(['volume/create/vol1']);
    expect(lines[0]).toMatchObject({ scope: 'local', Actor: { Attributes: { driver: 'local' } } });
    expect(typeof lines[0].timeNano).toBe('number');
  });

  it('streams new events to a follower and releases it when the client leaves', async () => {
    const bus = t.daemon.engine.events;
    const before = bus.listenerCount();
    const controller = new AbortController();
    const res = await fetch(`${t.url}/v1.51/events?filters=${encodeURIComponent('{"container":["web"]}')}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    bus.publish({ type: 'container', action: 'start', id: 'abc', attributes: { name: 'web', image: 'nginx' } });
    const { value } = await reader.read();
    const ev = JSON.parse(new TextDecoder().decode(value).trim());
    expect(ev).toMatchObject({ Type: 'container', Action: 'start', status: 'start', id: 'abc', from: 'nginx' });
    expect(bus.listenerCount()).toBe(before + 1);
    controller.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(bus.listenerCount()).toBe(before);
  });

  it('drops the deprecated status/id/from fields from API 1.52 on', async () => {
    const bus = t.daemon.engine.events;
    bus.publish({ type: 'container', action: 'die', id: 'def', attributes: { name: 'x', image: 'alpine', exitCode: '0' } });
    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const q = { since: '0', until, filters: JSON.stringify({ container: ['def'] }) };
    const newest = JSON.parse((await apiClient(t.url).get('/v1.52/events').query(q)).text.trim());
    const old = JSON.parse((await apiClient(t.url).get('/v1.51/events').query(q)).text.trim());
    expect(newest).not.toHaveProperty('status');
    expect(old).toMatchObject({ status: 'die', id: 'def', from: 'alpine' });
  });
});

describe('routing details dockerd has', () => {
  it('redirects an unclean path like Go ServeMux', async () => {
    const res = await fetch(`${t.url}//version`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/version');
  });

  it('answers OPTIONS with an empty 200 and the daemon headers', async () => {
    const res = await fetch(`${t.url}/version`, { method: 'OPTIONS' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(res.headers.get('api-version')).toBe('1.55');
  });

  it('refuses events whose since is after until', async () => {
    const res = await fetch(`${t.url}/events?since=1795391696&until=1795391596`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('`since` time (1795391696) cannot be after `until` time (1795391596)');
  });
});
