/**
 * The swarm on the simulated cluster: membership of the engine's nodes, the cluster
 * object, the stores (services, tasks, secrets, configs), and the parts of swarmkit
 * that act on them (orchestrator + scheduler, the node agents, the dispatcher's view
 * of node health). The API layer calls the methods here; nothing here knows HTTP.
 */
import { ClusterVolumeStore } from './cluster-volumes.js';
import type { Engine } from '../engine.js';
import type { NodeOptions, SimNode } from '../cluster.js';
import { conflict, invalidParameter, notFound, systemError, unavailable } from '../errors.js';
import { Agent } from './agent.js';
import { SwarmClusterState } from './cluster-state.js';
import { Orchestrator } from './orchestrator.js';
import { ObjectStore } from './object-store.js';
import {
  ALREADY_IN_SWARM, LEAVE_CONSENSUS, LEAVE_LAST_MANAGER, LEAVE_MANAGER, LEAVE_QUORUM, NOT_IN_SWARM, NO_LEADER,
  notManager, outOfSequence, rpcFailedPrecondition,
} from './swarm-errors.js';
import { GRACE_MULTIPLIER, ORPHAN_AFTER_MS } from './task-walk.js';
import { TimerBatch } from './timer-batch.js';
import { stateRank, type Json, type Service, type Task } from './types.js';
import type { TimerHandle } from '../clock.js';

export interface SwarmOptions {
  /** `swarm init` joins every simulated node (default true). */
  autoJoin?: boolean;
}

/** Swarm bookkeeping of a member node (the SimNode holds the rest). */
export interface Member {
  version: number;
  createdAt: number;
  updatedAt: number;
  statusMessage?: string;
  /** The node stopped talking to the managers (down requested, heartbeat not yet expired). */
  silent: boolean;
  downTimer?: TimerHandle;
  orphanTimer?: TimerHandle;
}

export class Swarm {
  state?: SwarmClusterState;
  private index = 0;
  readonly members = new Map<string, Member>();
  readonly services = new Map<string, Service>();
  readonly tasks = new Map<string, Task>();
  readonly secrets: ObjectStore;
  readonly configs: ObjectStore;
  readonly volumes: ClusterVolumeStore;
  readonly timers: TimerBatch;
  readonly orchestrator: Orchestrator;
  readonly agent: Agent;
  readonly ingressId: string;
  autoJoin: boolean;
  private previousTokens = new Set<string>();

  constructor(readonly engine: Engine, options: SwarmOptions = {}) {
    this.autoJoin = options.autoJoin ?? true;
    this.timers = new TimerBatch(engine.clock);
    this.secrets = new ObjectStore('secret', this);
    this.configs = new ObjectStore('config', this);
    this.volumes = new ClusterVolumeStore(this);
    this.orchestrator = new Orchestrator(this);
    this.agent = new Agent(this);
    this.ingressId = engine.random.swarmId();
  }

  get active(): boolean {
    return this.state !== undefined;
  }

  get now(): number {
    return this.engine.clock.now();
  }

  /** The next raft index: every store write gets a new version. */
  nextIndex(): number {
    return ++this.index;
  }

  /** The /_ping Swarm header. */
  pingState(): string {
    if (!this.state) return 'inactive';
    return this.engine.cluster.local.role === 'manager' ? 'active/manager' : 'active/worker';
  }

  /** Guard of every manager call: in a swarm, as a manager, with a quorum of managers. */
  requireManager(): SwarmClusterState {
    if (!this.state) throw notManager();
    if (!this.hasQuorum()) throw systemError(NO_LEADER);
    return this.state;
  }

  hasQuorum(): boolean {
    const managers = this.memberNodes().filter((n) => n.role === 'manager');
    const up = managers.filter((n) => !this.members.get(n.id)?.silent && n.state !== 'down');
    return up.length > managers.length / 2;
  }

  // ---- swarm ----

