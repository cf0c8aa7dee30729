/**
 * A TTY echoes typed input in one write per chunk, as a pty does: dockerode's own suite writes
 * 1000 bytes to `wc -c` and reads the count when wait() answers, which failed while the
 * echo went out byte by byte and was still arriving after the container had exited.
 */
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { dockerodeFor } from '../support/dockerode.js';

const t = useDaemon({ images: ['ubuntu:latest'] });

describe('TTY echo', () => {
  it('everything (echo and output) has arrived on the attach stream when wait answers', async () => {
    const docker = dockerodeFor(t.daemon.dockerHost);
    for (let i = 0; i < 5; i++) {
      const c = await docker.createContainer({ Image: 'ubuntu', Cmd: ['wc', '-c'], Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
      const stream = await c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
      let output = '';
      stream.on('data', (d: Buffer) => (output += d.toString()));
      await c.start();
      stream.write('x'.repeat(1000) + '\n\x04');
      await c.wait();
      expect(output).toBe('x'.repeat(1000) + '\r\n1001\r\n');
    }
  });
});
