/** Nested options in another casing are taken as dockerd's Go JSON decoding takes them (docker-py sends them so). */
import { beforeAll, describe, expect, it } from 'vitest';
import { foldKeys } from '../../src/engine/go-json.js';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);

beforeAll(async () => {
  expect((await api().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
});

describe('Go JSON field casing', () => {
  it('foldKeys maps keys case-insensitively onto the field names, an exact match winning', () => {
    expect(foldKeys({ order: 'start-first', PARALLELISM: 2, Extra: 1 }, ['Parallelism', 'Order'])).toEqual({ Order: 'start-first', Parallelism: 2, Extra: 1 });
    expect(foldKeys({ name: 'a', Name: 'b' }, ['Name'])).toEqual({ Name: 'b' });
  });

  it('a config created with templating {"name": "golang"} shows Templating.Name', async () => {
    const res = await api().post('/configs/create').send({ Name: 'favorite', Data: Buffer.from('x').toString('base64'), Templating: { name: 'golang' } });
    expect(res.status).toBe(201);
    expect((await api().get(`/configs/${res.body.ID}`)).body.Spec.Templating).toEqual({ Name: 'golang' });
  });

  it('a service RollbackConfig {"order": ...} is stored as Order', async () => {
    const res = await api().post('/services/create').send({
      Name: 'casing', TaskTemplate: { ContainerSpec: { Image: 'alpine', Command: ['sleep', '100'] } },
      RollbackConfig: { order: 'start-first', parallelism: 2 },
    });
    expect(res.status).toBe(201);
    expect((await api().get(`/services/${res.body.ID}`)).body.Spec.RollbackConfig).toEqual({ Order: 'start-first', Parallelism: 2 });
  });
});

describe('exec create field casing', () => {
  it('"detachKeys" in lower case is read as DetachKeys (docker-py sends it so)', async () => {
    const id = (await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['sleep', '100'] })).body.Id as string;
    await api().post(`/containers/${id}/start`);
    const bad = await api().post(`/containers/${id}/exec`).send({ Cmd: ['cat'], AttachStdin: true, Tty: true, detachKeys: 'bogus' });
    expect([bad.status, bad.body]).toEqual([500, { message: 'Invalid escape keys (bogus) provided' }]);
    const ok = await api().post(`/containers/${id}/exec`).send({ Cmd: ['cat'], AttachStdin: true, Tty: true, detachKeys: 'ctrl-p' });
    expect(ok.status).toBe(201);
  });
});

describe('container create HostConfig casing', () => {
  it('"CPURealtimePeriod"/"CPURealtimeRuntime" (docker-py) are read as CpuRealtimePeriod/CpuRealtimeRuntime', async () => {
    const res = await api()
      .post('/containers/create')
      .send({ Image: 'alpine', Cmd: ['true'], HostConfig: { CPURealtimePeriod: 1000, CPURealtimeRuntime: 500 } });
    expect(res.status).toBe(201);
    const hc = (await api().get(`/containers/${res.body.Id as string}/json`)).body.HostConfig as Record<string, unknown>;
    expect([hc.CpuRealtimePeriod, hc.CpuRealtimeRuntime, 'CPURealtimePeriod' in hc]).toEqual([1000, 500, false]);
  });
});
