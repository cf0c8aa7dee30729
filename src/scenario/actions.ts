/**
 * Scenario actions: each drives the engine (or the fault layer, or the transport
 * through a hook) and returns a one-line description for the timeline.
 */
import type { Engine } from '../engine/engine.js';
import { conflict, invalidParameter, notFound } from '../engine/errors.js';
import { VirtualClock } from '../engine/clock.js';
import type { Container } from '../engine/containers/container.js';
import { setHealth } from './behaviours.js';
import type { FaultSet } from './faults.js';
import { bytes, ms } from './load.js';
import type { Action, NodeSpec } from './types.js';

export interface ActionDeps {
  engine: Engine;
  faults: FaultSet;
  /** Drop every open client connection (daemon restart); absent without a server. */
  dropConnections?: () => void;
}

const list = (v: string | string[] | undefined) => ([] as string[]).concat(v ?? []);

export async function runAction(action: Action, deps: ActionDeps): Promise<string> {
  const { engine, faults } = deps;
  const { swarm } = engine;
  const kind = Object.keys(action)[0] as keyof Action;
  const node = (ref: string) => {
    const n = engine.cluster.find(ref);
    if (!n) throw notFound(`node ${ref} not found`);
    return n;
  };
  switch (kind) {
    case 'node.down':
    case 'partition': {
      const refs = list(action[kind]);
      for (const r of refs) swarm.nodeDown(node(r).id);
      return `${kind} ${refs.join(' ')}`;
    }
    case 'node.up':
    case 'heal': {
      const refs = list(action[kind]);
      for (const r of refs) swarm.nodeUp(node(r).id);
      return `${kind} ${refs.join(' ')}`;
    }
    case 'node.drain':
    case 'node.activate': {
      const refs = list(action[kind]);
      for (const r of refs) swarm.setAvailability(node(r).id, kind === 'node.drain' ? 'drain' : 'active');
      return `${kind} ${refs.join(' ')}`;
    }
    case 'node.add': {
      const added = addNodes(engine, action['node.add']!, true);
      return `node.add ${added.join(' ')}`;
    }
    case 'container.exit': {
      const { container, code } = action['container.exit']!;
      running(engine, container).process!.exit({ exitCode: code });
      return `container.exit ${container} code=${code}`;
    }
    case 'container.oom': {
      const ref = action['container.oom']!;
      running(engine, ref).process!.exit({ exitCode: 137, oomKilled: true, signal: 'SIGKILL' });
      return `container.oom ${ref}`;
    }
    case 'container.log': {
      const { container, lines, stream = 'stdout' } = action['container.log']!;
      const c = engine.containers.get(container);
      for (const line of lines) c.logs.append({ stream, time: engine.clock.nowNanos(), data: Buffer.from(line + '\n') });
      return `container.log ${container} ${lines.length} line(s)`;
    }
    case 'container.health': {
      const { container, status } = action['container.health']!;
      setHealth(engine, running(engine, container), status);
      return `container.health ${container} ${status}`;
    }
    case 'container.start': {
      const ref = action['container.start']!;
      engine.runtime.start(engine.containers.get(ref));
      return `container.start ${ref}`;
    }
    case 'container.stop': {
      const ref = action['container.stop']!;
      await engine.runtime.stop(engine.containers.get(ref));
      return `container.stop ${ref}`;
    }
    case 'daemon.restart':
      return restartDaemon(deps);
    case 'registry.down':
    case 'registry.up': {
      const host = action[kind]!;
      const reg = engine.registries.find(host);
      if (!reg) throw notFound(`no registry ${host}`);
      reg.down = kind === 'registry.down';
      return `${kind} ${host}`;
    }
    case 'volume.full':
    case 'volume.free':
      throw invalidParameter(`${kind} is not supported by this mockerd build yet (it has no volume engine)`);
    case 'clock.advance': {
      const by = ms(action['clock.advance']);
      if (!(engine.clock instanceof VirtualClock)) throw conflict('clock.advance needs the virtual clock (clock: virtual)');
      await engine.clock.advance(by);
      return `clock.advance ${action['clock.advance']}`;
    }
    case 'fault.add': {
      const rule = faults.add(action['fault.add']!);
      return `fault.add ${rule.id}`;
    }
    case 'fault.remove': {
      faults.remove(action['fault.remove']!);
      return `fault.remove ${action['fault.remove']}`;
    }
    case 'service.update':
    case 'service.scale': {
      const a = (action['service.update'] ?? action['service.scale'])!;
      const service = swarm.orchestrator.findService(a.service);
      const spec = structuredClone(service.spec);
      const cs = (spec.TaskTemplate.ContainerSpec ??= {});
      const update = action['service.update'];
      if (update?.image) cs.Image = update.image;
      if (update?.env) cs.Env = update.env;
      if (a.replicas !== undefined) spec.Mode = { Replicated: { Replicas: a.replicas } };
      if (update) spec.TaskTemplate.ForceUpdate = (spec.TaskTemplate.ForceUpdate ?? 0) + (update.image || update.env ? 0 : 1);
      swarm.orchestrator.updateService(service.id, service.version, spec);
      return `${kind} ${a.service}${update?.image ? ` image=${update.image}` : ''}${a.replicas !== undefined ? ` replicas=${a.replicas}` : ''}`;
    }
    case 'event': {
      const e = action.event!;
      const published = engine.events.publish({ type: e.type, action: e.action, id: e.id ?? engine.random.hexId(), attributes: e.attributes, scope: e.scope });
      return `event ${published.Type} ${published.Action}`;
    }
  }
  throw invalidParameter(`unknown action ${String(kind)}`);
}

function running(engine: Engine, ref: string): Container {
  const c = engine.containers.get(ref);
  if (!c.running || !c.process) throw conflict(`Container ${c.id} is not running`);
  return c;
}

/**
 * dockerd goes down and comes back: every client connection drops, running
 * containers die with the daemon (137), then restart policies apply (always,
 * unless-stopped, on-failure bring them back; "no" leaves them exited).
 */
async function restartDaemon(deps: ActionDeps): Promise<string> {
  const { engine } = deps;
  deps.dropConnections?.();
  const victims = engine.containers.list().filter((c) => c.running && c.process);
  for (const c of victims) c.process!.exit({ exitCode: 137, signal: 'SIGKILL' });
  return `daemon.restart (${victims.length} container(s) killed)`;
}

/** Add the nodes of a spec (count + {n}); the first `reuseLocal` spec may rename node 0. */
export function addNodes(engine: Engine, spec: NodeSpec, viaSwarm: boolean): string[] {
  const names: string[] = [];
  for (let k = 1; k <= (spec.count ?? 1); k++) {
    const options = {
      hostname: spec.hostname?.replace('{n}', String(k)),
      role: spec.role,
      labels: spec.labels,
      engineLabels: spec.engineLabels,
      cpus: spec.resources?.cpus,
      memoryBytes: spec.resources?.memory !== undefined ? bytes(spec.resources.memory) : undefined,
    };
    const node = viaSwarm ? engine.swarm.addNode(options) : engine.cluster.add(options);
    names.push(node.hostname);
  }
  return names;
}
