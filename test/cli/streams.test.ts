import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTlsFiles } from '../../src/daemon.js';
import { startDaemon, type Daemon } from '../../src/index.js';
import { makeTestCerts, type TestCerts } from '../support/tls.js';
import { eventually, useDaemon } from '../support/daemon.js';
import { DOCKER_CLI, DockerCli } from '../support/docker-cli.js';
import { startByteProxy } from '../support/byte-proxy.js';
import { loadGoldenFlow } from '../support/golden.js';
import { MAX_API_VERSION } from '../../src/api/versions.js';
import { SERVER_HEADER } from '../../src/api/headers.js';

const t = useDaemon({ images: ['alpine:latest', 'busybox:latest'] });
const docker = (args: string[], input?: string) => t.docker.run(args, input === undefined ? {} : { input });

/** Run a docker command inside a pseudo-terminal (util-linux `script`), as a user at a terminal would. */
function inTerminal(args: string[], input = ''): Promise<{ output: string; code: number }> {
  const quoted = [DOCKER_CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = execFile('script', ['-qec', quoted, '/dev/null'], { env: t.docker.env({ TERM: 'xterm' }), timeout: 20_000 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ output: String(stdout), code });
    });
    child.stdin?.end(input);
  });
}

describe('docker run (attached)', () => {
  it('prints hello and exits 0', async () => {
    expect(await docker(['run', '--rm', 'alpine', 'echo', 'hello'])).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
  });

  it('puts stdout and stderr on the right streams and exits with the status', async () => {
    expect(await docker(['run', '--rm', 'alpine', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 3 });
  });

  it('passes piped stdin with -i', async () => {
    expect(await docker(['run', '-i', '--rm', 'alpine', 'cat'], 'data\n')).toEqual({ stdout: 'data\n', stderr: '', code: 0 });
  });

  it('works with -t in a pseudo-terminal', async () => {
    const { output, code } = await inTerminal(['run', '--rm', '-t', 'alpine', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    // The container's TTY sends "out\r\n"; without -i the CLI leaves the outer terminal cooked, which adds its own \r.
    expect(output).toBe('out\r\r\nerr\r\r\n');
    expect(code).toBe(3);
  });

  it('runs an interactive shell with -it', async () => {
    const { output, code } = await inTerminal(['run', '--rm', '-it', 'alpine', 'sh'], 'echo typed; exit 7\n');
    expect(output).toContain('typed\r\n');
    expect(code).toBe(7);
  });

  it('leaves no container, waiter or follower behind with --rm', async () => {
    await docker(['run', '--rm', 'alpine', 'echo', 'x']);
    await eventually(() => t.daemon.engine.containers.list().every((c) => c.running || c.hostConfig.AutoRemove === false));
    expect(t.daemon.engine.runtime.waiterCount()).toBe(0);
  });
});

describe('docker exec', () => {
  it('prints the output and exits with the command status', async () => {
    await docker(['run', '-d', '--name', 'ex1', 'alpine', 'sleep', '300']);
    expect(await docker(['exec', 'ex1', 'sh', '-c', 'echo hi; exit 3'])).toEqual({ stdout: 'hi\n', stderr: '', code: 3 });
    expect(await docker(['exec', 'ex1', 'sh', '-c', 'echo oops >&2'])).toEqual({ stdout: '', stderr: 'oops\n', code: 0 });
  });

  it('passes stdin with -i', async () => {
    expect(await docker(['exec', '-i', 'ex1', 'cat'], 'piped\n')).toEqual({ stdout: 'piped\n', stderr: '', code: 0 });
  });

  it('works with -t in a pseudo-terminal', async () => {
    const { output, code } = await inTerminal(['exec', '-t', 'ex1', 'sh', '-c', 'echo tty; exit 5']);
    expect(output).toBe('tty\r\r\n');
    expect(code).toBe(5);
  });

  it('says so for a stopped container', async () => {
    await docker(['create', '--name', 'ex-created', 'alpine', 'true']);
    const res = await docker(['exec', 'ex-created', 'true']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Error response from daemon: container [0-9a-f]{64} is not running|Container [0-9a-f]{64} is not running/);
  });
});

describe('docker attach, start -ai, logs, stats', () => {
  it('attach shows the output and exits with the container status', async () => {
    await docker(['run', '-d', '--name', 'att1', 'alpine', 'sh', '-c', 'sleep 0.5; echo attached; exit 5']);
    expect(await docker(['attach', 'att1'])).toEqual({ stdout: 'attached\n', stderr: '', code: 5 });
  });

  it('start -ai attaches stdin and output', async () => {
    await docker(['create', '-i', '--name', 'sai', 'alpine', 'cat']);
    expect(await docker(['start', '-ai', 'sai'], 'again\n')).toEqual({ stdout: 'again\n', stderr: '', code: 0 });
    // StdinOnce gave the first run EOF; a second start gets a fresh stdin.
    expect(await docker(['start', '-ai', 'sai'], 'twice\n')).toEqual({ stdout: 'twice\n', stderr: '', code: 0 });
  });

  it('logs -f --tail 2 --timestamps follows until the container stops', async () => {
    await docker(['run', '-d', '--name', 'lg1', 'alpine', 'sh', '-c', 'echo a; echo b; echo c; sleep 1; echo d >&2']);
    const res = await docker(['logs', '-f', '--tail', '2', '--timestamps', 'lg1']);
    const TS = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z';
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^${TS} b\\n${TS} c\\n$`));
    expect(res.stderr).toMatch(new RegExp(`^${TS} d\\n$`));
    expect(t.daemon.engine.containers.get('lg1').logs.followerCount()).toBe(0);
  });

  it('logs of a TTY container are raw', async () => {
    await docker(['run', '-t', '--name', 'lgt', 'alpine', 'sh', '-c', 'echo x; echo y >&2']);
    expect(await docker(['logs', 'lgt'])).toEqual({ stdout: 'x\r\ny\r\n', stderr: '', code: 0 });
  });

  it('stats --no-stream prints one table', async () => {
    await docker(['run', '-d', '--name', 'st1', 'alpine', 'sleep', '300']);
    const res = await docker(['stats', '--no-stream', 'st1']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toMatch(/^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
    expect(res.stdout.split('\n')[1]).toMatch(/^[0-9a-f]{12}\s+st1\s+\d+\.\d\d%/);
  });
});

describe('the same bytes as dockerd for the same CLI command (golden flows)', () => {
  /** Run the CLI at API 1.41 (what it negotiated with dockerd 20.10) through a recording proxy. */
  async function proxied(args: string[], input?: string) {
    const { hostname, port } = new URL(t.url);
    const proxy = await startByteProxy({ host: hostname, port: Number(port) });
    const cli = new DockerCli({ host: proxy.host, env: { DOCKER_API_VERSION: '1.41' } });
    const result = await cli.run(args, input === undefined ? {} : { input });
    cli.cleanup();
    await proxy.close();
    const find = (re: RegExp) => proxy.connections.find((c) => re.test(c.clientToDaemon.toString('latin1')))!;
    return { result, find };
  }
  const golden = (flow: string, re: RegExp) => {
    const f = loadGoldenFlow(flow);
    return { flow: f, bytes: Buffer.from(f.connections.find((c) => re.test(c.clientToDaemon))!.daemonToClient, 'latin1') };
  };
  /** Our version and server headers in place of dockerd 20.10's (which also sent Docker-Experimental). */
  const ourHeaders = (bytes: Buffer) =>
    Buffer.from(
      bytes
        .toString('latin1')
        .replace('Docker-Experimental: false\r\n', '')
        .replace(/Api-Version: [\d.]+/, `Api-Version: ${MAX_API_VERSION}`)
        .replace(/Server: [^\r]+/, `Server: ${SERVER_HEADER}`),
      'latin1',
    );

  it('docker run -i --rm: the attach connection', async () => {
    const { flow, bytes } = golden('cli28-run-interactive-stdin', /\/attach\?/);
    const { result, find } = await proxied(['run', '--rm', '-i', 'busybox', 'cat'], flow.stdin ?? '');
    expect(result).toEqual({ stdout: flow.stdout, stderr: flow.stderr, code: flow.exitCode });
    expect(find(/\/attach\?/).daemonToClient).toEqual(bytes);
  });

  it('docker exec: the exec start connection', async () => {
    const { flow, bytes } = golden('cli28-exec', /\/exec\/[0-9a-f]+\/start/);
    await docker(['run', '-d', '--name', 'golden-flow-d', 'busybox', 'sh', '-c', 'echo started; sleep 300']);
    const { result, find } = await proxied(flow.argv.slice(1));
    expect(result).toEqual({ stdout: flow.stdout, stderr: flow.stderr, code: flow.exitCode });
    expect(find(/\/exec\/[0-9a-f]+\/start/).daemonToClient).toEqual(ourHeaders(bytes));
  });

  it('docker logs -t: the log body (timestamps aside)', async () => {
    const { flow, bytes } = golden('cli28-logs', /\/logs\?/);
    const { result, find } = await proxied(flow.argv.slice(1));
    const stamp = (s: string) => s.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z/g, '<ts>');
    expect(stamp(result.stdout)).toBe(stamp(flow.stdout));
    // The logs answer is the last one on the connection: its body (chunked) after its head.
    const lastBody = (b: Buffer) => {
      const text = b.toString('latin1');
      const head = text.lastIndexOf('HTTP/1.1 200 OK');
      return stamp(text.slice(text.indexOf('\r\n\r\n', head) + 4));
    };
    expect(lastBody(bytes)).toContain('started');
    expect(lastBody(find(/\/logs\?/).daemonToClient)).toBe(lastBody(bytes));
  });
});

describe('hijacked streams over a unix socket and over TLS', () => {
  let daemons: Daemon[] = [];
  let certs: TestCerts;
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-streams-'));
  const clis: DockerCli[] = [];
  const hosts: Record<string, () => DockerCli> = {};
  beforeAll(async () => {
    certs = makeTestCerts();
    const unix = await startDaemon({ images: ['alpine:latest'], hosts: [`unix://${socketDir}/d.sock`] });
    const tls = await startDaemon({ images: ['alpine:latest'], hosts: ['tcp://127.0.0.1:0'], tls: readTlsFiles({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, verify: true }) });
    daemons = [unix, tls];
    const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-certs-'));
    fs.copyFileSync(certs.ca, path.join(certDir, 'ca.pem'));
    fs.copyFileSync(certs.clientCert, path.join(certDir, 'cert.pem'));
    fs.copyFileSync(certs.clientKey, path.join(certDir, 'key.pem'));
    const make = (host: string, env: Record<string, string> = {}) => {
      const c = new DockerCli({ host, env });
      clis.push(c);
      return c;
    };
    hosts.unix = () => make(unix.dockerHost);
    hosts.tls = () => make(tls.dockerHost, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir });
  });
  afterAll(async () => {
    clis.forEach((c) => c.cleanup());
    for (const d of daemons) await d.close();
    fs.rmSync(socketDir, { recursive: true, force: true });
  });

  for (const name of ['unix', 'tls']) {
    it(`run, run -i and exec over ${name}`, async () => {
      const cli = hosts[name]!();
      expect(await cli.run(['run', '--rm', 'alpine', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 3 });
      expect(await cli.run(['run', '--rm', '-i', 'alpine', 'cat'], { input: 'data\n' })).toEqual({ stdout: 'data\n', stderr: '', code: 0 });
      await cli.run(['run', '-d', '--name', 'box', 'alpine', 'sleep', '300']);
      expect(await cli.run(['exec', '-i', 'box', 'sh', '-c', 'cat; exit 4'], { input: 'in\n' })).toEqual({ stdout: 'in\n', stderr: '', code: 4 });
    });
  }
});
