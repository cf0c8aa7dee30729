import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';
import { DockerCli } from '../support/docker-cli.js';

const strict = useDaemon({ strict: true, images: ['alpine:latest', 'nginx:latest'] });
const lenient = useDaemon({ images: ['alpine:latest'] });

const post = (url: string, path: string, body: unknown) =>
  fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('strict mode', () => {
  it('refuses an unknown body field and records it in the journal', async () => {
    const res = await apiClient(strict.url).post('/containers/create?name=s1').set('Content-Type', 'application/json').send({ Image: 'alpine', Cmdd: ['true'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('strict mode: unknown body field "Cmdd" for POST /containers/create at API 1.55');
    const journal = (await apiClient(strict.url).get('/_mockerd/journal')).body as Array<{ path: string; status: number; strict?: string }>;
    const entry = journal.find((e) => e.path.startsWith('/containers/create?name=s1'));
    expect(entry).toMatchObject({ status: 400, strict: res.body.message });
  });

  it('checks nested fields too, by path, matching keys case-insensitively as dockerd decodes them', async () => {
    const res = await post(strict.url, '/containers/create', {
      Image: 'alpine',
      cmd: ['true'],
      HostConfig: { Memroy: 1, RestartPolicy: { Name: 'no', Retries: 2 }, Mounts: [{ Type: 'volume', Target: '/d', Sourec: 'x' }] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'strict mode: unknown body field "HostConfig.Memroy" for POST /containers/create at API 1.55; ' +
        'unknown body field "HostConfig.RestartPolicy.Retries" for POST /containers/create at API 1.55; ' +
        'unknown body field "HostConfig.Mounts[0].Sourec" for POST /containers/create at API 1.55',
    );
    // Free-form maps (Labels, Env-like objects) take any key.
    expect((await post(strict.url, '/containers/create', { Image: 'alpine', Labels: { 'any.key': 'v' }, HostConfig: { Sysctls: { 'net.x': '1' } } })).status).toBe(201);
  });

  it('lets the docker CLIs through: what they send is all declared', async () => {
    for (const binary of ['/usr/local/bin/docker', '/usr/bin/docker']) {
      const docker = new DockerCli({ host: strict.daemon.dockerHost, binary });
      const run = await docker.run(['run', '-d', '-p', '8080', '-v', 'data:/data', '-e', 'A=1', '--restart', 'on-failure:2', '--memory', '64m', '--cpus', '1', '--label', 'x=y', '--health-cmd', 'true', '--ulimit', 'nofile=1024:2048', '--cap-add', 'NET_ADMIN', '--tmpfs', '/run', '--add-host', 'h:10.0.0.1', 'nginx']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const id = run.stdout.trim();
      for (const args of [['update', '--memory', '128m', '--memory-swap', '256m', id], ['exec', '-e', 'B=2', '-w', '/tmp', id, 'true'], ['network', 'create', '--subnet', `10.9.${binary.length}.0/24`, `n${binary.length}`], ['volume', 'create', '--label', 'a=b', `v${binary.length}`], ['rm', '-f', id]]) {
        const r = await docker.run(args);
        expect([args[0], r.code, r.stderr]).toEqual([args[0], 0, '']);
      }
      docker.cleanup();
    }
  });

  it('refuses query parameters the negotiated version does not declare (dockerode copies create options into the query)', async () => {
    const res = await post(strict.url, '/v1.41/containers/create?Image=alpine&name=s2', { Image: 'alpine' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('strict mode: query parameter "Image" is not valid for POST /containers/create at API 1.41');
    // platform appeared in 1.41; at 1.40 it is not valid.
    const old = await post(strict.url, '/v1.40/containers/create?platform=linux', { Image: 'alpine' });
    expect(((await old.json()) as { message: string }).message).toContain('query parameter "platform" is not valid for POST /containers/create at API 1.40');
    expect((await post(strict.url, '/v1.41/containers/create?platform=linux&name=s3', { Image: 'alpine' })).status).toBe(201);
  });

  it('default mode keeps ignoring them', async () => {
    expect((await post(lenient.url, '/containers/create?Image=alpine&name=l1', { Image: 'alpine', Cmdd: ['x'] })).status).toBe(201);
  });

  it('accepts what the spec declares', async () => {
    expect((await apiClient(strict.url).get('/containers/json?all=1&filters=%7B%7D')).status).toBe(200);
    expect((await apiClient(strict.url).get('/plugins')).status).toBe(200);
  });
});
