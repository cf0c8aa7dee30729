/**
 * X-Registry-Auth on service create/update: kept as the service's pull credentials (never
 * shown), used by the nodes when they pull, pinned by digest on API < 1.30 with dockerd's
 * warning for an image it cannot resolve; registryAuthFrom; nothing leaked.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({ nodes: 3, clock: 'virtual', seed: 5, logLevel: 'debug' });

const SECRET = 'mockerd-secret';
const IMAGE = 'private.registry.test/team/app:1.0';
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const AUTH = b64url({ username: 'mockerd', password: SECRET, serveraddress: 'private.registry.test' });
const digestWarning = (image: string) =>
  `image ${image} could not be accessed on a registry to record\nits digest. Each node will access ${image} independently,\npossibly leading to different nodes running different\nversions of the image.\n`;
const spec = (name: string, image = IMAGE, extra: Record<string, unknown> = {}) => ({
  Name: name,
  TaskTemplate: { ContainerSpec: { Image: image, ...extra }, RestartPolicy: { Condition: 'none' } },
  Mode: { Replicated: { Replicas: 2 } },
});
const tasksOf = async (service: string) => (await request(t.url).get('/tasks').query({ filters: JSON.stringify({ service: [service] }) })).body as any[];
/** Wait until every task of the service reached state (or a terminal one), then return them. */
const settled = async (service: string, n = 2): Promise<any[]> =>
  eventually(async () => {
    const tasks = (await tasksOf(service)).filter((x) => x.DesiredState === 'running' || ['rejected', 'failed'].includes(x.Status.State));
    return tasks.length >= n && tasks.every((x) => ['running', 'rejected', 'failed'].includes(x.Status.State)) ? tasks : false;
  }) as Promise<any[]>;

let stderr = '';
beforeAll(async () => {
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
    stderr += String(chunk);
    return write(chunk, ...rest);
  });
  expect((await request(t.url).post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
});
afterAll(() => vi.restoreAllMocks());

describe('service create with X-Registry-Auth (API 1.41: the client pins, the nodes pull with the auth)', () => {
  it('without the header the nodes cannot pull the private image: tasks are rejected with "No such image"', async () => {
    const res = await request(t.url).post('/v1.41/services/create').send(spec('no-auth'));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['ID']);
    const tasks = await settled(res.body.ID);
    expect(tasks.map((x) => [x.Status.State, x.Status.Err])).toContainEqual(['rejected', `No such image: ${IMAGE}`]);
  });

  // Before any node holds the image (a node that has it runs it whatever the auth, as dockerd's executor does).
  it('a wrong password or a header that does not decode goes on without credentials, as dockerd does', async () => {
    for (const [name, header] of [['wrong-pass', b64url({ username: 'mockerd', password: 'nope' })], ['garbled', 'not//base64!!']]) {
      const res = await request(t.url).post('/v1.41/services/create').set('X-Registry-Auth', header!).send(spec(name!));
      expect(res.status).toBe(201);
      expect((await settled(res.body.ID)).every((x) => x.Status.Err === `No such image: ${IMAGE}`)).toBe(true);
    }
  });

  it('with the header the tasks pull and run, and the spec shows no credentials', async () => {
    const res = await request(t.url).post('/v1.41/services/create').set('X-Registry-Auth', AUTH).send(spec('with-auth'));
    expect(res.status).toBe(201);
    const tasks = await settled(res.body.ID);
    expect(tasks.map((x) => x.Status.State)).toEqual(['running', 'running']);
    const inspect = await request(t.url).get(`/services/${res.body.ID}`);
    expect(inspect.body.Spec.TaskTemplate.ContainerSpec.Image).toBe(IMAGE);
    expect(JSON.stringify(inspect.body)).not.toContain(AUTH);
    expect(JSON.stringify(tasks)).not.toContain(AUTH);
  });
});

