/**
 * The swarm-tag routers (swarm, nodes, services, tasks, secrets, configs) answer their
 * error paths with dockerd's status codes and texts, replayed from the golden
 * fixtures recorded against a real one-node swarm (IDs mapped to ours).
 */
import request from 'supertest';
import { apiClient } from '../support/api-client.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { listGolden, loadGolden } from '../support/golden.js';
import { eventually, useDaemon } from '../support/daemon.js';

const SWARM_TAGS = ['swarm', 'nodes', 'services', 'tasks', 'secrets', 'configs'];
const GOLDEN_IDS = { node: '39513homl364d319ay53metop', service: 'pd0b74pty13e6bp2k55rxlp1p', secret: 'uue59hra5mnjtm8vrxfp1zzyv', config: '7uqrbhpkhft4zgopwkm6p2nc1' };

type Ids = Partial<Record<keyof typeof GOLDEN_IDS, string>>;

/** Replay a golden request (IDs and, optionally, the version query mapped) and return the answer. */
async function replay(url: string, tag: string, name: string, ids: Ids = {}, version?: number) {
  const ex = loadGolden(tag, name);
  const map = (s: string) => {
    let out = s;
    for (const [k, golden] of Object.entries(GOLDEN_IDS)) {
      const ours = ids[k as keyof Ids];
      if (ours) out = out.split(golden).join(ours);
    }
    if (version !== undefined) out = out.replace(/version=\d+/, `version=${version}`);
    return out;
  };
  const path = map(ex.request.path);
  const method = ex.request.method.toLowerCase() as 'get' | 'post' | 'delete';
  let req = apiClient(url)[method](path);
  const body = ex.request.body;
  if (body !== null && body !== undefined) {
    req = req.set('Content-Type', 'application/json').send(typeof body === 'string' ? body : map(JSON.stringify(body)));
  }
  const res = await req;
  const expected = JSON.parse(map(JSON.stringify(ex.response))) as typeof ex.response;
  return { res, expected };
}

/** Same status, same message (dockerd 28 lower-cased "Invalid filter"). */
function expectSame(res: request.Response, expected: { status: number; body: unknown }): void {
  expect(res.status).toBe(expected.status);
  const want = (expected.body as { message?: string } | '')?.valueOf();
  if (want && typeof want === 'object' && 'message' in want) {
    const message = String(want.message).replace(/^Invalid filter/, 'invalid filter');
    expect(res.body.message).toBe(message);
  }
}

describe('outside a swarm', () => {
  const t = useDaemon();
  const cases = listGolden().filter((g) => SWARM_TAGS.includes(g.tag) && g.name.startsWith('no-swarm-') && g.name !== 'no-swarm-join-bad');
  it.each(cases.map((c) => [`${c.tag}/${c.name}`, c.tag, c.name]))('%s answers like dockerd', async (_label, tag, name) => {
    const { res, expected } = await replay(t.url, tag, name);
    expectSame(res, expected);
  });

  it('a join with a token of no known swarm fails like dockerd', async () => {
    const { res, expected } = await replay(t.url, 'swarm', 'no-swarm-join-bad');
    expectSame(res, expected);
  });

  it('/_ping says inactive', async () => {
    expect((await apiClient(t.url).get('/_ping')).headers['swarm']).toBe('inactive');
  });
});

