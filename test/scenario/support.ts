/** Helpers for scenario tests: a daemon running one example, and clock pumping. */
import { afterAll, beforeAll } from 'vitest';
import { startDaemon, type Daemon } from '../../src/index.js';
import { DockerCli } from '../support/docker-cli.js';

export interface ScenarioDaemon {
  daemon: Daemon;
  docker: DockerCli;
  url: string;
}

/** A daemon with scenarios/<name>.yaml loaded; time moves only when the test moves it. */
export function useScenario(name: string, options: { autoAdvance?: boolean } = {}): ScenarioDaemon {
  const handle = {} as ScenarioDaemon;
  beforeAll(async () => {
    handle.daemon = await startDaemon({ scenario: `scenarios/${name}.yaml`, autoAdvance: options.autoAdvance ?? false });
    handle.docker = new DockerCli({ host: handle.daemon.dockerHost });
    handle.url = handle.daemon.dockerHost.replace(/^tcp:/, 'http:');
  });
  afterAll(async () => {
    handle.docker?.cleanup();
    await handle.daemon?.close();
  });
  return handle;
}

/** Advance virtual time in small steps while a client call is in flight (pull progress runs on the clock). */
export async function pumpWhile<T>(daemon: Daemon, work: Promise<T>, step = '50ms'): Promise<T> {
  let done = false;
  const result = work.finally(() => (done = true));
  while (!done) {
    await daemon.control.advanceClock(step);
    await new Promise((r) => setTimeout(r, 2));
  }
  return result;
}