  init(req: Json): string {
    validateListenAddr(req.ListenAddr);
    if (this.state) throw unavailable(ALREADY_IN_SWARM);
    const { random, cluster } = this.engine;
    this.state = new SwarmClusterState(random, random.swarmId(), this.now, this.nextIndex(), req);
    const nodes = this.autoJoin ? cluster.list() : [cluster.local];
    for (const node of nodes) this.admit(node, node.role);
    cluster.local.leader = true;
    this.state.version = this.nextIndex();
    this.orchestrator.start();
    return cluster.local.id;
  }

  join(req: Json): void {
    if (this.state) throw unavailable(ALREADY_IN_SWARM);
    validateListenAddr(req.ListenAddr);
    if (!this.previousTokens.has(String(req.JoinToken ?? ''))) throw systemError('invalid join token');
    throw systemError('Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.');
  }

  leave(force: boolean): void {
    if (!this.state) throw unavailable(NOT_IN_SWARM);
    const local = this.engine.cluster.local;
    if (local.role === 'manager' && !force) {
      const managers = this.memberNodes().filter((n) => n.role === 'manager');
      const reachable = managers.filter((n) => n.state !== 'down' && !this.members.get(n.id)?.silent).length;
      const unreachable = managers.length - reachable;
      if (reachable === 1 && unreachable === 0) throw unavailable(LEAVE_LAST_MANAGER);
      let msg = LEAVE_MANAGER;
      if (reachable - 2 <= unreachable) msg += LEAVE_QUORUM(reachable - 1, reachable + unreachable);
      throw unavailable(msg + LEAVE_CONSENSUS);
    }
    this.previousTokens.add(this.state.workerToken).add(this.state.managerToken);
    this.orchestrator.stop();
    this.timers.cancelAll();
    for (const m of this.members.values()) {
      m.downTimer?.cancel();
      m.orphanTimer?.cancel();
    }
    this.agent.removeAllContainers();
    this.members.clear();
    this.services.clear();
    this.tasks.clear();
    this.secrets.clear();
    this.configs.clear();
    this.volumes.clear();
    this.state = undefined;
    for (const n of this.engine.cluster.list()) n.leader = n === local;
  }

  update(version: number, spec: Json, flags: { rotateWorkerToken?: boolean; rotateManagerToken?: boolean; rotateManagerUnlockKey?: boolean }): void {
    const state = this.requireManager();
    state.update(version, spec, flags, () => this.nextIndex(), this.now);
  }

  unlockKey(): string {
    return this.requireManager().unlockKey;
  }

  unlock(key: string): void {
    if (!this.state) throw notManager();
    if (!this.state.locked) throw conflict('swarm is not locked');
    if (key !== this.state.unlockKey) throw invalidParameter('invalid key');
    this.state.locked = false;
  }

  // ---- nodes ----

  memberNodes(): SimNode[] {
    return this.engine.cluster.list().filter((n) => this.members.has(n.id));
  }

  member(node: SimNode): Member {
    const m = this.members.get(node.id);
    if (!m) throw notFound(`node ${node.id} not found`);
    return m;
  }

  /** Find a member by ID, unique ID prefix or hostname; dockerd's 404 otherwise. */
  findNode(ref: string): SimNode {
    const nodes = this.memberNodes();
    const node = nodes.find((n) => n.id === ref) ?? nodes.find((n) => n.hostname === ref) ?? uniquePrefix(nodes, ref);
    if (!node) throw notFound(`node ${ref} not found`);
    return node;
  }

  private admit(node: SimNode, role: 'manager' | 'worker'): void {
    const t = this.now;
    node.role = role;
    node.state = 'ready';
    this.members.set(node.id, { version: this.nextIndex(), createdAt: t, updatedAt: t, silent: false });
    this.publishNode(node, 'create');
  }

