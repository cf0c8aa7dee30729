import { PassThrough, type Duplex } from 'node:stream';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { eventually, useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const t = useDaemon({ images: ['alpine:latest'] });
const client = () => dockerodeFor(t.daemon.dockerHost);

/** Split a multiplexed stream with dockerode's own demuxer. */
function demux(docker: Docker, stream: NodeJS.ReadableStream): Promise<{ stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  docker.modem.demuxStream(stream, out, err);
  return new Promise((resolve) => stream.on('end', () => resolve({ stdout, stderr })));
}

describe('dockerode streams', () => {
  it('container.attach + modem.demuxStream, attached before start', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const output = demux(docker, stream);
    await container.start();
    expect(await output).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await container.wait()).toEqual({ StatusCode: 3 }); // Error omitempty since API 1.42
  });

  it('container.attach with hijack and stdin', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true });
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    const output = demux(docker, stream);
    await container.start();
    stream.end('to cat\n');
    expect(await output).toEqual({ stdout: 'to cat\n', stderr: '' });
    expect((await container.wait()).StatusCode).toBe(0);
  });

  it('exec.start({hijack: true, stdin: true}) and exec.inspect', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] });
    await container.start();
    const exec = await container.exec({ Cmd: ['sh', '-c', 'cat; echo done >&2; exit 4'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
    const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const output = demux(docker, stream);
    stream.end('exec input\n');
    expect(await output).toEqual({ stdout: 'exec input\n', stderr: 'done\n' });
    expect(await exec.inspect()).toMatchObject({ Running: false, ExitCode: 4, ContainerID: container.id });
    await container.kill();
  });

  it('exec.start without hijack streams the output too', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] });
    await container.start();
    const exec = await container.exec({ Cmd: ['echo', 'plain'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    expect((await demux(docker, stream)).stdout).toBe('plain\n');
    await container.kill();
  });

  it('container.logs({follow: true}) streams until the container stops', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sh', '-c', 'echo one; sleep 0.3; echo two >&2'] });
    await container.start();
    const stream = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: false });
    expect(await demux(docker, stream)).toEqual({ stdout: 'one\n', stderr: 'two\n' });
    const past = await container.logs({ stdout: true, tail: 2 });
    expect(past).toEqual(Buffer.from('\x01\0\0\0\0\0\0\x04one\n', 'latin1'));
    expect(t.daemon.engine.containers.get(container.id).logs.followerCount()).toBe(0);
  });

  it('a destroyed logs stream leaves no follower', async () => {
    const docker = client();
    const container = await docker.createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] });
    await container.start();
    const stream = (await container.logs({ follow: true, stdout: true })) as unknown as { destroy(): void };
    await eventually(() => t.daemon.engine.containers.get(container.id).logs.followerCount() === 1);
    stream.destroy();
    await eventually(() => t.daemon.engine.containers.get(container.id).logs.followerCount() === 0);
    expect(t.daemon.engine.runtime.waiterCount()).toBe(0);
    await container.kill();
  });

  it('docker.run with one output stream (dockerode makes it a TTY)', async () => {
    const docker = client();
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const [result] = await docker.run('alpine', ['sh', '-c', 'echo via run; exit 2'], out);
    expect(result.StatusCode).toBe(2);
    expect(text).toBe('via run\r\n');
  });
});
