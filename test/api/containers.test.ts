import { apiClient } from '../support/api-client.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest', 'busybox:latest'] });
const api = () => apiClient(t.url);
const create = async (body: object, name?: string) => {
  const res = await api().post(`/containers/create${name ? `?name=${name}` : ''}`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.Id as string;
};

describe('container create', () => {
  it('answers 201 with the ID and an empty Warnings list', async () => {
    const res = await api().post('/containers/create?name=ok1').send({ Image: 'alpine', Cmd: ['true'], Bogus: 1 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{64}$/), Warnings: [] });
  });

  it.each([
    ['an empty object', {}, undefined, 400, 'Config cannot be empty in order to create a container'],
    ['an unknown image', { Image: 'nosuchimage' }, undefined, 404, 'No such image: nosuchimage:latest'],
    ['an unknown tag', { Image: 'alpine:nosuchtag' }, undefined, 404, 'No such image: alpine:nosuchtag'],
    ['an invalid reference', { Image: 'Bad:Image:Ref' }, undefined, 400, 'invalid reference format: repository name must be lowercase'],
    ['a bad name', { Image: 'alpine' }, '%2Fa%20b', 400, 'Invalid container name (/a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'],
    ['a leading dash', { Image: 'alpine' }, '-abc', 400, 'Invalid container name (-abc), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'],
    ['AutoRemove with a restart policy', { Image: 'alpine', HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'always' } } }, undefined, 400, "can't create 'AutoRemove' container with restart policy"],
    ['a bad restart policy', { Image: 'alpine', HostConfig: { RestartPolicy: { Name: 'sometimes' } } }, undefined, 400, "invalid restart policy 'sometimes'"],
    ['too little memory', { Image: 'alpine', HostConfig: { Memory: 1 } }, undefined, 400, 'Minimum memory limit allowed is 6MB'],
    ['a relative working dir', { Image: 'alpine', Cmd: ['true'], WorkingDir: 'rel/dir' }, undefined, 400, "the working directory 'rel/dir' is invalid, it needs to be an absolute path"],
    ['an unknown mount type', { Image: 'alpine', HostConfig: { Mounts: [{ Type: 'bogus', Target: '/x' }] } }, undefined, 400, 'invalid mount config for type "bogus": mount type unknown'],
    ['a bad bind mode', { Image: 'alpine', HostConfig: { Binds: ['/x:/x:zz'] } }, undefined, 400, 'invalid mode: zz'],
    ['a wrong platform', { Image: 'alpine' }, undefined, 404, undefined],
  ])('refuses %s', async (_what, body, name, status, message) => {
    const url = `/containers/create${name ? `?name=${name}` : ''}${_what === 'a wrong platform' ? '?platform=windows/amd64' : ''}`;
    const res = await api().post(url).send(body);
    expect(res.status).toBe(status);
    if (message) expect(res.body).toEqual({ message });
    else expect(res.body.message).toMatch(/does not match the specified platform: wanted windows\/amd64, actual: linux\/amd64$/);
  });

  it('refuses a duplicate name with 409 and dockerd text', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['true'] }, 'dupe');
    const res = await api().post('/containers/create?name=/dupe').send({ Image: 'alpine' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `Conflict. The container name "/dupe" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  });

  it('refuses malformed JSON and a missing content type with 400', async () => {
    const bad = await api().post('/containers/create').set('Content-Type', 'application/json').send('{"Image": "alpine",');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^invalid JSON: /);
    const plain = await api().post('/containers/create').set('Content-Type', 'text/plain').send('{"Image":"alpine"}');
    expect(plain.status).toBe(400);
    expect(plain.body.message).toBe("unsupported Content-Type header (text/plain): must be 'application/json'");
  });

  it('merges the image config and fills HostConfig defaults, visible in inspect', async () => {
    const id = await create({ Image: 'alpine', Env: ['A=1'], Labels: { x: 'y' } });
    const res = await api().get(`/containers/${id}/json`);
    expect(res.body.Config.Cmd).toEqual(['/bin/sh']);
    expect(res.body.Config.Env).toEqual(expect.arrayContaining(['A=1', expect.stringMatching(/^PATH=/)]));
    expect(res.body.Config.Hostname).toBe(id.slice(0, 12));
    expect(res.body.HostConfig).toMatchObject({ NetworkMode: 'bridge', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, ShmSize: 67108864, LogConfig: { Type: 'json-file', Config: {} } });
    expect(res.body.State).toMatchObject({ Status: 'created', Running: false, Pid: 0, StartedAt: '0001-01-01T00:00:00Z' });
  });
});

describe('container lookup', () => {
  it('finds by full ID, prefix, name and /name; 404 otherwise', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['true'] }, 'lookup');
    for (const ref of [id, id.slice(0, 10), 'lookup', '/lookup']) {
      expect((await api().get(`/containers/${encodeURIComponent(ref)}/json`)).body.Id).toBe(id);
    }
    const missing = await api().get('/containers/nosuch/json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'No such container: nosuch' });
  });
});

describe('container state errors', () => {
  let running: string;
  let stopped: string;
  beforeAll(async () => {
    running = await create({ Image: 'alpine', Cmd: ['sleep', '1000'] }, 'st-running');
    await api().post(`/containers/${running}/start`);
    stopped = await create({ Image: 'alpine', Cmd: ['true'] }, 'st-created');
  });

  it('start when running: 304 with no body', async () => {
    const res = await api().post(`/containers/${running}/start`);
    expect(res.status).toBe(304);
    expect(res.text ?? '').toBe('');
  });

  it('stop when not running: 304', async () => {
    expect((await api().post(`/containers/${stopped}/stop`)).status).toBe(304);
  });

  it('start with a body: 400 with dockerd text', async () => {
    const res = await api().post(`/containers/${stopped}/start`).send({ Binds: [] });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24');
  });

  it('kill when not running: 409', async () => {
    const res = await api().post(`/containers/${stopped}/kill`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`Cannot kill container: ${stopped}: Container ${stopped} is not running`);
  });

  it('kill with a bad signal: 400; unknown container: 404', async () => {
    const bad = await api().post(`/containers/${running}/kill?signal=SIGFOO`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Invalid signal: SIGFOO');
    const missing = await api().post('/containers/nosuch/kill');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Cannot kill container: nosuch: No such container: nosuch');
  });

  it('pause/unpause errors', async () => {
    expect((await api().post(`/containers/${stopped}/pause`)).body.message).toBe(`Container ${stopped} is not running`);
    const notPaused = await api().post(`/containers/${running}/unpause`);
    expect(notPaused.status).toBe(500);
    expect(notPaused.body.message).toBe(`Container ${running} is not paused`);
    await api().post(`/containers/${running}/pause`);
    const again = await api().post(`/containers/${running}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Container ${running} is already paused`);
    const rm = await api().delete(`/containers/${running}`);
    expect(rm.status).toBe(409);
    expect(rm.body.message).toBe(
      `You cannot remove a paused container ${running}. Unpause and then stop the container before attempting removal or force remove`,
    );
    await api().post(`/containers/${running}/unpause`);
  });

  it('remove running without force: 409', async () => {
    const res = await api().delete(`/containers/${running}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`You cannot remove a running container ${running}. Stop the container before attempting removal or force remove`);
  });

  it('top and resize of a stopped container: 409', async () => {
    for (const path of [`/containers/${stopped}/top`]) {
      const res = await api().get(path);
      expect(res.status).toBe(409);
      expect(res.body.message).toBe(`Container ${stopped} is not running`);
    }
    expect((await api().post(`/containers/${stopped}/resize?h=10&w=10`)).status).toBe(409);
  });

  it('rename errors', async () => {
    const same = await api().post(`/containers/${stopped}/rename?name=st-created`);
    expect(same.status).toBe(400);
    expect(same.body.message).toBe('Renaming a container with the same name as its current name');
    const taken = await api().post(`/containers/${stopped}/rename?name=st-running`);
    expect(taken.status).toBe(409);
    expect(taken.body.message).toBe(
      `Error when allocating new name: Conflict. The container name "/st-running" is already in use by container "${running}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    const empty = await api().post(`/containers/${stopped}/rename?name=`);
    expect(empty.body.message).toBe('Neither old nor new names may be empty');
  });

  it('an ambiguous ID prefix: 500 with dockerd text', async () => {
    // Among 17 IDs two must share their first hex digit.
    const ids = [running, stopped];
    while (ids.length < 17) ids.push(await create({ Image: 'alpine', Cmd: ['true'] }));
    const firsts = ids.map((id) => id[0]!);
    const prefix = firsts.find((c, i) => firsts.indexOf(c) !== i)!;
    const res = await api().get(`/containers/${prefix}/json`);
    expect(res.status).toBe(500);
    expect(res.body.message).toBe(`Multiple IDs found with provided prefix: ${prefix}`);
  });

  it('list filters: invalid key, status and health values', async () => {
    const key = await api().get('/containers/json').query({ filters: JSON.stringify({ bogus: ['1'] }) });
    expect(key.status).toBe(400);
    expect(key.body.message).toBe("invalid filter 'bogus'");
    const status = await api().get('/containers/json').query({ filters: JSON.stringify({ status: ['bogus'] }) });
    expect(status.body.message).toBe("invalid filter 'status=bogus'");
    const health = await api().get('/containers/json').query({ filters: JSON.stringify({ health: ['bogus'] }) });
    expect(health.body.message).toBe('Unrecognised filter value for health: bogus');
  });

  it('update answers Warnings null; wait answers at once for a stopped container', async () => {
    const res = await api().post(`/containers/${stopped}/update`).send({ CpuShares: 512 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Warnings: null });
    const wait = await api().post(`/containers/${stopped}/wait`);
    expect(wait.body).toEqual({ StatusCode: 0 }); // Error omitempty since API 1.42 (moby 23+)
    expect((await api().post(`/v1.41/containers/${stopped}/wait`)).body).toEqual({ StatusCode: 0, Error: null });
  });
});

describe('wait', () => {
  it('sends its headers before the condition is met', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'sleep 0.3; exit 7'] });
    const res = await fetch(`${t.url}/containers/${id}/wait?condition=next-exit`, { method: 'POST' });
    // The headers arrived although the container has not even started.
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await api().post(`/containers/${id}/start`);
    expect(await res.json()).toEqual({ StatusCode: 7 });
  });

  it('reports the start failure of an unknown executable', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['/nonexistent'] });
    const start = await api().post(`/containers/${id}/start`);
    expect(start.status).toBe(400);
    expect(start.body.message).toContain('exec: "/nonexistent": stat /nonexistent: no such file or directory');
    const wait = await api().post(`/containers/${id}/wait`);
    expect(wait.body.StatusCode).toBe(127);
    expect(wait.body.Error.Message).toBe(start.body.message);
  });

  it('condition=removed resolves when AutoRemove removes the container', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'exit 5'], HostConfig: { AutoRemove: true } });
    const waiting = fetch(`${t.url}/containers/${id}/wait?condition=removed`, { method: 'POST' });
    await api().post(`/containers/${id}/start`);
    expect(await (await waiting).json()).toEqual({ StatusCode: 5 });
    expect((await api().get(`/containers/${id}/json`)).status).toBe(404);
  });

  it('removes an AutoRemove container whose start failed, ending a condition=removed wait', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['no-such-binary'], HostConfig: { AutoRemove: true } });
    const waiting = fetch(`${t.url}/containers/${id}/wait?condition=removed`, { method: 'POST' });
    const start = await api().post(`/containers/${id}/start`);
    expect(start.status).toBe(400);
    expect(((await (await waiting).json()) as { StatusCode: number }).StatusCode).toBe(127);
    expect((await api().get(`/containers/${id}/json`)).status).toBe(404);
  });

  it('leaves no waiter behind when the client goes away', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['sleep', '1000'] });
    const before = t.daemon.engine.runtime.waiterCount();
    const controller = new AbortController();
    const res = await fetch(`${t.url}/containers/${id}/wait?condition=next-exit`, { method: 'POST', signal: controller.signal });
    expect(res.status).toBe(200);
    expect(t.daemon.engine.runtime.waiterCount()).toBe(before + 1);
    controller.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.daemon.engine.runtime.waiterCount()).toBe(before);
  });
});

describe('events', () => {
  it('publishes create, start, kill, die, stop, destroy in dockerd order', async () => {
    const since = String(Date.now() / 1000);
    const id = await create({ Image: 'alpine', Cmd: ['sleep', '1000'] }, 'evented');
    await api().post(`/containers/${id}/start`);
    await api().post(`/containers/${id}/stop?t=0`);
    await api().delete(`/containers/${id}`);
    const query = new URLSearchParams({ since, until: String(Date.now() / 1000 + 1), filters: JSON.stringify({ container: ['evented'] }) });
    // Newline-delimited JSON: read it as text (supertest would parse it as one document).
    const text = await (await fetch(`${t.url}/events?${query}`)).text();
    const events = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.Action)).toEqual(['create', 'start', 'kill', 'kill', 'die', 'stop', 'destroy']);
    expect(events.find((e) => e.Action === 'die').Actor.Attributes).toMatchObject({ exitCode: '137', image: 'alpine', name: 'evented' });
    expect(events.filter((e) => e.Action === 'kill').map((e) => e.Actor.Attributes.signal)).toEqual(['15', '9']);
  });
});

describe('pause', () => {
  it('freezes the process: a sleep does not finish while paused, and does after unpause', async () => {
    const engine = t.daemon.engine;
    const id = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'sleep 0.3; echo done'] });
    await api().post(`/containers/${id}/start`);
    await api().post(`/containers/${id}/pause`);
    await new Promise((r) => setTimeout(r, 600));
    expect((await api().get(`/containers/${id}/json`)).body.State.Status).toBe('paused');
    await api().post(`/containers/${id}/unpause`);
    const wait = await api().post(`/containers/${id}/wait`);
    expect(wait.body.StatusCode).toBe(0);
    const out = engine.containers.get(id).logs.all().map((e) => e.data.toString()).join('');
    expect(out).toBe('done\n');
  });
});

describe('endpoint MacAddress at older API versions', () => {
  it('inspect, list and df keep NetworkSettings.Networks.*.MacAddress below 1.44 (it is in every spec version)', async () => {
    const id = await create({ Image: 'busybox', Cmd: ['sleep', '60'] }, 'mac-old-api');
    for (const v of ['1.41', '1.43', '1.44']) {
      const inspect = await api().get(`/v${v}/containers/${id}/json`);
      expect(inspect.body.NetworkSettings.Networks.bridge, v).toHaveProperty('MacAddress');
      const list = await api().get(`/v${v}/containers/json?all=1&filters=${encodeURIComponent('{"name":["mac-old-api"]}')}`);
      expect(list.body[0].NetworkSettings.Networks.bridge, v).toHaveProperty('MacAddress');
      const df = await api().get(`/v${v}/system/df`);
      const mine = df.body.Containers.find((c: { Id: string }) => c.Id === id);
      expect(mine.NetworkSettings.Networks.bridge, v).toHaveProperty('MacAddress');
    }
  });
});

describe('restart, export, prune', () => {
  const waitFor = (id: string) => api().post(`/containers/${id}/wait`);
  const logs = async (id: string) => {
    const res = await api().get(`/containers/${id}/logs?stdout=1`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    return (res.body as Buffer).toString('latin1');
  };

  it('restart stops and starts the container again (a running one and an exited one)', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'echo started; sleep 1000'], Tty: true });
    expect((await api().post(`/containers/${id}/start`)).status).toBe(204);
    const firstStart = (await api().get(`/containers/${id}/json`)).body.State.StartedAt as string;
    const res = await api().post(`/containers/${id}/restart?t=0`);
    expect(res.status).toBe(204);
    const after = (await api().get(`/containers/${id}/json`)).body;
    expect(after.State).toMatchObject({ Status: 'running', Running: true });
    expect(after.State.StartedAt > firstStart).toBe(true);
    expect((await logs(id)).match(/started/g)).toHaveLength(2);

    const exited = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'echo ran'], Tty: true });
    await api().post(`/containers/${exited}/start`);
    await waitFor(exited);
    expect((await api().post(`/containers/${exited}/restart`)).status).toBe(204);
    await waitFor(exited);
    expect((await logs(exited)).match(/ran/g)).toHaveLength(2);
    await api().delete(`/containers/${id}?force=1`);
  });

  it('restart of an unknown container is a 404', async () => {
    const res = await api().post('/containers/nosuch/restart');
    expect([res.status, res.body]).toEqual([404, { message: 'No such container: nosuch' }]);
  });

  it('export streams the container file system as a tar, with the files the process wrote', async () => {
    const id = await create({ Image: 'alpine', Cmd: ['sh', '-c', 'echo hello > /data.txt'] });
    await api().post(`/containers/${id}/start`);
    await waitFor(id);
    const res = await api().get(`/containers/${id}/export`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const entries = await tarEntries(res.body as Buffer);
    expect(entries.get('data.txt')).toBe('hello\n');
    expect(entries.has('etc/alpine-release')).toBe(true);
    const missing = await api().get('/containers/nosuch/export');
    expect([missing.status, missing.body]).toEqual([404, { message: 'No such container: nosuch' }]);
  });

  it('prune removes the stopped containers the filters select and reports them', async () => {
    const labels = { 'prune-test': 'yes' };
    const stopped = [await create({ Image: 'alpine', Cmd: ['true'], Labels: labels }), await create({ Image: 'alpine', Cmd: ['true'], Labels: labels })];
    const running = await create({ Image: 'alpine', Cmd: ['sleep', '1000'], Labels: labels });
    const other = await create({ Image: 'alpine', Cmd: ['true'] });
    await api().post(`/containers/${running}/start`);
    const res = await api().post(`/containers/prune?filters=${encodeURIComponent('{"label":["prune-test=yes"]}')}`);
    expect(res.status).toBe(200);
    expect([...res.body.ContainersDeleted].sort()).toEqual([...stopped].sort());
    expect(res.body.SpaceReclaimed).toEqual(expect.any(Number));
    for (const id of stopped) expect((await api().get(`/containers/${id}/json`)).status).toBe(404);
    for (const id of [running, other]) expect((await api().get(`/containers/${id}/json`)).status).toBe(200);
    const bad = await api().post(`/containers/prune?filters=${encodeURIComponent('{"bogus":["1"]}')}`);
    expect([bad.status, bad.body]).toEqual([400, { message: "invalid filter 'bogus'" }]);
    await api().delete(`/containers/${running}?force=1`);
  });
});

async function tarEntries(tar: Buffer): Promise<Map<string, string>> {
  const extract = (await import('tar-stream')).extract();
  const entries = new Map<string, string>();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d) => chunks.push(d as Buffer));
    stream.on('end', () => {
      entries.set(header.name.replace(/^\.?\//, ''), Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
  extract.end(tar);
  await done;
  return entries;
}
