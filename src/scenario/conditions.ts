/**
 * State conditions ("service web has 4 running tasks", "container app exited with
 * 137", "node worker-1 is down", "at least 3 die events") evaluated against the
 * engine, the event log and the request journal. Used by `on: state` triggers,
 * `expect:` blocks and POST /_mockerd/wait.
 */
import type { Engine } from '../engine/engine.js';
import type { DockerEvent } from '../engine/events.js';
import type { Container } from '../engine/containers/container.js';
import { glob, pathMatches } from './faults.js';
import type { JournalEntry } from './journal.js';
import { ms } from './load.js';
import type { Condition, ContainerMatch, EventMatch, RequestMatch } from './types.js';

export interface ConditionContext {
  engine: Engine;
  /** Events since the scenario (or the control session) began. */
  events(): readonly DockerEvent[];
  journal(): readonly JournalEntry[];
  /** Engine time the scenario began. */
  origin: number;
}

export interface Verdict {
  ok: boolean;
  /** What was found, in words (for failed expectations). */
  actual: string;
}

export function evaluate(cond: Condition, ctx: ConditionContext): Verdict {
  const checks: Verdict[] = [];
  const { engine } = ctx;
  if (cond.service !== undefined) checks.push(serviceCheck(cond, ctx));
  if (cond.container !== undefined) checks.push(containerCheck(cond, engine));
  if (cond.node !== undefined) checks.push(nodeCheck(cond, engine));
  if (cond.quorum !== undefined) {
    const has = engine.swarm.active && engine.swarm.hasQuorum();
    checks.push({ ok: has === cond.quorum, actual: `quorum ${has ? 'held' : 'lost'}` });
  }
  if (cond.registry !== undefined) {
    const reg = engine.registries.find(cond.registry);
    const down = !!reg?.down;
    checks.push({ ok: !!reg && (cond.down === undefined || down === cond.down), actual: reg ? `registry ${cond.registry} ${down ? 'down' : 'up'}` : `no registry ${cond.registry}` });
  }
  if (cond.events) {
    const n = ctx.events().filter((e) => eventMatches(cond.events!.match, e)).length;
    checks.push(countCheck(n, cond.events, `${n} matching events`));
  }
  if (cond.requests) {
    const r = cond.requests;
    const n = ctx.journal().filter((j) => journalMatches(r.match, j) && (r.status === undefined || j.status === r.status)).length;
    checks.push(countCheck(n, r, `${n} matching requests`));
  }
  if (cond.containers) {
    const c = cond.containers;
    const n = engine.containers.list().filter((x) => (!c.match || containerMatches(c.match, x, engine)) && (!c.status || x.state.status === c.status)).length;
    checks.push(countCheck(n, c, `${n} matching containers`));
  }
  if (cond.clock?.atLeast !== undefined) {
    const elapsed = engine.clock.now() - ctx.origin;
    checks.push({ ok: elapsed >= ms(cond.clock.atLeast), actual: `${elapsed}ms elapsed` });
  }
  return { ok: checks.every((c) => c.ok), actual: checks.map((c) => c.actual).join('; ') };
}

function countCheck(n: number, want: { count?: number; atLeast?: number; atMost?: number }, actual: string): Verdict {
  const ok =
    (want.count === undefined || n === want.count) &&
    (want.atLeast === undefined || n >= want.atLeast) &&
    (want.atMost === undefined || n <= want.atMost) &&
    (want.count !== undefined || want.atLeast !== undefined || want.atMost !== undefined || n > 0);
  return { ok, actual };
}

