/**
 * Run the real docker CLI against a mockerd: an isolated DOCKER_CONFIG per runner (so
 * `docker login` never touches the user's), no hints, no BuildKit unless asked.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DOCKER_CLI = process.env.MOCKERD_DOCKER_CLI ?? '/usr/local/bin/docker';

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface DockerCliOptions {
  host: string;
  binary?: string;
  env?: Record<string, string>;
}

export class DockerCli {
  readonly configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mockerd-cli-'));

  constructor(private readonly options: DockerCliOptions) {}

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.configDir,
      DOCKER_HOST: this.options.host,
      DOCKER_CONFIG: this.configDir,
      DOCKER_CLI_HINTS: 'false',
      DOCKER_BUILDKIT: '0',
      ...this.options.env,
      ...extra,
    };
  }

  /** Run `docker ...args`, optionally feeding stdin; never throws on a non-zero exit. */
  run(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = execFile(
        this.options.binary ?? DOCKER_CLI,
        args,
        { env: this.env(opts.env), timeout: opts.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          resolve({ stdout: String(stdout), stderr: String(stderr), code });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
      else child.stdin?.end();
    });
  }

  /** Start a long-running `docker ...args` (events, logs -f) and collect its output. */
  start(args: string[]) {
    const child = spawn(this.options.binary ?? DOCKER_CLI, args, { env: this.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  cleanup(): void {
    fs.rmSync(this.configDir, { recursive: true, force: true });
  }
}