  /** A node of the simulated cluster joins (auto-join, control API, scenario). */
  joinNode(ref: string, role?: 'manager' | 'worker'): SimNode {
    this.requireManager();
    const node = this.engine.cluster.find(ref);
    if (!node) throw notFound(`node ${ref} not found`);
    if (!this.members.has(node.id)) {
      this.admit(node, role ?? node.role);
      this.orchestrator.nodesChanged();
    }
    return node;
  }

  /** Add a simulated node; it joins the swarm at once when one is active and auto-join is on. */
  addNode(options: NodeOptions = {}): SimNode {
    const node = this.engine.cluster.add({ role: 'worker', ...options });
    if (this.state && this.autoJoin) {
      this.admit(node, node.role);
      this.orchestrator.nodesChanged();
    }
    return node;
  }

  /** Change a node's availability as `docker node update --availability` does (current version). */
  setAvailability(ref: string, availability: 'active' | 'pause' | 'drain'): SimNode {
    const node = this.findNode(ref);
    this.updateNode(node.id, this.member(node).version, { Availability: availability, Role: node.role, Labels: node.labels });
    return node;
  }

  updateNode(ref: string, version: number, spec: Json): void {
    this.requireManager();
    const node = this.findNode(ref);
    const m = this.member(node);
    const availability = spec.Availability ?? node.availability;
    if (!['active', 'pause', 'drain'].includes(availability)) throw invalidParameter(`invalid Availability: "${availability}"`);
    const role = spec.Role ?? node.role;
    if (!['manager', 'worker'].includes(role)) throw invalidParameter(`invalid Role: "${role}"`);
    if (version !== m.version) throw outOfSequence();
    if (node.role === 'manager' && role === 'worker') {
      const managers = this.memberNodes().filter((n) => n.role === 'manager');
      if (managers.length === 1) throw rpcFailedPrecondition('attempting to demote the last manager of the swarm');
    }
    const attrs: Record<string, string> = { name: node.hostname };
    if (availability !== node.availability) Object.assign(attrs, { 'availability.old': node.availability, 'availability.new': availability });
    if (role !== node.role) Object.assign(attrs, { 'role.old': node.role, 'role.new': role });
    node.availability = availability;
    node.role = role;
    if (role === 'worker') node.leader = false;
    node.labels = { ...(spec.Labels ?? {}) };
    node.updatedAt = this.now;
    m.version = this.nextIndex();
    m.updatedAt = this.now;
    this.publishNode(node, 'update', attrs);
    this.orchestrator.nodesChanged();
  }

  removeNode(ref: string, force: boolean): void {
    this.requireManager();
    const node = this.findNode(ref);
    if (node.role === 'manager') {
      throw rpcFailedPrecondition(`node ${node.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`);
    }
    if (node.state !== 'down' && !force) {
      throw rpcFailedPrecondition(`node ${node.id} is not down and can't be removed`);
    }
    const m = this.member(node);
    m.downTimer?.cancel();
    m.orphanTimer?.cancel();
    this.members.delete(node.id);
    this.publishNode(node, 'remove');
    this.orchestrator.nodeRemoved(node);
  }

  /** The node stops answering the managers; after the heartbeat grace period it is down. */
  nodeDown(ref: string): SimNode {
    this.requireMemberState();
    const node = this.findNode(ref);
    const m = this.member(node);
    if (m.silent) return node;
    m.silent = true;
    const period = this.state!.heartbeatMs * GRACE_MULTIPLIER;
    m.downTimer = this.engine.clock.setTimer(period, () => this.markDown(node, m));
    return node;
  }

  private markDown(node: SimNode, m: Member): void {
    m.downTimer = undefined;
    const old = node.state;
    node.state = 'down';
    m.statusMessage = 'heartbeat failure';
    m.version = this.nextIndex();
    m.updatedAt = this.now;
    if (node.leader) this.electLeader(node);
    this.publishNode(node, 'update', { name: node.hostname, 'state.old': old, 'state.new': 'down' });
    this.orchestrator.nodeDown(node);
    m.orphanTimer = this.engine.clock.setTimer(ORPHAN_AFTER_MS, () => {
      m.orphanTimer = undefined;
      this.agent.orphanTasksOf(node);
    });
  }