describe('service create and update on API < 1.30: dockerd pins the image by digest itself', () => {
  it('with credentials the image is pinned; without, the spec keeps the tag and dockerd warns', async () => {
    const pinned = await request(t.url).post('/v1.29/services/create').set('X-Registry-Auth', AUTH).send(spec('pinned'));
    expect(pinned.status).toBe(201);
    expect(pinned.body.Warnings).toBeUndefined();
    const image = (await request(t.url).get(`/services/${pinned.body.ID}`)).body.Spec.TaskTemplate.ContainerSpec.Image;
    expect(image).toMatch(/^private\.registry\.test\/team\/app:1\.0@sha256:[0-9a-f]{64}$/);
    expect((await settled(pinned.body.ID)).map((x) => x.Status.State)).toEqual(['running', 'running']);

    const warned = await request(t.url).post('/v1.29/services/create').send(spec('warned'));
    expect(warned.status).toBe(201);
    expect(warned.body.Warnings).toEqual([digestWarning(IMAGE)]);
    expect((await request(t.url).get(`/services/${warned.body.ID}`)).body.Spec.TaskTemplate.ContainerSpec.Image).toBe(IMAGE);
  });

  it('an update without the header keeps (and pins with) the service\'s credentials', async () => {
    const svc = (await request(t.url).get('/services/pinned')).body;
    const res = await request(t.url)
      .post(`/v1.29/services/${svc.ID}/update?version=${svc.Version.Index}`)
      .send(spec('pinned', IMAGE, { Env: ['V=2'] }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Warnings: null });
    const tasks = await eventually(async () => {
      const ts = (await tasksOf(svc.ID)).filter((x) => x.DesiredState === 'running' && x.Spec.ContainerSpec.Env?.includes('V=2'));
      return ts.length === 2 && ts.every((x) => x.Status.State === 'running') ? ts : false;
    });
    expect(tasks).toHaveLength(2);
  });
});

describe('registryAuthFrom on update', () => {
  it('answers dockerd\'s errors for an unknown source and for previous-spec without a previous spec', async () => {
    const created = await request(t.url).post('/services/create').send(spec('auth-from', 'busybox:latest', { Args: ['sleep', '1000'] }));
    const svc = (await request(t.url).get(`/services/${created.body.ID}`)).body;
    const bogus = await request(t.url).post(`/services/${svc.ID}/update?version=${svc.Version.Index}&registryAuthFrom=elsewhere`).send(spec('auth-from', 'busybox:latest'));
    expect(bogus.status).toBe(500);
    expect(bogus.body.message).toBe('unsupported registryAuthFrom value');
    const previous = await request(t.url).post(`/services/${svc.ID}/update?version=${svc.Version.Index}&registryAuthFrom=previous-spec`).send(spec('auth-from', 'busybox:latest'));
    expect(previous.status).toBe(500);
    expect(previous.body.message).toBe('service does not have a previous spec');
  });

  it('an update that sends new credentials lets a service that could not pull run', async () => {
    const svc = (await request(t.url).get('/services/no-auth')).body;
    const res = await request(t.url).post(`/services/${svc.ID}/update?version=${svc.Version.Index}`).set('X-Registry-Auth', AUTH).send(spec('no-auth', IMAGE, { Env: ['RETRY=1'] }));
    expect(res.status).toBe(200);
    await eventually(async () => {
      const ts = (await tasksOf(svc.ID)).filter((x) => x.DesiredState === 'running' && x.Spec.ContainerSpec.Env?.includes('RETRY=1'));
      return ts.length === 2 && ts.every((x) => x.Status.State === 'running');
    });
  });
});

describe('credentials never leak', () => {
  it('the password and the header appear in no event, journal entry or log line', async () => {
    const events = JSON.stringify(t.daemon.engine.events.history());
    expect(events).toContain('service');
    const journal = JSON.stringify(t.daemon.control.journal.list());
    expect(stderr).toContain('POST /v1.41/services/create');
    for (const text of [events, journal, stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(AUTH);
    }
  });
});
