/** DELETE of a container waiting to be restarted by its restart policy, as dockerd 20.10 answers. */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { eventually, useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);

describe('removing a restarting container', () => {
  it('is refused with 409 unless forced, naming the restarting state', async () => {
    const created = await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'], HostConfig: { RestartPolicy: { Name: 'always' } } });
    const id = created.body.Id as string;
    await api().post(`/containers/${id}/start`);
    // After a few restarts the back-off (100 ms, doubling) leaves it restarting most of the time.
    await eventually(async () => {
      const state = (await api().get(`/containers/${id}/json`)).body.State;
      return state.Restarting === true && (await api().get(`/containers/${id}/json`)).body.RestartCount >= 3;
    });
    const refused = await api().delete(`/containers/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(new RegExp(`^You cannot remove a (restarting|running) container ${id}\\. Stop the container before attempting removal or force remove$`));
    expect((await api().delete(`/containers/${id}?force=1`)).status).toBe(204);
  });
});