  /** The node talks to the managers again: ready, its stale tasks shut down. */
  nodeUp(ref: string): SimNode {
    this.requireMemberState();
    const node = this.findNode(ref);
    const m = this.member(node);
    m.downTimer?.cancel();
    m.orphanTimer?.cancel();
    m.downTimer = m.orphanTimer = undefined;
    const wasDown = node.state === 'down';
    m.silent = false;
    if (wasDown) {
      node.state = 'ready';
      m.statusMessage = undefined;
      m.version = this.nextIndex();
      m.updatedAt = this.now;
      this.publishNode(node, 'update', { name: node.hostname, 'state.old': 'down', 'state.new': 'ready' });
    }
    if (!this.memberNodes().some((n) => n.leader)) this.electLeader();
    this.agent.reconnect(node);
    this.orchestrator.nodesChanged();
    return node;
  }

  private requireMemberState(): void {
    if (!this.state) throw notManager();
  }

  private electLeader(former?: SimNode): void {
    if (former) former.leader = false;
    const next = this.memberNodes().find((n) => n.role === 'manager' && n.state === 'ready' && !this.members.get(n.id)!.silent);
    if (next && this.hasQuorum()) next.leader = true;
  }

  publishNode(node: SimNode, action: string, attrs: Record<string, string> = { name: node.hostname }): void {
    this.engine.events.publish({ type: 'node', action, id: node.id, attributes: attrs, scope: 'swarm' });
  }

  /** swarmkit refuses to remove a network that a service, or a task not yet past running, refers to. */
  networkUser(networkId: string): string | undefined {
    const refers = (spec: Json | undefined) => ((spec?.Networks ?? []) as Json[]).some((n) => n.Target === networkId);
    for (const s of this.services.values()) {
      if (refers(s.spec.TaskTemplate) || refers(s.spec)) return `network ${networkId} is in use by service ${s.id}`;
    }
    for (const t of this.tasks.values()) {
      const live = stateRank(t.desiredState) <= stateRank('running') && stateRank(t.status.state) <= stateRank('running');
      if (live && refers(t.spec)) return `network ${networkId} is in use by task ${t.id}`;
    }
    return undefined;
  }

  publish(type: 'service' | 'secret' | 'config', action: string, id: string, attrs: Record<string, string>): void {
    this.engine.events.publish({ type, action, id, attributes: attrs, scope: 'swarm' });
  }

  shutdown(): void {
    this.orchestrator.stop();
    this.timers.cancelAll();
    for (const m of this.members.values()) {
      m.downTimer?.cancel();
      m.orphanTimer?.cancel();
    }
  }
}

function uniquePrefix(nodes: SimNode[], prefix: string): SimNode | undefined {
  if (!prefix) return undefined;
  const hits = nodes.filter((n) => n.id.startsWith(prefix));
  return hits.length === 1 ? hits[0] : undefined;
}

/** dockerd's check of ListenAddr/AdvertiseAddr: an IP or interface name, optional port. */
function validateListenAddr(addr: unknown): void {
  if (addr === undefined || addr === null || addr === '') return;
  const s = String(addr);
  const host = s.startsWith('[') ? s.slice(1, s.indexOf(']')) : s.includes(':') && s.split(':').length === 2 ? s.split(':')[0]! : s;
  const port = s.split(':').length === 2 ? s.split(':')[1]! : '';
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
  const isIface = /^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(host);
  if ((!isIp && !isIface && host !== '') || (port && !/^\d+$/.test(port))) {
    throw invalidParameter('listen address must be an IP address or network interface (with optional port number)');
  }
}
