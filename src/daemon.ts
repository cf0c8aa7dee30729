/**
 * A running mockerd: the engine, the API on top of it, and its listeners.
 * `startDaemon()` is the library entry point; the CLI is a thin wrapper around it.
 */
import fs from 'node:fs';
import { Logger, type LogLevel } from './logger.js';
import path from 'node:path';
import { loadCatalog } from './engine/images/catalog.js';
import { createApi } from './api/app.js';
import { Engine, type EngineOptions } from './engine/engine.js';
import { DEFAULT_FIXTURES_DIR, loadRegistries } from './fixtures.js';
import { listen, type Listener, type TlsOptions } from './server/listeners.js';
import { parseHost } from './server/hosts.js';
import type { FetchHandler } from './server/hijack.js';
import { controllerFor, type ScenarioController } from './scenario/controller.js';
import { loadScenarioFile } from './scenario/load.js';
import type { Scenario } from './scenario/types.js';
import { createControlApp } from './api/control-scenario.js';
import { ClockDriver } from './engine/clock-driver.js';
import { VirtualClock } from './engine/clock.js';
import type { NodeOptions, SimNode } from './engine/cluster.js';
import { enableClassic } from './engine/classic/classic.js';
import type { StrategyName } from './engine/classic/strategy.js';

export interface DaemonOptions extends Omit<EngineOptions, 'registries'> {
  /** -H addresses; the library default is one TCP port on loopback chosen by the OS. */
  hosts?: string[];
  /** What goes to stderr: the CLI defaults to info, the library to warn. */
  logLevel?: LogLevel;
  tls?: TlsOptions;
  minApiVersion?: string;
  /** Refuse query parameters and body fields the negotiated API version does not declare (src/api/strict). */
  strict?: boolean;
  fixturesDir?: string;
  /** With `clock: 'virtual'`: jump to the next timer whenever no request is in flight (default true). */
  autoAdvance?: boolean;
  /** A scenario to load at start (file path or object); its clock and seed apply unless given here. */
  scenario?: string | Scenario;
  /** Extra listeners serving only the /_mockerd control API (--control-host). */
  controlHosts?: string[];
  /** 'classic': present every node through one endpoint, as classic (standalone) Swarm did. */
  mode?: 'engine' | 'classic';
  /** Classic mode's placement strategy (default spread). */
  strategy?: StrategyName;
}

export interface Daemon extends AsyncDisposable {
  /** The first address, ready for DOCKER_HOST. */
  readonly dockerHost: string;
  readonly hosts: string[];
  readonly engine: Engine;
  /** The control API, typed: scenarios, faults, journal, events, clock, wait, reset, state. */
  readonly control: ScenarioController;
  /** Addresses of the --control-host listeners. */
  readonly controlHosts: string[];
  close(): Promise<void>;
  /** Add a simulated node (it joins an active swarm unless auto-join is off). */
  addNode(options?: NodeOptions): SimNode;
}

export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const fixturesDir = options.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const logger = new Logger(options.logLevel ?? 'warn');
  const scenario = typeof options.scenario === 'string' ? loadScenarioFile(options.scenario) : options.scenario;
  const engine = new Engine({
    ...options,
    clock: options.clock ?? scenario?.clock,
    seed: options.seed ?? scenario?.seed,
    registries: () => loadRegistries(fixturesDir),
    catalog: () => loadCatalog(path.join(fixturesDir, 'images')),
    warn: (message) => logger.warn(message),
  });
  if (options.mode === 'classic') enableClassic(engine, { strategy: options.strategy });
  const api = createApi(engine, { minApiVersion: options.minApiVersion, logger, strict: options.strict });
  const specs = (options.hosts?.length ? options.hosts : ['tcp://127.0.0.1:0']).map((h) => parseHost(h, !!options.tls));
  const listeners: Listener[] = [];
  const controlListeners: Listener[] = [];
  const control = controllerFor(engine);
  control.dropConnections = () => listeners.forEach((l) => l.dropConnections());
  if (scenario) control.loadScenario(typeof options.scenario === 'string' ? fs.readFileSync(options.scenario, 'utf8') : scenario, typeof options.scenario === 'string' ? options.scenario : undefined, { seed: options.seed });
  const driver =
    engine.clock.kind === 'virtual' && options.autoAdvance !== false && engine.clock instanceof VirtualClock ? new ClockDriver(engine.clock) : undefined;
  driver?.start();
  try {
    const fetch = api.app.fetch as unknown as FetchHandler;
    for (const spec of specs) {
      listeners.push(await listen(spec, fetch, { tls: options.tls, fast: api.fastAnswer, track: driver ? () => driver.requestStarted() : undefined, logger }));
    }
    const controlFetch = createControlApp(engine).fetch as unknown as FetchHandler;
    for (const h of options.controlHosts ?? []) controlListeners.push(await listen(parseHost(h, false), controlFetch, { logger }));
  } catch (err) {
    await Promise.all([...listeners, ...controlListeners].map((l) => l.close()));
    driver?.stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= Promise.all([...listeners, ...controlListeners].map((l) => l.close())).then(() => (driver?.stop(), control.unloadScenario(), engine.shutdown())));
  return {
    dockerHost: listeners[0]!.address,
    hosts: listeners.map((l) => l.address),
    engine,
    control,
    controlHosts: controlListeners.map((l) => l.address),
    close,
    addNode: (nodeOptions) => engine.swarm.addNode(nodeOptions),
    [Symbol.asyncDispose]: close,
  };
}

/** Read TLS material given as file paths (as dockerd's --tlscert etc. are). */
export function readTlsFiles(files: { cert: string; key: string; ca?: string; verify: boolean }): TlsOptions {
  return {
    cert: fs.readFileSync(files.cert),
    key: fs.readFileSync(files.key),
    ca: files.ca ? fs.readFileSync(files.ca) : undefined,
    verify: files.verify,
  };
}
