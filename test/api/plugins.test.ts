import { describe, expect, it } from 'vitest';
import { pack } from 'tar-stream';
import type request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon();
const api = () => apiClient(t.url);

/** Progress streams are JSON objects separated by CRLF: read them as text. */
const asText = <T extends request.Test>(req: T) =>
  req.buffer(true).parse((r, cb) => {
    let s = '';
    r.on('data', (d: Buffer) => (s += d));
    r.on('end', () => cb(null, s));
  });
const lines = (text: string) => text.trim().split('\r\n').map((l) => JSON.parse(l) as Record<string, unknown>);

/** dockerd answers DELETE /plugins/{name} with an empty 200 (the spec documents a Plugin body). */
/**
 * dockerd answers a plugin pull/upgrade with a 200 progress stream (the spec documents 204;
 * the validator knows it as a status quirk and checks the JSON messages): read it as text.
 */
async function rawStream(path: string, body: unknown) {
  const res = await asText(api().post(path).set('Content-Type', 'application/json').send(JSON.stringify(body)));
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as string };
}
const rawDelete = (path: string) => fetch(t.url + path, { method: 'DELETE' });

async function pluginTar(config: object): Promise<Buffer> {
  const p = pack();
  p.entry({ name: 'config.json' }, JSON.stringify(config));
  p.entry({ name: 'rootfs/', type: 'directory' });
  p.entry({ name: 'rootfs/plugin', mode: 0o755 }, 'binary');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('plugins: golden dockerd answers', () => {
  it('list, filters and not-found texts', async () => {
    for (const name of ['list', 'list-filter-capability', 'inspect-not-found', 'remove-not-found']) {
      const g = loadGolden('plugins', name);
      const res = await api()[g.request.method.toLowerCase() as 'get'](g.request.path);
      expect(res.status, name).toBe(g.response.status);
      expect(res.body, name).toEqual(g.response.body);
    }
    const bad = await api().get('/plugins?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D');
    expect(bad.status).toBe(400);
    expect(bad.body.message.toLowerCase()).toBe("invalid filter 'bogus'");
  });

  it('enable needs an integer timeout', async () => {
    const res = await api().post('/plugins/nosuchplugin/enable');
    expect(res.body).toEqual({ message: 'strconv.Atoi: parsing "": invalid syntax' });
    expect((await api().post('/plugins/nosuchplugin/enable?timeout=0')).status).toBe(404);
  });
});

describe('plugins: install from the simulated registries', () => {
  it('privileges, pull with the granted privileges, events, /info', async () => {
    const priv = await api().get('/plugins/privileges?remote=vieux/sshfs');
    expect(priv.status).toBe(200);
    expect(priv.body).toEqual([
      { Name: 'network', Description: 'permissions to access a network', Value: ['host'] },
      { Name: 'mount', Description: 'host path to mount', Value: ['/var/lib/docker/plugins/'] },
      { Name: 'mount', Description: 'host path to mount', Value: [''] },
      { Name: 'device', Description: 'host device to access', Value: ['/dev/fuse'] },
      { Name: 'capabilities', Description: 'list of additional capabilities required', Value: ['CAP_SYS_ADMIN'] },
    ]);
    expect((await api().get('/plugins/privileges?remote=unknown.registry.test/x/y')).body).toEqual([]);

    const wrong = await rawStream('/plugins/pull?remote=vieux/sshfs', []);
    expect(wrong.status).toBe(200);
    expect(lines(wrong.body).at(-1)).toEqual({ errorDetail: { message: 'incorrect privileges' }, error: 'incorrect privileges' });

    const since = Math.floor(Date.now() / 1000) - 1;
    const pull = await rawStream('/plugins/pull?remote=vieux/sshfs&name=sshfs', priv.body);
    expect(pull.status).toBe(200);
    expect(pull.headers['docker-plugin-name']).toBe('sshfs:latest');
    const msgs = lines(pull.body);
    expect(msgs[0]).toEqual({ status: 'Pulling from vieux/sshfs', id: 'latest' });
    expect(msgs.at(-1)).toEqual({ status: 'Status: Downloaded newer image for vieux/sshfs:latest' });

    const again = await rawStream('/plugins/pull?remote=vieux/sshfs&name=sshfs', priv.body);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body as string)).toEqual({ message: 'plugin sshfs:latest already exists' });

    const inspect = await api().get('/plugins/sshfs/json');
    expect(inspect.body).toMatchObject({ Name: 'sshfs:latest', Enabled: false, PluginReference: 'docker.io/vieux/sshfs:latest', Settings: { Env: ['DEBUG=0'], Args: [] } });
    expect(inspect.body.Id).toMatch(/^[0-9a-f]{64}$/);
    expect((await api().get(`/plugins/${inspect.body.Id.slice(0, 12)}/json`)).body.Name).toBe('sshfs:latest');

    expect((await api().post('/plugins/sshfs/enable?timeout=0')).status).toBe(200);
    const twice = await api().post('/plugins/sshfs/enable?timeout=0');
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe('plugin already enabled: plugin sshfs:latest is enabled');
    const info = await api().get('/info');
    expect(info.body.Plugins.Volume).toEqual(['local', 'sshfs:latest']);
    expect((await api().get('/plugins?filters=%7B%22enabled%22%3A%5B%22true%22%5D%7D')).body).toHaveLength(1);

    const vol = await api().post('/volumes/create').set('Content-Type', 'application/json').send({ Name: 'remote', Driver: 'sshfs', DriverOpts: { sshcmd: 'u@h:/p' } });
    expect(vol.status).toBe(201);
    expect(vol.body.Driver).toBe('sshfs');
    expect((await api().delete('/volumes/remote')).status).toBe(204);

    expect((await api().post('/plugins/sshfs/disable')).status).toBe(200);
    // dockerd's volume store wraps the lookup error, naming the plugin as it was asked for.
    const disabled = await api().post('/volumes/create').set('Content-Type', 'application/json').send({ Name: 'remote2', Driver: 'sshfs' });
    expect(disabled.status).toBe(409);
    expect(disabled.body.message).toBe('create remote2: error looking up volume plugin sshfs: plugin sshfs found but disabled');
    const upgradeEnabled = await rawStream('/plugins/sshfs/upgrade?remote=vieux/sshfs:next', priv.body);
    expect(upgradeEnabled.status).toBe(200);
    expect(lines(upgradeEnabled.body).at(-1)).toEqual({ status: 'Status: Downloaded newer image for vieux/sshfs:next' });
    expect((await api().get('/plugins/sshfs/json')).body.PluginReference).toBe('docker.io/vieux/sshfs:next');
    expect((await rawDelete('/plugins/sshfs')).status).toBe(200);

    const events = await asText(api().get(`/events?since=${since}&until=${Math.floor(Date.now() / 1000) + 1}&filters=%7B%22type%22%3A%5B%22plugin%22%5D%7D`));
    const actions = (events.body as string).trim().split('\n').map((l) => JSON.parse(l) as { Action: string; Actor: { Attributes: { name: string } } });
    // dockerd logs the pull before it checks the privileges: the refused pull has its event too.
    expect(actions.map((e) => e.Action)).toEqual(['pull', 'pull', 'enable', 'disable', 'pull', 'remove']);
    expect(actions[1]!.Actor.Attributes.name).toBe('sshfs:latest');
  });

  it('pull from an unknown registry fails before the stream', async () => {
    const res = await api().post('/plugins/pull?remote=nowhere.test/a/b').set('Content-Type', 'application/json').send([]);
    expect(res.status).toBe(500);
    expect(res.body.message).toBe('error resolving plugin reference: Get "https://nowhere.test/v2/": dial tcp: lookup nowhere.test: no such host');
  });
});

