/**
 * Classic (standalone) Swarm mode chosen by a scenario (topology.mode: classic plus a
 * strategy): scenarios/classic-binpack.yaml driven by the real docker CLI, the file
 * checks that keep the mode consistent, and a reset that returns to engine mode.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/scenario/load.js';
import { useDaemon } from '../support/daemon.js';
import { pumpWhile, useScenario } from './support.js';

const t = useScenario('classic-binpack');
const plain = useDaemon({ nodes: 2, portListeners: false, seed: 4 });

const nodeOf = async (name: string) => (await t.docker.run(['inspect', '--format', '{{.Node.Name}}', name])).stdout.trim();

describe('scenarios/classic-binpack.yaml', () => {
  it('docker ps shows the workers placed by binpack, with node-prefixed names', async () => {
    const ps = await t.docker.run(['ps', '--format', '{{.Names}}']);
    expect(ps.stdout.trim().split('\n').sort()).toEqual(['node-1/worker-1', 'node-1/worker-2', 'node-2/worker-3', 'node-2/worker-4', 'node-3/pinned', 'node-3/worker-5']);
    expect(await nodeOf('pinned')).toBe('node-3');
    const info = JSON.parse((await t.docker.run(['info', '--format', '{{json .SystemStatus}}'])).stdout) as [string, string][];
    expect(info).toContainEqual(['Strategy', 'binpack']);
    expect(info.filter(([k]) => k === '  └ Reserved Memory').map(([, v]) => v)).toEqual(['3 GiB / 4 GiB', '3 GiB / 4 GiB', '1.5 GiB / 4 GiB']);
  });

  it('a new container goes to the fullest node it fits on; one too large for any node is refused', async () => {
    const r = await t.docker.run(['run', '-d', '--name', 'late', '-m', '1g', 'alpine', 'sleep', '100']);
    expect(r.code).toBe(0);
    expect(await nodeOf('late')).toBe('node-1');
    const big = await t.docker.run(['run', '-d', '-m', '5g', 'alpine', 'true']);
    expect(big.code).toBe(125);
    expect(big.stderr).toContain('Error response from daemon: no resources available to schedule container');
  });

  it('the timeline and expect: block run as in run-scenario', async () => {
    await t.daemon.control.advanceClock('11s');
    expect((await t.docker.run(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'worker-1'])).stdout.trim()).toBe('exited 3');
    const verdicts = t.daemon.control.check({ containers: { match: { name: 'worker-*', node: 'node-2' }, count: 2 } });
    expect(verdicts.ok).toBe(true);
  });

  it('a reset leaves classic mode: names lose the node, inspect has no Node', async () => {
    await t.daemon.control.reset();
    // The scenario's images went with the reset: the pull runs on the virtual clock.
    const r = await pumpWhile(t.daemon, t.docker.run(['run', '-d', '--name', 'after', 'alpine', 'sleep', '100']));
    expect(r.code).toBe(0);
    expect((await t.docker.run(['ps', '-a', '--format', '{{.Names}}'])).stdout.trim()).toBe('after');
    const inspect = JSON.parse((await t.docker.run(['inspect', 'after'])).stdout)[0];
    expect(inspect.Name).toBe('/after');
    expect(inspect.Node).toBeUndefined();
  });
});

describe('loading a classic scenario over the control API', () => {
  it('switches an engine-mode daemon to classic mode with the strategy asked for', async () => {
    await plain.daemon.control.loadScenario({
      name: 'classic-spread',
      topology: { mode: 'classic', strategy: 'spread' },
      images: ['alpine:latest'],
      containers: [1, 2, 3, 4].map((i) => ({ name: `s${i}`, image: 'alpine:latest', command: ['sleep', '100'] })),
    });
    const ps = await plain.docker.run(['ps', '--format', '{{.Names}}']);
    expect(ps.stdout.trim().split('\n').sort()).toEqual(['node-1/s1', 'node-1/s3', 'node-2/s2', 'node-2/s4']);
  });
});

describe('scenario file checks for classic mode', () => {
  const problems = (text: string) => {
    try {
      parseScenario(text, 'bad.yaml');
    } catch (err) {
      return (err as ScenarioError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };

  it('refuses an unknown mode or strategy, classic with a swarm, and a strategy outside classic mode', () => {
    expect(problems('name: x\ntopology: { mode: classics }\n')[0]).toMatch(/^\/topology\/mode: topology\.mode: expected one of: "engine", "classic"/);
    expect(problems('name: x\ntopology: { mode: classic, strategy: fill }\n')[0]).toMatch(/expected one of: "spread", "binpack", "random"/);
    expect(problems('name: x\ntopology: { mode: classic, swarm: true }\n')).toEqual(['/topology/swarm: mode: classic (standalone Swarm) and swarm: true exclude each other']);
    expect(problems('name: x\ntopology: { strategy: binpack }\n')).toEqual(['/topology/strategy: a strategy places containers in classic mode; expected mode: classic']);
  });
});
