/** One in-process mockerd per test file, and a docker CLI pointed at it. */
import { afterAll, beforeAll } from 'vitest';
import { startDaemon, type Daemon, type DaemonOptions } from '../../src/index.js';
import { DockerCli } from './docker-cli.js';

export interface TestDaemon {
  daemon: Daemon;
  docker: DockerCli;
  /** http://127.0.0.1:PORT for fetch/supertest. */
  url: string;
}

/** Start a daemon before the file's tests and close it after; returns a live handle. */
export function useDaemon(options: DaemonOptions = {}): TestDaemon {
  const handle = {} as TestDaemon;
  beforeAll(async () => {
    handle.daemon = await startDaemon(options);
    handle.docker = new DockerCli({ host: handle.daemon.dockerHost });
    handle.url = handle.daemon.dockerHost.replace(/^tcp:/, 'http:');
  });
  afterAll(async () => {
    handle.docker?.cleanup();
    await handle.daemon?.close();
  });
  return handle;
}

/** Wait until check() is truthy, polling; for conditions driven by the engine. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
