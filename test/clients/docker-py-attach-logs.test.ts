/** docker-py reads a hijacked head through a buffered reader, then the raw socket: a log replay must come after the head, as dockerd's does. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

// Over a unix socket the head and the replay tend to arrive in one read, as the bug needs.
const socket = path.join(mkdtempSync(path.join(tmpdir(), 'mockerd-attach-')), 'docker.sock');
const t = useDaemon({ images: ['alpine:latest'], hosts: [`unix://${socket}`] });
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'py', 'attach_logs.py');

describe('docker-py attach with logs', () => {
  it('attach(stream=False, logs=True) returns the whole log of an exited container, every time', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/python3', [script, `unix://${socket}`], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)));
    });
    expect(JSON.parse(out).outputs).toEqual(Array.from({ length: 10 }, (_, i) => `hello ${i}\n`));
  });
});
