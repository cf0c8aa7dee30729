#!/usr/bin/env node
/**
 * `mockerd [flags]`: start the daemon with dockerd's flag names and print the one
 * line a user pastes into a shell to point docker at it.
 */
import { parseArgs } from 'node:util';
import { readTlsFiles, startDaemon } from './daemon.js';
import { Logger } from './logger.js';
import { STRATEGIES, type StrategyName } from './engine/classic/strategy.js';
import { DEFAULT_TCP_PORT, DEFAULT_TLS_PORT, defaultSocketPath, formatHost, isLoopback, parseHost } from './server/hosts.js';

const USAGE = `Usage: mockerd [OPTIONS]

An in-memory Docker Engine for tests.

Options:
  -H, --host list            Daemon socket(s) to listen on (default tcp://127.0.0.1:${DEFAULT_TCP_PORT} and unix://${defaultSocketPath()})
      --tls                  Use TLS; implied by --tlsverify
      --tlsverify            Use TLS and verify the remote (require client certificates signed by --tlscacert)
      --tlscacert string     Trust certs signed only by this CA
      --tlscert string       Path to TLS certificate file
      --tlskey string        Path to TLS key file
      --nodes int            Simulated cluster size (default 1)
      --managers int         Managers among the nodes (default 1)
      --clock string         real | virtual (default real)
      --no-auto-join         swarm init forms a one-node swarm; other nodes join later
      --seed int             Seed for deterministic IDs
      --fixtures string      Fixtures directory (image catalogue, registries)
      --image list           Image(s) present from the start, as if pulled (e.g. --image alpine --image nginx:latest)
      --no-port-listeners    Do not open loopback listeners for published ports
      --log-level string     debug | info | warn | error (default info)
      --min-api-version string  Lowest API version to accept (default 1.24; env DOCKER_MIN_API_VERSION)
      --scenario string      Load a scenario file at start (its clock and seed apply unless given)
      --control-host list    Also serve the /_mockerd control API alone on this address
      --mode string          engine | classic (classic standalone Swarm: one endpoint for all nodes) (default engine)
      --strategy string      Classic mode placement: spread | binpack | random (default spread)
  -h, --help                 Print usage

Commands:
  run-scenario FILE [--seed N] [--journal FILE] [--events FILE]
                             Run a scenario headless in virtual time; exit 1 if its expect: fails
`;

async function main(): Promise<void> {
  if (process.argv[2] === 'run-scenario') {
    const { runScenarioCommand } = await import('./scenario/headless.js');
    process.exitCode = await runScenarioCommand(process.argv.slice(3));
    return;
  }
  const { values } = parseArgs({
    options: {
      host: { type: 'string', short: 'H', multiple: true },
      tls: { type: 'boolean' },
      tlsverify: { type: 'boolean' },
      tlscacert: { type: 'string' },
      tlscert: { type: 'string' },
      tlskey: { type: 'string' },
      nodes: { type: 'string' },
      managers: { type: 'string' },
      clock: { type: 'string' },
      'no-auto-join': { type: 'boolean' },
      seed: { type: 'string' },
      fixtures: { type: 'string' },
      image: { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      'no-port-listeners': { type: 'boolean' },
      'min-api-version': { type: 'string' },
      scenario: { type: 'string' },
      'control-host': { type: 'string', multiple: true },
      mode: { type: 'string' },
      strategy: { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const useTls = !!(values.tls || values.tlsverify);
  const tls = useTls ? readTlsFiles(tlsFiles(values)) : undefined;
  const hosts = values.host ?? defaultHosts(useTls);
  warnAboutExposure(hosts, useTls);
  const clock = values.clock as 'real' | 'virtual' | undefined;
  if (clock && clock !== 'real' && clock !== 'virtual') throw new Error(`invalid --clock ${clock}: want real or virtual`);
  const mode = values.mode as 'engine' | 'classic' | undefined;
  if (mode && mode !== 'engine' && mode !== 'classic') throw new Error(`invalid --mode ${mode}: want engine or classic`);
  const strategy = values.strategy as StrategyName | undefined;
  if (strategy && !STRATEGIES.includes(strategy)) throw new Error(`invalid --strategy ${strategy}: want spread, binpack or random`);
  const daemon = await startDaemon({
    hosts,
    tls,
    clock,
    autoJoin: !values['no-auto-join'],
    nodes: intFlag(values.nodes, 'nodes'),
    managers: intFlag(values.managers, 'managers'),
    seed: intFlag(values.seed, 'seed'),
    fixturesDir: values.fixtures,
    images: values.image,
    portListeners: !values['no-port-listeners'],
    minApiVersion: values['min-api-version'] ?? process.env.DOCKER_MIN_API_VERSION,
    scenario: values.scenario,
    strict: values.strict,
    controlHosts: values['control-host'],
    mode,
    strategy,
    logLevel: Logger.parseLevel(values['log-level']),
  });
  const tlsEnv = useTls ? ` DOCKER_TLS_VERIFY=1` : '';
  for (const h of daemon.hosts.slice(1)) console.log(`mockerd: also listening on ${h}`);
  console.log(`export DOCKER_HOST=${daemon.dockerHost}${tlsEnv}`);
  const stop = async () => {
    await daemon.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function defaultHosts(tls: boolean): string[] {
  const tcp = formatHost({ kind: 'tcp', host: '127.0.0.1', port: tls ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT });
  return [tcp, `unix://${defaultSocketPath()}`];
}

function tlsFiles(values: { tlscert?: string; tlskey?: string; tlscacert?: string; tlsverify?: boolean }) {
  if (!values.tlscert || !values.tlskey) throw new Error('--tls and --tlsverify need --tlscert and --tlskey');
  if (values.tlsverify && !values.tlscacert) throw new Error('--tlsverify needs --tlscacert');
  return { cert: values.tlscert, key: values.tlskey, ca: values.tlscacert, verify: !!values.tlsverify };
}

function warnAboutExposure(hosts: string[], tls: boolean): void {
  for (const h of hosts) {
    const spec = parseHost(h, tls);
    if (spec.kind === 'tcp' && !isLoopback(spec.host) && !tls) {
      console.error(`mockerd: WARNING: listening on ${h} without TLS exposes the API to the network`);
    }
  }
}

function intFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid --${name} ${value}: want a whole number`);
  return n;
}

main().catch((err: unknown) => {
  console.error(`mockerd: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
