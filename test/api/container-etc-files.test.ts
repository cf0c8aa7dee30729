/** /etc/hostname, /etc/hosts and /etc/resolv.conf in a started container, as dockerd 20.10 writes them. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { demultiplex } from '../../src/server/stdcopy.js';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);
const LOCALHOST = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';

async function runAndRead(body: object): Promise<{ id: string; out: string }> {
  const id = (await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['sh', '-c', 'cat /etc/hostname /etc/hosts; echo ---; cat /etc/resolv.conf'], ...body })).body.Id as string;
  expect((await api().post(`/containers/${id}/start`)).status).toBe(204);
  await api().post(`/containers/${id}/wait`);
  const logs = await request(t.url).get(`/containers/${id}/logs?stdout=1&stderr=1`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  return { id, out: demultiplex(logs.body as Buffer).map((f) => f.payload.toString()).join('') };
}

describe('files dockerd mounts into a container', () => {
  it('on the default bridge: the hostname, ExtraHosts and its own address, the host servers or HostConfig.Dns', async () => {
    const { id, out } = await runAndRead({ HostConfig: { ExtraHosts: ['foo:1.2.3.4'], Dns: ['9.9.9.9'], DnsSearch: ['example.test'] } });
    const inspect = (await api().get(`/containers/${id}/json`)).body;
    const host = id.slice(0, 12);
    expect(out).toBe(`${host}\n${LOCALHOST}1.2.3.4\tfoo\n${inspect.NetworkSettings.Networks.bridge.IPAddress || '172.17.0.2'}\t${host}\n---\nnameserver 9.9.9.9\nsearch example.test\n`);
  });

  it('legacy links on the default bridge: alias, hostname and name of the linked container, after ExtraHosts', async () => {
    const db = (await api().post('/containers/create?name=etc-db').send({ Image: 'alpine', Cmd: ['sleep', '1000'], Hostname: 'dbhost' })).body.Id as string;
    await api().post(`/containers/${db}/start`);
    const dbIp = (await api().get(`/containers/${db}/json`)).body.NetworkSettings.Networks.bridge.IPAddress as string;
    const { out } = await runAndRead({ HostConfig: { Links: ['etc-db:database', 'etc-db'], ExtraHosts: ['foo:1.2.3.4'] } });
    const lines = out.split('---\n')[0]!.split('\n');
    expect(lines.slice(7, 10)).toEqual(['1.2.3.4\tfoo', `${dbIp}\tdatabase dbhost etc-db`, `${dbIp}\tetc-db dbhost`]);
    await api().delete(`/containers/${db}?force=1`);
  });

  it('on a user-defined network: the embedded DNS server with ndots:0', async () => {
    await api().post('/networks/create').send({ Name: 'etc-net' });
    const { out } = await runAndRead({ HostConfig: { NetworkMode: 'etc-net' } });
    expect(out.split('---\n')[1]).toBe('nameserver 127.0.0.11\noptions ndots:0\n');
  });

  it('with --network none: localhost lines only', async () => {
    const { id, out } = await runAndRead({ HostConfig: { NetworkMode: 'none' } });
    expect(out.split('---\n')[0]).toBe(`${id.slice(0, 12)}\n${LOCALHOST}`);
  });

  it('the archive endpoint serves them (dockerode reads /etc/resolv.conf that way)', async () => {
    const { id } = await runAndRead({});
    const res = await request(t.url).head(`/containers/${id}/archive?path=/etc/resolv.conf`);
    expect(res.status).toBe(200);
    const stat = JSON.parse(Buffer.from(String(res.headers['x-docker-container-path-stat']), 'base64').toString());
    expect(stat).toMatchObject({ name: 'resolv.conf', size: 'nameserver 8.8.8.8\n'.length });
  });
});

describe('before the first start', () => {
  it('the files exist, empty, as in dockerd init layer (dockerode reads /etc/resolv.conf of a created container)', async () => {
    const id = (await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'] })).body.Id as string;
    const res = await request(t.url).head(`/containers/${id}/archive?path=/etc/resolv.conf`);
    expect(res.status).toBe(200);
    const stat = JSON.parse(Buffer.from(String(res.headers['x-docker-container-path-stat']), 'base64').toString());
    expect(stat).toMatchObject({ name: 'resolv.conf', size: 0 });
  });
});