describe('plugins: create from a tar, set, push', () => {
  it('creates a disabled plugin, sets it, refuses an anonymous push to Docker Hub', async () => {
    const tar = await pluginTar({
      description: 'test log driver', interface: { types: ['docker.logdriver/1.0'], socket: 'log.sock' }, entrypoint: ['/plugin'],
      env: [{ name: 'LEVEL', settable: ['value'], value: 'info' }], args: { name: 'args', settable: ['value'], value: ['-v'] },
    });
    const res = await api().post('/plugins/create?name=team/logs:1.0').set('Content-Type', 'application/x-tar').send(tar);
    expect(res.status).toBe(204);
    const p = (await api().get('/plugins/team/logs:1.0/json')).body;
    expect(p).toMatchObject({ Name: 'team/logs:1.0', Enabled: false, PluginReference: 'team/logs:1.0', Settings: { Env: ['LEVEL=info'], Args: ['-v'] } });
    expect(p.Config.Interface.Types).toEqual(['docker.logdriver/1.0']);
    expect(p.Config.rootfs.diff_ids[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    const dup = await api().post('/plugins/create?name=team/logs:1.0').set('Content-Type', 'application/x-tar').send(tar);
    expect(dup.body).toEqual({ message: 'plugin team/logs:1.0 already exists' });
    const noConfig = await api().post('/plugins/create?name=team/empty').set('Content-Type', 'application/x-tar').send(await (async () => {
      const pk = pack(); pk.entry({ name: 'rootfs/x' }, 'x'); pk.finalize();
      const cs: Buffer[] = []; for await (const c of pk) cs.push(c as Buffer); return Buffer.concat(cs);
    })());
    expect(noConfig.status).toBe(500);
    expect(noConfig.body).toEqual({ message: 'config not found' });

    expect((await api().post('/plugins/team/logs:1.0/set').set('Content-Type', 'application/json').send(['LEVEL=debug', 'args=-x -y'])).status).toBe(204);
    expect((await api().get('/plugins/team/logs:1.0/json')).body.Settings).toMatchObject({ Env: ['LEVEL=debug'], Args: ['-x', '-y'] });
    const ro = await api().post('/plugins/team/logs:1.0/set').set('Content-Type', 'application/json').send(['LEVEL.source=x']);
    expect(ro.status).toBe(500);

    expect((await api().post('/plugins/team/logs:1.0/enable?timeout=30')).status).toBe(200);
    expect((await api().get('/info')).body.Plugins.Log).toContain('team/logs:1.0');

    const push = await asText(api().post('/plugins/team/logs:1.0/push'));
    expect(push.status).toBe(200);
    const pushed = lines(push.body);
    expect(pushed.some((m) => m.status === 'The push refers to repository [docker.io/team/logs]')).toBe(true);
    expect(pushed.at(-1)).toEqual({ errorDetail: { message: 'denied: requested access to the resource is denied' }, error: 'denied: requested access to the resource is denied' });
    expect((await rawDelete('/plugins/team/logs:1.0?force=1')).status).toBe(200);
  });

  it('push to a registry that takes anonymous pushes, then install it back', async () => {
    const tar = await pluginTar({ interface: { types: ['docker.volumedriver/1.0'], socket: 'v.sock' }, linux: { capabilities: ['CAP_NET_ADMIN'] } });
    const auth = Buffer.from(JSON.stringify({ username: 'u', password: 'p', serveraddress: 'localhost:5000' })).toString('base64');
    expect((await api().post('/plugins/create?name=localhost:5000/me/vol').set('Content-Type', 'application/x-tar').send(tar)).status).toBe(204);
    const push = await asText(api().post('/plugins/localhost:5000/me/vol:latest/push').set('X-Registry-Auth', auth));
    const last = lines(push.body).at(-1) as { aux?: { Tag: string; Digest: string } };
    if (last.aux) {
      expect(last.aux.Tag).toBe('latest');
      const priv = await api().get('/plugins/privileges?remote=localhost:5000/me/vol');
      expect(priv.body).toEqual([{ Name: 'capabilities', Description: 'list of additional capabilities required', Value: ['CAP_NET_ADMIN'] }]);
    } else {
      expect(String((last as { error?: string }).error)).toMatch(/no such host|authentication required|denied/);
    }
  });
});