function serviceCheck(cond: Condition, ctx: ConditionContext): Verdict {
  const { swarm } = ctx.engine;
  const service = swarm.active ? swarm.orchestrator.lookup(cond.service!) : undefined;
  if (!service) return { ok: false, actual: `no service ${cond.service}` };
  const tasks = swarm.orchestrator.tasksOf(service.id);
  const running = tasks.filter((t) => t.status.state === 'running' && t.desiredState === 'running').length;
  const parts: string[] = [`service ${cond.service}: ${running} running tasks`];
  let ok = cond.runningTasks === undefined || running === cond.runningTasks;
  if (cond.updateState !== undefined) {
    const state = service.updateStatus?.State ?? 'none';
    parts.push(`update ${state}`);
    ok &&= state === cond.updateState;
  }
  if (cond.tasksInState) {
    const n = tasks.filter((t) => t.status.state === cond.tasksInState!.state).length;
    parts.push(`${n} tasks ${cond.tasksInState.state}`);
    ok &&= countCheck(n, cond.tasksInState, '').ok;
  }
  return { ok, actual: parts.join(', ') };
}

function containerCheck(cond: Condition, engine: Engine): Verdict {
  const c = engine.containers.find(cond.container!);
  if (!c) return { ok: cond.status === 'missing', actual: `no container ${cond.container}` };
  const health = c.state.health?.Status ?? 'none';
  let ok = cond.status === undefined || c.state.status === cond.status;
  if (cond.exitCode !== undefined) ok &&= c.state.exitCode === cond.exitCode;
  if (cond.oomKilled !== undefined) ok &&= c.state.oomKilled === cond.oomKilled;
  if (cond.health !== undefined) ok &&= health === cond.health;
  if (cond.restartCount?.atLeast !== undefined) ok &&= c.restartCount >= cond.restartCount.atLeast;
  if (cond.restartCount?.atMost !== undefined) ok &&= c.restartCount <= cond.restartCount.atMost;
  return {
    ok,
    actual: `container ${c.name.slice(1)}: ${c.state.status}, exit ${c.state.exitCode}, oomKilled ${c.state.oomKilled}, health ${health}, restarts ${c.restartCount}`,
  };
}

function nodeCheck(cond: Condition, engine: Engine): Verdict {
  const n = engine.cluster.find(cond.node!);
  if (!n) return { ok: false, actual: `no node ${cond.node}` };
  let ok = cond.state === undefined || n.state === cond.state;
  if (cond.availability !== undefined) ok &&= n.availability === cond.availability;
  if (cond.leader !== undefined) ok &&= n.leader === cond.leader;
  return { ok, actual: `node ${n.hostname}: ${n.state}, ${n.availability}${n.leader ? ', leader' : ''}` };
}

export function eventMatches(m: EventMatch, e: DockerEvent): boolean {
  if (m.type && e.Type !== m.type) return false;
  if (m.action && !glob(m.action, e.Action) && !glob(m.action, e.Action.split(':')[0]!)) return false;
  const attrs = e.Actor.Attributes;
  if (m.actor && e.Actor.ID !== m.actor && attrs.name !== m.actor && !e.Actor.ID.startsWith(m.actor)) return false;
  for (const [k, v] of Object.entries({ ...(m.label ?? {}), ...(m.attributes ?? {}) })) {
    if (attrs[k] === undefined || !glob(v, attrs[k]!)) return false;
  }
  return true;
}

export function journalMatches(m: RequestMatch, j: JournalEntry): boolean {
  if (m.method && m.method.toUpperCase() !== j.method) return false;
  if (m.path && !pathMatches(m.path, j.path.split('?')[0]!)) return false;
  return true;
}

export function containerMatches(m: ContainerMatch, c: Container, engine: Engine): boolean {
  if (m.name && !glob(m.name, c.name.slice(1))) return false;
  if (m.image) {
    const image = String(c.config.Image ?? '');
    if (!glob(m.image, image) && !glob(m.image, image.replace(/:latest$/, '')) && !glob(m.image, `${image}:latest`)) return false;
  }
  for (const [k, v] of Object.entries(m.label ?? {})) {
    if (c.labels[k] === undefined || !glob(v, c.labels[k]!)) return false;
  }
  if (m.command && !c.argv.join(' ').includes(m.command)) return false;
  if (m.service) {
    const svc = c.labels['com.docker.swarm.service.name'];
    if (svc !== m.service) return false;
  }
  if (m.node) {
    const node = engine.cluster.list().find((n) => n.id === c.node);
    if (!node || !glob(m.node, node.hostname)) return false;
  }
  return true;
}
