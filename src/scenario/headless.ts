/**
 * `mockerd run-scenario FILE`: run a scenario with no server, in virtual time, and
 * describe what happened in engine time only, so two runs with the same seed print
 * the same bytes. Exit status 0 when every `expect:` holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { VirtualClock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import type { DockerEvent } from '../engine/events.js';
import { loadCatalog } from '../engine/images/catalog.js';
import { DEFAULT_FIXTURES_DIR, loadRegistries } from '../fixtures.js';
import { controllerFor } from './controller.js';
import { loadScenarioFile } from './load.js';
import { fmt } from './runner.js';

export interface HeadlessOptions {
  seed?: number;
  fixturesDir?: string;
}

export interface HeadlessResult {
  /** The printed report: timeline, events, final state, expectations. */
  report: string;
  passed: boolean;
  /** NDJSON, as --journal and --events write them. */
  journal: string;
  events: string;
}

const START = Date.UTC(2024, 0, 1);

export async function runScenarioHeadless(file: string, options: HeadlessOptions = {}): Promise<HeadlessResult> {
  const scenario = loadScenarioFile(file);
  const seed = options.seed ?? scenario.seed ?? 0;
  const fixturesDir = options.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const clock = new VirtualClock(START);
  const engine = new Engine({ clock, seed, registries: loadRegistries(fixturesDir), catalog: () => loadCatalog(path.join(fixturesDir, 'images')) });
  const control = controllerFor(engine);
  try {
    control.loadScenario({ ...scenario, seed, clock: 'virtual' }, file);
    const run = control.run!;
    const end = run.origin + run.duration();
    for (;;) {
      await run.idle();
      const due = clock.nextDue();
      if (due === undefined || due > end) break;
      await clock.step();
    }
    await clock.advanceTo(end);
    await run.idle();
    const status = control.scenarioStatus()!;
    const lines: string[] = [];
    lines.push(`scenario ${scenario.name} (seed ${seed}, virtual clock, ran ${fmt(end - run.origin).slice(1)})`);
    lines.push('timeline:');
    for (const t of status.timeline) lines.push(`  ${fmt(t.at).padStart(10)}  ${t.text}`);
    lines.push('events:');
    for (const e of control.events()) lines.push(`  ${fmt(Math.floor(e.timeNano / 1e6) - run.origin).padStart(10)}  ${describeEvent(e)}`);
    lines.push('final state:', ...finalState(engine));
    lines.push('expect:');
    for (const e of status.expectations) lines.push(`  ${e.ok ? 'PASS' : 'FAIL'}  ${JSON.stringify(e.condition)}  -> ${e.actual}`);
    lines.push(`result: ${status.passed ? 'PASS' : 'FAIL'}`);
    return { report: lines.join('\n') + '\n', passed: status.passed, journal: control.journal.toNdjson(), events: control.eventsNdjson() };
  } finally {
    control.unloadScenario();
    await engine.shutdown();
  }
}

function describeEvent(e: DockerEvent): string {
  const { name, ...rest } = e.Actor.Attributes;
  const who = name ?? e.Actor.ID.slice(0, 12);
  const attrs = Object.entries(rest)
    .filter(([k]) => !k.startsWith('com.docker.swarm.') && k !== 'image')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${e.Type} ${e.Action} ${who}${attrs ? ` (${attrs})` : ''}`;
}

function finalState(engine: Engine): string[] {
  const out: string[] = [];
  out.push('  nodes:');
  for (const n of engine.cluster.list()) out.push(`    ${n.hostname}  ${n.role}  ${n.state}  ${n.availability}${n.leader ? '  leader' : ''}`);
  const containers = engine.containers.list().filter((c) => !c.labels['com.docker.swarm.task.id']);
  if (containers.length) {
    out.push('  containers:');
    for (const c of containers) {
      const health = c.state.health ? `  health=${c.state.health.Status}` : '';
      out.push(`    ${c.name.slice(1)}  ${c.state.status}  exit=${c.state.exitCode}${c.state.oomKilled ? '  oomKilled' : ''}  restarts=${c.restartCount}${health}`);
    }
  }
  const { swarm } = engine;
  if (swarm.active) {
    out.push(`  swarm: ${swarm.hasQuorum() ? 'quorum' : 'NO QUORUM'}`);
    for (const s of swarm.services.values()) {
      const tasks = swarm.orchestrator.tasksOf(s.id);
      const running = tasks.filter((t) => t.status.state === 'running' && t.desiredState === 'running').length;
      const want = s.spec.Mode?.Replicated?.Replicas ?? '-';
      out.push(`    service ${s.spec.Name}  ${running}/${want} running  image=${s.spec.TaskTemplate?.ContainerSpec?.Image}${s.updateStatus ? `  update=${s.updateStatus.State}` : ''}`);
      const byState = new Map<string, number>();
      for (const t of tasks) byState.set(t.status.state, (byState.get(t.status.state) ?? 0) + 1);
      out.push(`      tasks: ${[...byState].sort().map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
  }
  return out;
}

/** The CLI subcommand: prints the report; returns the exit status. */
export async function runScenarioCommand(args: string[]): Promise<number> {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { seed: { type: 'string' }, journal: { type: 'string' }, events: { type: 'string' }, fixtures: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write('Usage: mockerd run-scenario FILE [--seed N] [--journal FILE] [--events FILE] [--fixtures DIR]\n');
    return values.help ? 0 : 2;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new Error(`invalid --seed ${values.seed}: want a whole number`);
  const result = await runScenarioHeadless(positionals[0]!, { seed, fixturesDir: values.fixtures });
  process.stdout.write(result.report);
  if (values.journal) fs.writeFileSync(values.journal, result.journal);
  if (values.events) fs.writeFileSync(values.events, result.events);
  return result.passed ? 0 : 1;
}
