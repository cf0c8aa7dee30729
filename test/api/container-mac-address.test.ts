/** Config.MacAddress (how API < 1.44 clients ask for a MAC) becomes the primary endpoint's address, as dockerd applies it. */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });

describe('Config.MacAddress', () => {
  it('is the MAC of the default bridge endpoint while the container runs (API 1.41)', async () => {
    const api = apiClient(t.url);
    const id = (await api.post('/v1.41/containers/create').send({ Image: 'alpine', Cmd: ['sleep', '100'], MacAddress: '02:42:ac:11:00:0a' })).body.Id as string;
    await api.post(`/v1.41/containers/${id}/start`);
    const inspect = (await api.get(`/v1.41/containers/${id}/json`)).body;
    expect(inspect.NetworkSettings.MacAddress).toBe('02:42:ac:11:00:0a');
    expect(inspect.NetworkSettings.Networks.bridge.MacAddress).toBe('02:42:ac:11:00:0a');
  });
});
