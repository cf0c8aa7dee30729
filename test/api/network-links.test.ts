/** Legacy links on a user-defined network: the alias resolves, from the linking container only (dockerd's embedded DNS). */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);

async function runOn(network: string, cmd: string[], links?: string[]): Promise<number> {
  const body = { Image: 'alpine', Cmd: cmd, HostConfig: { NetworkMode: network }, NetworkingConfig: { EndpointsConfig: { [network]: links ? { Links: links } : {} } } };
  const id = (await api().post('/containers/create').send(body)).body.Id as string;
  // supertest sends on then(): wait must be on its way before start.
  const waiting = api().post(`/containers/${id}/wait?condition=next-exit`).then((r) => r);
  await api().post(`/containers/${id}/start`);
  return (await waiting).body.StatusCode as number;
}

describe('links on a user-defined network', () => {
  it('resolve the link alias to the linked container, only for the container that has the link', async () => {
    await api().post('/networks/create').send({ Name: 'links-net' });
    const upstream = (await api().post('/containers/create?name=links-upstream').send({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'links-net' } })).body.Id;
    await api().post(`/containers/${upstream}/start`);
    expect(await runOn('links-net', ['nslookup', 'bar'], ['links-upstream:bar'])).toBe(0);
    expect(await runOn('links-net', ['nslookup', 'bar'])).toBe(1);
    expect(await runOn('links-net', ['nslookup', 'links-upstream'])).toBe(0);
  });
});