describe('in a one-node swarm', () => {
  const t = useDaemon({ clock: 'virtual', images: ['busybox:latest'] });
  const ids: Ids = {};
  const version = async (kind: string, id: string) => (await apiClient(t.url).get(`/${kind}/${id}`)).body.Version.Index as number;

  beforeAll(async () => {
    const init = await replay(t.url, 'swarm', 'init');
    expect(init.res.status).toBe(200);
    ids.node = init.res.body;
    const secret = await replay(t.url, 'secrets', 'create');
    expect(secret.res.status).toBe(201);
    ids.secret = secret.res.body.ID;
    const config = await replay(t.url, 'configs', 'create');
    ids.config = config.res.body.ID;
    const service = await replay(t.url, 'services', 'create', ids);
    expect(service.res.status).toBe(201);
    expect(Object.keys(service.res.body)).toEqual(['ID']);
    ids.service = service.res.body.ID;
  });

  it('/_ping and /info say active manager', async () => {
    expect((await apiClient(t.url).get('/_ping')).headers['swarm']).toBe('active/manager');
    const info = (await apiClient(t.url).get('/info')).body.Swarm;
    expect(info).toMatchObject({ NodeID: ids.node, LocalNodeState: 'active', ControlAvailable: true, Nodes: 1, Managers: 1 });
  });

  it('service and task logs say raw-stream below API 1.42, multiplexed-stream from 1.42 (non-TTY), like container logs', async () => {
    for (const [v, type] of [['1.41', 'application/vnd.docker.raw-stream'], ['1.42', 'application/vnd.docker.multiplexed-stream']] as const) {
      const res = await apiClient(t.url).get(`/v${v}/services/${ids.service}/logs?stdout=1&stderr=1`);
      expect(res.status, v).toBe(200);
      expect(res.headers['content-type'], v).toBe(type);
    }
  });

  it('swarm inspect has the recorded shape', async () => {
    const res = await apiClient(t.url).get('/swarm');
    const golden = loadGolden('swarm', 'inspect').response.body as Record<string, unknown>;
    expect(Object.keys(res.body)).toEqual(Object.keys(golden));
    expect(res.body.Spec).toEqual(golden.Spec);
  });

  const errorCases: Array<[string, string, ((v: typeof version) => Promise<number>)?]> = [
    ['swarm', 'init-again'],
    ['swarm', 'init-bad-json'],
    ['swarm', 'init-bad-listen-addr'],
    ['swarm', 'join-already-in-swarm'],
    ['swarm', 'unlock-not-locked'],
    ['swarm', 'unlockkey'],
    ['swarm', 'update-no-version'],
    ['swarm', 'update-wrong-version'],
    ['nodes', 'inspect-not-found'],
    ['nodes', 'list-filter-bad-role'],
    ['nodes', 'list-filter-invalid'],
    ['nodes', 'remove-not-found'],
    ['nodes', 'remove-self'],
    ['nodes', 'remove-self-force'],
    ['nodes', 'update-bad-availability', (v) => v('nodes', ids.node!)],
    ['nodes', 'update-demote-last-manager', (v) => v('nodes', ids.node!)],
    ['nodes', 'update-wrong-version'],
    ['services', 'create-bad-mode'],
    ['services', 'create-bad-name'],
    ['services', 'create-duplicate'],
    ['services', 'create-invalid-json'],
    ['services', 'create-no-image'],
    ['services', 'create-unknown-secret'],
    ['services', 'inspect-not-found'],
    ['services', 'list-filter-invalid'],
    ['services', 'update-bad-version'],
    ['services', 'update-no-version'],
    ['services', 'update-not-found'],
    ['services', 'update-version-mismatch'],
    ['tasks', 'inspect-not-found'],
    ['tasks', 'list-filter-bad-desired-state'],
    ['tasks', 'list-filter-invalid'],
    ['secrets', 'create-bad-base64'],
    ['secrets', 'create-bad-driver'],
    ['secrets', 'create-bad-name'],
    ['secrets', 'create-duplicate'],
    ['secrets', 'create-no-data'],
    ['secrets', 'create-no-name'],
    ['secrets', 'inspect-not-found'],
    ['secrets', 'list-filter-invalid'],
    ['secrets', 'update-data-not-allowed', (v) => v('secrets', ids.secret!)],
    ['secrets', 'update-labels-wrong-version'],
    ['secrets', 'remove-in-use'],
    ['configs', 'create-bad-base64'],
    ['configs', 'create-bad-name'],
    ['configs', 'create-duplicate'],
    ['configs', 'inspect-not-found'],
    ['configs', 'list-filter-invalid'],
    ['configs', 'remove-in-use'],
  ];
  it.each(errorCases)('%s/%s answers like dockerd', async (tag, name, versionOf) => {
    const { res, expected } = await replay(t.url, tag, name, ids, versionOf ? await versionOf(version) : undefined);
    expectSame(res, expected);
  });

  it('update ok answers {"Warnings":null}; remove, then not found', async () => {
    const ok = await replay(t.url, 'services', 'update-ok', ids, await version('services', ids.service!));
    expect(ok.res.status).toBe(200);
    expect(ok.res.text).toBe('{"Warnings":null}\n');
    expect((await replay(t.url, 'services', 'remove', ids)).res.status).toBe(200);
    const servicesGone = await replay(t.url, 'services', 'remove-not-found', ids);
    expectSame(servicesGone.res, servicesGone.expected);
    expect((await replay(t.url, 'secrets', 'remove', ids)).res.status).toBe(204);
    const secretsGone = await replay(t.url, 'secrets', 'remove-not-found', ids);
    expectSame(secretsGone.res, secretsGone.expected);
    expect((await replay(t.url, 'configs', 'remove', ids)).res.status).toBe(204);
    const configsGone = await replay(t.url, 'configs', 'remove-not-found', ids);
    expectSame(configsGone.res, configsGone.expected);
  });

  it('leave without force is refused for the last manager; with force it leaves', async () => {
    expectSame((await replay(t.url, 'swarm', 'leave-manager-no-force')).res, loadGolden('swarm', 'leave-manager-no-force').response);
    expect((await replay(t.url, 'swarm', 'leave-force')).res.status).toBe(200);
    expectSame((await replay(t.url, 'swarm', 'inspect-after-leave')).res, loadGolden('swarm', 'inspect-after-leave').response);
  });
});

