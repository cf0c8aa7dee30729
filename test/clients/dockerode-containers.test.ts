import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const t = useDaemon({ images: ['alpine:latest', 'nginx:latest'] });
const client = () => dockerodeFor(t.daemon.dockerHost);

describe('dockerode container flows', () => {
  it('creates, starts, lists, inspects, stops and removes', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'nginx', name: 'dn-web', Labels: { app: 'web' } });
    await container.start();
    const list = await docker.listContainers({ filters: { label: ['app=web'] } });
    expect(list.map((c) => c.Names[0])).toEqual(['/dn-web']);
    expect(list[0]!.State).toBe('running');
    const info = await container.inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Image).toBe('nginx');
    await container.stop();
    expect((await container.inspect()).State.Status).toBe('exited');
    await container.remove();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('container.wait() returns the exit code', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sh', '-c', 'exit 42'] });
    const waiting = container.wait({ condition: 'next-exit' });
    await container.start();
    expect(await waiting).toEqual({ StatusCode: 42 }); // Error omitempty since API 1.42
  });

  it('kill, pause, unpause, restart and rename', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], name: 'dn-life' });
    await container.start();
    await container.pause();
    expect((await container.inspect()).State.Paused).toBe(true);
    await container.unpause();
    await container.restart({ t: 0 });
    await container.rename({ name: 'dn-renamed' });
    expect((await container.inspect()).Name).toBe('/dn-renamed');
    await container.kill({ signal: 'SIGKILL' });
    expect((await container.inspect()).State.ExitCode).toBe(137);
  });

  it('reports dockerd errors with their status codes', async () => {
    const docker = client();
    await expect(docker.createContainer({ Image: 'nosuchimage' })).rejects.toMatchObject({
      statusCode: 404,
      json: { message: 'No such image: nosuchimage:latest' },
    });
    const c = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'] });
    await c.start();
    await expect(c.start()).rejects.toMatchObject({ statusCode: 304 });
    await expect(c.remove()).rejects.toMatchObject({ statusCode: 409 });
    await c.remove({ force: true });
  });

  it('prunes stopped containers', async () => {
    const docker = client();
    const c = await docker.createContainer({ Image: 'alpine', Cmd: ['true'], Labels: { prune: 'me' } });
    const res = await docker.pruneContainers({ filters: { label: ['prune=me'] } });
    expect(res.ContainersDeleted).toEqual([c.id]);
  });
});
