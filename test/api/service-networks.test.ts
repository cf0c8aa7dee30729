/** Service network attachments are stored by network ID, whatever name the client sent (dockerd's populateNetworkID). */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);
let overlay: string;

beforeAll(async () => {
  expect((await api().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
  overlay = (await api().post('/networks/create').send({ Name: 'svc-net-1', Driver: 'overlay' })).body.Id;
  await api().post('/networks/create').send({ Name: 'svc-local', Driver: 'bridge' });
});

const spec = (name: string, networks: object[]) => ({
  Name: name,
  TaskTemplate: { ContainerSpec: { Image: 'alpine', Command: ['sleep', '1000'] }, Networks: networks },
});

describe('service networks', () => {
  it('a network named in TaskTemplate.Networks is stored by ID, aliases kept', async () => {
    const res = await api().post('/services/create').send(spec('by-name', [{ Target: 'svc-net-1', Aliases: ['web'] }]));
    expect(res.status).toBe(201);
    const inspect = await api().get(`/services/${res.body.ID}`);
    expect(inspect.body.Spec.TaskTemplate.Networks).toEqual([{ Target: overlay, Aliases: ['web'] }]);
  });

  it('an update naming the network by name stores its ID too', async () => {
    const res = await api().post('/services/create').send(spec('updated', []));
    const before = (await api().get(`/services/${res.body.ID}`)).body;
    const upd = await api().post(`/services/${res.body.ID}/update?version=${before.Version.Index}`).send(spec('updated', [{ Target: 'svc-net-1' }]));
    expect(upd.status).toBe(200);
    // Unvalidated: the swagger leaves out PreviousSpec, which dockerd sends after an update.
    expect((await request(t.url).get(`/services/${res.body.ID}`)).body.Spec.TaskTemplate.Networks).toEqual([{ Target: overlay }]);
  });

  it('an unknown network is 404 and a local one is refused with 403, as dockerd words them', async () => {
    const missing = await api().post('/services/create').send(spec('nonet', [{ Target: 'no-such-net' }]));
    expect([missing.status, missing.body]).toEqual([404, { message: 'network no-such-net not found' }]);
    const local = await api().post('/services/create').send(spec('localnet', [{ Target: 'svc-local' }]));
    expect([local.status, local.body]).toEqual([403, { message: 'The network svc-local cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.' }]);
  });
});