describe('task filters', () => {
  const t = useDaemon({ clock: 'virtual', images: ['busybox:latest'] });
  let id = '';
  beforeAll(async () => {
    expect((await request(t.url).post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
    const created = await request(t.url).post('/services/create').send({ Name: 'svc', TaskTemplate: { ContainerSpec: { Image: 'busybox:latest', Command: ['sleep', '300'] } }, Mode: { Replicated: { Replicas: 2 } } });
    expect(created.status).toBe(201);
    id = created.body.ID;
  });

  it('the task filter _up-to-date (the CLI polls with it until a service converges) keeps only tasks of the current spec', async () => {
    const list = async (filters: Record<string, string[]>) => request(t.url).get(`/tasks?filters=${encodeURIComponent(JSON.stringify(filters))}`);
    const before = (await eventually(async () => {
      const tasks = (await list({ service: [id], '_up-to-date': ['true'] })).body as { ID: string }[];
      return tasks.length === 2 && tasks;
    })) as { ID: string }[];
    const spec = (await request(t.url).get(`/services/${id}`)).body.Spec;
    spec.TaskTemplate.ContainerSpec.Env = ['CHANGED=1'];
    const updated = await request(t.url).post(`/services/${id}/update?version=${(await request(t.url).get(`/services/${id}`)).body.Version.Index}`).send(spec);
    expect(updated.status).toBe(200);
    const after = (await list({ service: [id], '_up-to-date': ['true'] })).body as { ID: string }[];
    for (const old of before) expect(after.map((x) => x.ID)).not.toContain(old.ID);
    const all = (await list({ service: [id] })).body as { ID: string }[];
    expect(all.map((x) => x.ID)).toEqual(expect.arrayContaining(before.map((x) => x.ID)));
    const bad = await list({ 'up-to-date': ['true'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("invalid filter 'up-to-date'");
  });
});

describe('config update and task logs', () => {
  const t = useDaemon({ clock: 'virtual', images: ['busybox:latest'] });
  const api = () => apiClient(t.url);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const binary = (req: request.Test) =>
    req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  /** stdcopy frames -> [stream, text] (the validating client has checked the framing). */
  const frames = (body: Buffer) => {
    const out: [number, string][] = [];
    for (let at = 0; at < body.length; ) {
      const size = body.readUInt32BE(at + 4);
      out.push([body[at]!, body.subarray(at + 8, at + 8 + size).toString()]);
      at += 8 + size;
    }
    return out;
  };

  beforeAll(async () => {
    expect((await api().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
  });

  it('updates only the labels of a config, at its current version', async () => {
    const spec = { Name: 'app.conf', Data: b64('port=80\n'), Labels: { env: 'test' } };
    const id = (await api().post('/configs/create').send(spec)).body.ID as string;
    const before = (await api().get(`/configs/${id}`)).body;
    const res = await api().post(`/configs/${id}/update?version=${before.Version.Index}`).send({ ...spec, Labels: { env: 'prod' } });
    expect([res.status, res.text]).toEqual([200, '']);
    const after = (await api().get(`/configs/${id}`)).body;
    expect(after.Spec).toEqual({ ...spec, Labels: { env: 'prod' } });
    expect(after.Version.Index).toBeGreaterThan(before.Version.Index);

    const data = await api().post(`/configs/${id}/update?version=${after.Version.Index}`).send({ ...spec, Data: b64('port=81\n') });
    expect([data.status, data.body]).toEqual([400, { message: 'rpc error: code = InvalidArgument desc = only updates to Labels are allowed' }]);
    const stale = await api().post(`/configs/${id}/update?version=${before.Version.Index}`).send(spec);
    expect([stale.status, stale.body]).toEqual([500, { message: 'rpc error: code = Unknown desc = update out of sequence' }]);
    const missing = await api().post(`/configs/nosuch/update?version=1`).send(spec);
    expect([missing.status, missing.body]).toEqual([404, { message: 'config nosuch not found' }]);
  });

  it('task logs: the output of one task, framed, with dockerd errors for bad requests', async () => {
    const created = await api().post('/services/create').send({
      Name: 'talker', TaskTemplate: { ContainerSpec: { Image: 'busybox:latest', Command: ['sh', '-c', 'echo hello from $HOSTNAME; echo oops >&2; sleep 300'] } },
    });
    expect(created.status).toBe(201);
    const task = (await eventually(async () => {
      const tasks = (await api().get(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [created.body.ID] }))}`)).body as { ID: string; Status: { State: string } }[];
      return tasks.find((x) => x.Status.State === 'running');
    }))!;
    const logs = (await eventually(async () => {
      const res = await binary(api().get(`/tasks/${task.ID}/logs?stdout=1&stderr=1`));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
      const got = frames(res.body as Buffer);
      return got.length === 2 && got;
    })) as [number, string][];
    // dockerd always sends a swarm log line's details (the CLI shows them with --details)
    const details = `com.docker.swarm.node.id=\\w+,com.docker.swarm.service.id=${created.body.ID},com.docker.swarm.task.id=${task.ID}`;
    expect(logs).toEqual([
      [1, expect.stringMatching(new RegExp(`^${details} hello from \\w+\\n$`))],
      [2, expect.stringMatching(new RegExp(`^${details} oops\\n$`))],
    ]);
    const stdoutOnly = frames((await binary(api().get(`/tasks/${task.ID}/logs?stdout=1`))).body as Buffer);
    expect(stdoutOnly.map(([stream]) => stream)).toEqual([1]);

    const none = await api().get(`/tasks/${task.ID}/logs`);
    // current dockerd (20.10 said 500 'Bad parameters: you must choose at least one stream')
    expect([none.status, none.body]).toEqual([400, { message: "must specify at least one of 'stdout' or 'stderr'" }]);
    const serviceNone = await api().get(`/services/${created.body.ID}/logs`);
    expect([serviceNone.status, serviceNone.body]).toEqual([400, { message: "must specify at least one of 'stdout' or 'stderr'" }]);
    const missing = await api().get('/tasks/nosuch/logs?stdout=1');
    expect([missing.status, missing.body]).toEqual([404, { message: 'task nosuch not found' }]);
  });
});
