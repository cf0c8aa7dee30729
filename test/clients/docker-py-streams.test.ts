import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'py', 'streams.py');

function runPython(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [script, t.daemon.dockerHost], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker-py flows failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('docker-py streams', () => {
  it('runs, execs, follows logs and attaches like against dockerd', async () => {
    const r = await runPython();
    expect(r.run).toBe('hello\n');
    expect(r.run_error).toEqual({ exit_status: 3, stderr: 'err\n' });
    expect(r.exec_run).toEqual({ exit_code: 3, output: 'hi\n' });
    expect(r.exec_run_demux).toEqual(['out\n', 'err\n']);
    expect(r.exec_run_stream).toBe('a\nb\n');
    expect(r.logs_stream).toBe('one\ntwo\n');
    expect(r.logs_timestamps).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z two\n$/);
    expect(r.attach_socket).toEqual([[1, 'over the socket\n']]);
    expect(r.attach_socket_exit).toBe(0);
    expect(r.attach_stream).toBe('attached\n');
  });
});
