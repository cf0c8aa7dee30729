import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/scenario/load.js';
import { SCENARIO_SCHEMA } from '../../src/scenario/schema.js';
import { startDaemon } from '../../src/index.js';

function problemsOf(text: string, caps?: Parameters<typeof parseScenario>[2]) {
  try {
    parseScenario(text, 'bad.yaml', caps);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario files', () => {
  it('ships the schema for editors, equal to the one the loader uses', () => {
    expect(JSON.parse(fs.readFileSync('scenarios/schema.json', 'utf8'))).toEqual(SCENARIO_SCHEMA);
  });

  it('every example declares the schema for editors and parses', () => {
    for (const f of fs.readdirSync('scenarios').filter((n) => n.endsWith('.yaml'))) {
      const text = fs.readFileSync(`scenarios/${f}`, 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=./schema.json'), f).toBe(true);
      expect(parseScenario(text, f).name).toBe(f.replace('.yaml', ''));
    }
  });

  it('reports file, line, column and what was expected', () => {
    const problems = problemsOf(['name: bad', 'clock: virtul', 'timeline:', '  - at: 5 seconds', '    do:', '      - nod.down: worker-1', ''].join('\n'));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(['bad.yaml:2:8', 'bad.yaml:4:9', 'bad.yaml:6:9']);
    expect(problems[0]!.message).toBe('clock: expected one of: "real", "virtual"; got "virtul"');
    expect(problems[1]!.message).toMatch(/expected a duration such as 500ms, 5s/);
    expect(problems[2]!.message).toMatch(/unknown field "nod.down"; expected one of: node.down, node.up/);
  });

  it('reports YAML syntax errors and missing fields with positions', () => {
    expect(problemsOf('name: [unclosed\n')[0]!.message).toMatch(/^invalid YAML/);
    const [missing] = problemsOf('name: x\ntimeline:\n  - at: 1s\n    do:\n      - container.exit: { container: web }\n');
    expect(missing).toMatchObject({ line: 5, column: 25, message: 'timeline.0.do.0.container.exit: missing field "code"' });
  });

  it('accepts JSON as well, with positions', () => {
    const [p] = problemsOf('{\n  "name": "j",\n  "seed": -1\n}');
    expect(p).toMatchObject({ line: 3, column: 11 });
  });

  it('refuses kinds whose engine part does not exist, and steps without at/on', () => {
    const problems = problemsOf('name: x\nvolumes:\n  - name: data\nservices:\n  - { name: web, image: nginx }\ntimeline:\n  - do: [{ registry.down: docker.io }]\n', { swarm: true, networks: false, volumes: false });
    expect(problems.map((p) => p.message)).toEqual([
      'volumes are not supported by this mockerd build yet (it has no volume engine)',
      'services need a swarm; expected topology.swarm: true',
      'a step needs exactly one of "at" (a time) or "on" (a trigger)',
    ]);
    expect(problems.map((p) => p.line)).toEqual([3, 5, 7]);
  });

  it('applies nothing when a file is bad for this engine (unknown image)', async () => {
    await using daemon = await startDaemon();
    const text = 'name: half\nimages: [alpine:latest]\ncontainers:\n  - { name: ok, image: alpine:latest, command: [sleep, "60"] }\n  - { name: bad, image: nosuch/image:1 }\n';
    let error: unknown;
    try {
      daemon.control.loadScenario(text, 'half.yaml');
    } catch (err) {
      error = err;
    }
    expect((error as ScenarioError).problems[0]).toMatchObject({ file: 'half.yaml', line: 5, message: expect.stringMatching(/nosuch\/image:1 is not in the catalogue/) });
    expect(daemon.engine.containers.list()).toHaveLength(0);
    expect(daemon.engine.images.find('alpine:latest')).toBeUndefined();
    expect(daemon.control.run).toBeUndefined();
  });
});
