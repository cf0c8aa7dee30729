/**
 * Client flows: run a real docker CLI through a byte-logging unix-socket proxy in
 * front of the oracle, and save what went over each connection (both directions,
 * byte-exact as latin1 strings, truncated) plus the request/status lines.
 * Shows exactly what clients send (ping, negotiation, run = create/attach/wait/start...).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Recorder } from './lib.js';
import { redact } from './lib.js';
import { makeTar } from './tar.js';

const MAX = 24 * 1024;

interface Conn {
  opened: number;
  c2s: Buffer[];
  s2c: Buffer[];
}

export interface FlowConnection {
  openedMs: number;
  /** request lines found in the client->daemon bytes */
  requests: string[];
  /** status lines found in the daemon->client bytes */
  responses: string[];
  /** bytes, latin1-decoded (Buffer.from(s, 'latin1') gives them back), truncated to 24 KiB */
  clientToDaemon: string;
  daemonToClient: string;
  clientToDaemonLength: number;
  daemonToClientLength: number;
}

async function runFlow(upstream: string, cli: string, argv: string[], env: Record<string, string>, stdin?: string): Promise<{ exitCode: number | null; stdout: string; stderr: string; connections: FlowConnection[] }> {
  const sock = path.join(os.tmpdir(), `golden-proxy-${process.pid}.sock`);
  fs.rmSync(sock, { force: true });
  const conns: Conn[] = [];
  const t0 = Date.now();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const c: Conn = { opened: Date.now() - t0, c2s: [], s2c: [] };
    conns.push(c);
    const up = net.connect({ path: upstream, allowHalfOpen: true });
    client.on('data', (d: Buffer) => {
      c.c2s.push(d);
      up.write(d);
    });
    up.on('data', (d: Buffer) => {
      c.s2c.push(d);
      client.write(d);
    });
    client.on('end', () => up.end());
    up.on('end', () => client.end());
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
  });
  await new Promise<void>((res) => server.listen(sock, res));
  const child = spawn(cli, ['-H', `unix://${sock}`, ...argv], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (stdin !== undefined) child.stdin.write(stdin);
  child.stdin.end();
  const exitCode = await new Promise<number | null>((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(t);
      res(code);
    });
  });
  await new Promise((r) => setTimeout(r, 200));
  server.close();
  fs.rmSync(sock, { force: true });
  const connections = conns.map((c): FlowConnection => {
    const a = Buffer.concat(c.c2s);
    const b = Buffer.concat(c.s2c);
    const at = a.toString('latin1');
    const bt = b.toString('latin1');
    return {
      openedMs: c.opened,
      requests: [...at.matchAll(/(?:^|\n)((?:GET|POST|PUT|HEAD|DELETE) \S+ HTTP\/1\.1)\r\n/g)].map((m) => m[1]!),
      responses: [...bt.matchAll(/(?:^|\n)(HTTP\/1\.1 \d{3}[^\r]*)\r\n/g)].map((m) => m[1]!),
      clientToDaemon: at.slice(0, MAX),
      daemonToClient: bt.slice(0, MAX),
      clientToDaemonLength: a.length,
      daemonToClientLength: b.length,
    };
  });
  return { exitCode, stdout, stderr, connections };
}

export async function flowsSection(r: Recorder): Promise<void> {
  const clis = [
    { id: 'cli28', path: '/usr/local/bin/docker', label: 'docker CLI 28.2.2 (API 1.50, negotiates down to 1.41)' },
    { id: 'cli20', path: '/usr/bin/docker', label: 'docker CLI 20.10 (Debian docker.io)' },
  ].filter((c) => fs.existsSync(c.path));
  const dir = path.join(r.outDir, 'flows');
  fs.mkdirSync(dir, { recursive: true });
  const ctxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-ctx-'));
  fs.writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM busybox\nRUN echo hello > /hello\nCMD ["cat", "/hello"]\n');
  void makeTar;
  const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-cfg-'));
  const env = { DOCKER_CONFIG: cfg, DOCKER_CLI_HINTS: 'false', DOCKER_BUILDKIT: '0' };
  const flows: Array<[string, string[], string?]> = [
    ['version', ['version']],
    ['ps-a', ['ps', '-a']],
    ['run-rm-exit3', ['run', '--rm', '--name', 'golden-flow-run', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']],
    ['run-interactive-stdin', ['run', '--rm', '-i', 'busybox', 'cat'], 'piped stdin\n'],
    ['run-detached', ['run', '-d', '--name', 'golden-flow-d', 'busybox', 'sh', '-c', 'echo started; sleep 300']],
    ['logs', ['logs', '-t', 'golden-flow-d']],
    ['exec', ['exec', 'golden-flow-d', 'sh', '-c', 'echo in-exec; exit 2']],
    ['stop', ['stop', '-t', '1', 'golden-flow-d']],
    ['rm', ['rm', 'golden-flow-d']],
    ['run-unknown-image', ['run', '--rm', 'nosuchimage']],
    ['run-unknown-executable', ['run', '--rm', 'busybox', '/nonexistent']],
    ['build-classic', ['build', '-t', 'golden-flow-build', ctxDir]],
    ['rmi', ['rmi', 'golden-flow-build']],
    ['network-create-rm', ['network', 'create', 'golden-flow-net']],
    ['network-rm', ['network', 'rm', 'golden-flow-net']],
    ['volume-create', ['volume', 'create', 'golden-flow-vol']],
    ['volume-rm', ['volume', 'rm', 'golden-flow-vol']],
    ['inspect-not-found', ['inspect', 'nosuch']],
    ['pull-no-network', ['pull', 'busybox:1.36']],
  ];
  for (const cli of clis) {
    for (const [name, argv, stdin] of flows) {
      const res = await runFlow(r.socket, cli.path, argv, env, stdin);
      const out = redact({ cli: cli.label, argv: ['docker', ...argv], stdin: stdin ?? null, ...res });
      fs.writeFileSync(path.join(dir, `${cli.id}-${name}.json`), JSON.stringify(out, null, 2) + '\n');
      r.count++;
      r.counts.flows = (r.counts.flows ?? 0) + 1;
      console.log(`flow ${cli.id} ${name}: exit ${res.exitCode}; ${res.connections.flatMap((c) => c.requests).join(', ').slice(0, 200)}`);
    }
  }
  fs.rmSync(ctxDir, { recursive: true, force: true });
  fs.rmSync(cfg, { recursive: true, force: true });
}
