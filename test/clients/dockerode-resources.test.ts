/** dockerode's documented calls for networks, volumes, plugins, exec, secrets, configs and tasks. */
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const engine = useDaemon({ images: ['alpine:latest'] });
const swarm = useDaemon({ nodes: 2, clock: 'virtual', images: ['busybox:latest'] });

const readAll = (stream: NodeJS.ReadableStream): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });

describe('dockerode networks and volumes', () => {
  it('creates a network, connects a container, sees it in inspect, disconnects and removes it', async () => {
    const docker = dockerodeFor(engine.daemon.dockerHost);
    const network = await docker.createNetwork({ Name: 'dn-back', Driver: 'bridge', Labels: { team: 'a' } });
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], name: 'dn-box' });
    await container.start();
    await network.connect({ Container: 'dn-box', EndpointConfig: { Aliases: ['db'] } });
    const inspected = await network.inspect();
    expect(inspected.Name).toBe('dn-back');
    expect(Object.values(inspected.Containers as Record<string, { Name: string }>).map((c) => c.Name)).toEqual(['dn-box']);
    const listed = await docker.listNetworks({ filters: { label: ['team=a'] } });
    expect(listed.map((n) => n.Name)).toEqual(['dn-back']);
    await expect(network.remove()).rejects.toMatchObject({ statusCode: 403 });
    await network.disconnect({ Container: 'dn-box' });
    await network.remove();
    await expect(docker.getNetwork('dn-back').inspect()).rejects.toMatchObject({ statusCode: 404 });
    await container.remove({ force: true });
  });

  it('creates, lists, inspects and removes volumes; an in-use volume is refused', async () => {
    const docker = dockerodeFor(engine.daemon.dockerHost);
    const volume = await docker.createVolume({ Name: 'dv-data', Labels: { keep: 'yes' } });
    expect(volume.name).toBe('dv-data');
    const info = await docker.getVolume('dv-data').inspect();
    expect([info.Driver, info.Mountpoint, info.Labels]).toEqual(['local', '/var/lib/docker/volumes/dv-data/_data', { keep: 'yes' }]);
    const { Volumes } = await docker.listVolumes({ filters: { label: ['keep=yes'] } });
    expect(Volumes.map((v) => v.Name)).toEqual(['dv-data']);
    const user = await docker.createContainer({ Image: 'alpine', Cmd: ['true'], HostConfig: { Binds: ['dv-data:/data'] } });
    await expect(docker.getVolume('dv-data').remove()).rejects.toMatchObject({ statusCode: 409 });
    await user.remove();
    await docker.getVolume('dv-data').remove();
    expect((await docker.listVolumes()).Volumes ?? []).toEqual([]);
  });
});

describe('dockerode exec', () => {
  it('exec.start with hijack demuxes stdout and stderr, and inspect reports the exit code', async () => {
    const docker = dockerodeFor(engine.daemon.dockerHost);
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'] });
    await container.start();
    const exec = await container.exec({ Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 4'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out: string[] = [];
    const err: string[] = [];
    docker.modem.demuxStream(stream, { write: (c: Buffer) => out.push(c.toString()) } as never, { write: (c: Buffer) => err.push(c.toString()) } as never);
    await new Promise((resolve) => stream.on('end', resolve));
    expect([out.join(''), err.join('')]).toEqual(['out\n', 'err\n']);
    expect(await exec.inspect()).toMatchObject({ Running: false, ExitCode: 4 });
    await container.remove({ force: true });
  });
});

describe('dockerode plugins', () => {
  it('privileges, pull with them, enable, list, disable, remove', async () => {
    const docker = dockerodeFor(engine.daemon.dockerHost);
    const plugin = docker.getPlugin('vieux/sshfs:latest', 'vieux/sshfs:latest');
    const privileges = (await plugin.privileges()) as { Name: string; Value: string[] }[];
    expect(privileges.map((p) => p.Name)).toContain('network');
    const progress = await readAll((await plugin.pull({ _query: { remote: 'vieux/sshfs:latest' }, _body: privileges })) as NodeJS.ReadableStream);
    expect(progress).toContain('Download complete');
    await plugin.enable({ timeout: 0 });
    const [listed] = await docker.listPlugins();
    expect([listed!.Name, listed!.Enabled]).toEqual(['vieux/sshfs:latest', true]);
    await expect(plugin.remove()).rejects.toMatchObject({ statusCode: 409 }); // enabled: dockerd's enabledError is a Conflict
    await plugin.disable();
    await plugin.remove();
    expect(await docker.listPlugins()).toEqual([]);
  });
});

describe('dockerode secrets, configs and tasks', () => {
  it('creates secrets and configs, a service uses them, and its task is inspected', async () => {
    const docker = dockerodeFor(swarm.daemon.dockerHost);
    await docker.swarmInit({ ListenAddr: '0.0.0.0:2377' });
    const secret = await docker.createSecret({ Name: 'ds-token', Data: Buffer.from('s3cret').toString('base64') });
    const config = await docker.createConfig({ Name: 'ds-conf', Data: Buffer.from('a=1\n').toString('base64') });
    expect((await docker.getSecret(secret.id).inspect()).Spec).toEqual({ Name: 'ds-token', Labels: {} });
    expect(Buffer.from((await docker.getConfig(config.id).inspect()).Spec!.Data!, 'base64').toString()).toBe('a=1\n');
    expect((await docker.listSecrets()).map((s) => s.Spec!.Name)).toEqual(['ds-token']);
    await docker.createService({
      Name: 'ds-svc',
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:latest',
          Args: ['sleep', 'infinity'],
          Secrets: [{ SecretID: secret.id, SecretName: 'ds-token', File: { Name: 'token', UID: '0', GID: '0', Mode: 0o444 } }],
          Configs: [{ ConfigID: config.id, ConfigName: 'ds-conf', File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } }],
        },
      },
    });
    const task = (await eventually(async () => {
      const [first] = await docker.listTasks({ filters: { service: ['ds-svc'] } });
      return first?.Status?.State === 'running' && first;
    })) as { ID: string };
    const inspected = await docker.getTask(task.ID).inspect();
    expect(inspected.Spec.ContainerSpec.Secrets[0].SecretName).toBe('ds-token');
    const container = docker.getContainer(inspected.Status.ContainerStatus.ContainerID);
    const exec = await container.exec({ Cmd: ['cat', '/run/secrets/token', '/etc/app.conf'], AttachStdout: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out: string[] = [];
    docker.modem.demuxStream(stream, { write: (c: Buffer) => out.push(c.toString()) } as never, process.stderr);
    await new Promise((resolve) => stream.on('end', resolve));
    expect(out.join('')).toBe('s3creta=1\n');
    await expect(docker.getSecret(secret.id).remove()).rejects.toMatchObject({ statusCode: 400 });
  });
});
