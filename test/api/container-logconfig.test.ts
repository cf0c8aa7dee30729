/** HostConfig.LogConfig at create, as dockerd 20.10 answers (recorded against it). */
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);

describe('container create: logging driver', () => {
  it('an empty Type is the daemon default json-file, keeping the options given', async () => {
    const res = await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'], HostConfig: { LogConfig: { Type: '', Config: { 'max-file': '100' } } } });
    expect(res.status).toBe(201);
    const inspect = await api().get(`/containers/${res.body.Id}/json`);
    expect(inspect.body.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-file': '100' } });
  });

  it('no LogConfig at all shows json-file with no options', async () => {
    const res = await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'] });
    const inspect = await api().get(`/containers/${res.body.Id}/json`);
    expect(inspect.body.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: {} });
  });

  it('other built-in drivers are accepted', async () => {
    for (const Type of ['none', 'local', 'syslog']) {
      const res = await api().post('/containers/create').send({ Image: 'alpine', HostConfig: { LogConfig: { Type, Config: {} } } });
      expect(res.status, Type).toBe(201);
    }
  });

  it.each([
    ['an unknown driver', { Type: 'asdf', Config: {} }, 'error looking up logging plugin asdf: plugin "asdf" not found'],
    ['an unknown json-file option', { Type: 'json-file', Config: { bogus: '1' } }, "unknown log opt 'bogus' for json-file log driver"],
  ])('refuses %s with 400', async (_what, LogConfig, message) => {
    const res = await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'], HostConfig: { LogConfig } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message });
  });
});
