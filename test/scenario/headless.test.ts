import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenarioHeadless } from '../../src/scenario/headless.js';

const examples = fs.readdirSync('scenarios').filter((n) => n.endsWith('.yaml'));

describe('run-scenario (headless, virtual time)', () => {
  it.each(examples)('%s passes its own expect: block', async (file) => {
    const result = await runScenarioHeadless(`scenarios/${file}`);
    expect(result.report, result.report).toMatch(/\nresult: PASS\n$/);
    expect(result.passed).toBe(true);
  });

  it('prints the same bytes twice with the same seed, and differs with another seed', async () => {
    const a = await runScenarioHeadless('scenarios/node-loss-rolling-update.yaml');
    const b = await runScenarioHeadless('scenarios/node-loss-rolling-update.yaml');
    expect(b.report).toBe(a.report);
    expect(b.events).toBe(a.events);
    const c = await runScenarioHeadless('scenarios/node-loss-rolling-update.yaml', { seed: 99 });
    expect(c.events).not.toBe(a.events);
  });

  it('reports a failed expectation as FAIL', async () => {
    const file = `${fs.mkdtempSync('/tmp/mockerd-scn-')}/fail.yaml`;
    fs.writeFileSync(file, 'name: fail\nclock: virtual\nduration: 1s\nexpect:\n  - { registry: docker.io, down: true }\n');
    const result = await runScenarioHeadless(file);
    expect(result.passed).toBe(false);
    expect(result.report).toContain('FAIL  {"registry":"docker.io","down":true}  -> registry docker.io up');
  });
});
