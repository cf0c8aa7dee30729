/**
 * Checks the schema cannot express: what this engine supports (kinds whose engine
 * part is missing are refused, never silently skipped), references between parts of
 * the file, and rules such as "services need a swarm".
 */
import type { Engine } from '../engine/engine.js';
import type { Action, Scenario } from './types.js';

export interface Capabilities {
  swarm: boolean;
  networks: boolean;
  volumes: boolean;
}

export const ALL_CAPABILITIES: Capabilities = { swarm: true, networks: true, volumes: true };

/** What the given engine can do today (engine parts are detected, not assumed). */
export function engineCapabilities(engine: Engine): Capabilities {
  const parts = engine as unknown as Record<string, unknown>;
  return { swarm: !!parts.swarm, networks: !!parts.networks, volumes: !!parts.volumes };
}

export interface SemanticProblem {
  path: string;
  message: string;
}

export function checkSemantics(s: Scenario, caps: Capabilities): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const unsupported = (what: string, part: string) => `${what} are not supported by this mockerd build yet (it has no ${part} engine)`;

  if (s.networks?.length && !caps.networks) add('/networks', unsupported('networks', 'network'));
  if (s.volumes?.length && !caps.volumes) add('/volumes', unsupported('volumes', 'volume'));
  const swarmOn = !!s.topology?.swarm;
  if (s.topology?.classic && swarmOn) add('/topology/swarm', 'classic mode and swarm: true exclude each other');
  if (s.topology?.classic && (s.topology.nodes?.length ?? 0) > 1) add('/topology/nodes', 'classic mode runs one engine; expected at most one node');
  if (s.topology?.mode === 'classic' && swarmOn) add('/topology/swarm', 'mode: classic (standalone Swarm) and swarm: true exclude each other');
  if (s.topology?.mode === 'classic' && s.topology.classic) add('/topology/classic', 'classic: true (one plain engine) and mode: classic (standalone Swarm) exclude each other');
  if (s.topology?.strategy && s.topology.mode !== 'classic') add('/topology/strategy', 'a strategy places containers in classic mode; expected mode: classic');
  if (swarmOn && !caps.swarm) add('/topology/swarm', unsupported('swarm clusters', 'swarm'));
  if (s.services?.length && !swarmOn) add('/services', 'services need a swarm; expected topology.swarm: true');
  if (s.secrets?.length && !swarmOn) add('/secrets', 'secrets need a swarm; expected topology.swarm: true');

  const hostnames = new Set<string>();
  (s.topology?.nodes ?? []).forEach((n, i) => {
    const count = n.count ?? 1;
    for (let k = 1; k <= count; k++) {
      const name = (n.hostname ?? `node-${hostnames.size + 1}`).replace('{n}', String(k));
      if (hostnames.has(name)) add(`/topology/nodes/${i}/hostname`, `duplicate node hostname "${name}"${count > 1 && !n.hostname?.includes('{n}') ? '; expected {n} in a hostname with count' : ''}`);
      hostnames.add(name);
    }
  });
  const names = new Set<string>();
  (s.containers ?? []).forEach((c, i) => {
    if (c.name && names.has(c.name)) add(`/containers/${i}/name`, `duplicate container name "${c.name}"`);
    if (c.name) names.add(c.name);
    if (c.node && hostnames.size && !hostnames.has(c.node)) add(`/containers/${i}/node`, `unknown node "${c.node}"; expected one of: ${[...hostnames].join(', ')}`);
  });
  const faultIds = new Set((s.faults ?? []).map((f) => f.id).filter(Boolean));
  (s.timeline ?? []).forEach((step, i) => {
    const base = `/timeline/${i}`;
    if ((step.at === undefined) === (step.on === undefined)) add(base, 'a step needs exactly one of "at" (a time) or "on" (a trigger)');
    if (step.on && Object.keys(step.on).length !== 1) add(`${base}/on`, 'expected exactly one trigger: event, request or state');
    step.do.forEach((a, j) => {
      checkAction(a, `${base}/do/${j}`, { caps, swarmOn, hostnames, add });
      const added = a['fault.add']?.id;
      if (added) faultIds.add(added);
      const removed = a['fault.remove'];
      if (removed !== undefined && !faultIds.has(removed)) add(`${base}/do/${j}/fault.remove`, `unknown fault rule "${removed}"; expected the id of a rule in faults or an earlier fault.add`);
    });
  });
  return problems;
}

interface ActionContext {
  caps: Capabilities;
  swarmOn: boolean;
  hostnames: Set<string>;
  add: (path: string, message: string) => void;
}

const NODE_ACTIONS = ['node.down', 'node.up', 'node.drain', 'node.activate', 'partition', 'heal'] as const;
const SWARM_ACTIONS = [...NODE_ACTIONS, 'node.add', 'service.update', 'service.scale'];

function checkAction(a: Action, path: string, ctx: ActionContext): void {
  const kind = Object.keys(a)[0] as keyof Action;
  if (SWARM_ACTIONS.includes(kind) && !ctx.swarmOn) ctx.add(`${path}/${kind}`, `${kind} needs a swarm; expected topology.swarm: true`);
  if ((kind === 'volume.full' || kind === 'volume.free') && !ctx.caps.volumes) {
    ctx.add(`${path}/${kind}`, `${kind} is not supported by this mockerd build yet (it has no volume engine)`);
  }
  if ((NODE_ACTIONS as readonly string[]).includes(kind) && ctx.hostnames.size) {
    const refs = ([] as string[]).concat(a[kind as (typeof NODE_ACTIONS)[number]] ?? []);
    for (const r of refs) {
      if (!ctx.hostnames.has(r)) ctx.add(`${path}/${kind}`, `unknown node "${r}"; expected one of: ${[...ctx.hostnames].join(', ')}`);
    }
  }
}
