/** Swarm objects as the Engine API shows them (newest shape; the API shapes per version). */
import type { SimNode } from '../cluster.js';
import { formatTime } from './time.js';
import { TLS_INFO } from './cluster-state.js';
import { withDefaults } from './service-spec.js';
import type { Swarm } from './swarm.js';
import { isTerminal, serviceMode, type Json, type SecretOrConfig, type Service, type Task } from './types.js';

const PLUGINS = [
  ...['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'].map((Name) => ({ Type: 'Log', Name })),
  ...['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'].map((Name) => ({ Type: 'Network', Name })),
  { Type: 'Volume', Name: 'local' },
];

const meta = (o: { id: string; version: number; createdAt: number; updatedAt: number }) => ({
  ID: o.id,
  Version: { Index: o.version },
  CreatedAt: formatTime(o.createdAt),
  UpdatedAt: formatTime(o.updatedAt),
});

export function swarmView(swarm: Swarm, withTokens = true): Json {
  const s = swarm.state!;
  return {
    ID: s.id,
    Version: { Index: s.version },
    CreatedAt: formatTime(s.createdAt),
    UpdatedAt: formatTime(s.updatedAt),
    Spec: structuredClone(s.spec),
    TLSInfo: { ...TLS_INFO },
    RootRotationInProgress: false,
    DefaultAddrPool: s.defaultAddrPool,
    SubnetSize: s.subnetSize,
    DataPathPort: s.dataPathPort,
    ...(withTokens ? { JoinTokens: { Worker: s.workerToken, Manager: s.managerToken } } : {}),
  };
}

export function nodeView(swarm: Swarm, node: SimNode): Json {
  const m = swarm.members.get(node.id)!;
  return {
    ...meta({ id: node.id, version: m.version, createdAt: m.createdAt, updatedAt: m.updatedAt }),
    Spec: { Labels: { ...node.labels }, Role: node.role, Availability: node.availability },
    Description: {
      Hostname: node.hostname,
      Platform: { ...node.platform },
      Resources: { ...node.resources },
      Engine: {
        EngineVersion: node.engineVersion,
        ...(Object.keys(node.engineLabels).length ? { Labels: { ...node.engineLabels } } : {}),
        Plugins: PLUGINS,
      },
      TLSInfo: { ...TLS_INFO },
    },
    Status: { State: node.state, ...(m.statusMessage ? { Message: m.statusMessage } : {}), Addr: node.addr },
    ...(node.role === 'manager'
      ? { ManagerStatus: { ...(node.leader ? { Leader: true } : {}), Reachability: node.state === 'down' || m.silent ? 'unreachable' : 'reachable', Addr: `${node.addr}:2377` } }
      : {}),
  };
}

export function serviceView(swarm: Swarm, service: Service, options: { insertDefaults?: boolean; status?: boolean } = {}): Json {
  const spec = options.insertDefaults ? withDefaults(service.spec) : structuredClone(service.spec);
  const out: Json = { ...meta(service), Spec: spec };
  if (service.previousSpec) out.PreviousSpec = options.insertDefaults ? withDefaults(service.previousSpec) : structuredClone(service.previousSpec);
  out.Endpoint = structuredClone(service.endpoint);
  if (service.updateStatus) {
    const u = service.updateStatus;
    out.UpdateStatus = { State: u.State, StartedAt: formatTime(u.StartedAt), ...(u.CompletedAt ? { CompletedAt: formatTime(u.CompletedAt) } : {}), Message: u.Message };
  }
  if (options.status) out.ServiceStatus = serviceStatus(swarm, service);
  if (serviceMode(service.spec).endsWith('job')) {
    out.JobStatus = { JobIteration: { Index: service.jobIteration }, LastExecution: formatTime(service.jobLastExecution ?? service.createdAt) };
  }
  return out;
}

export function serviceStatus(swarm: Swarm, service: Service): Json {
  const tasks = swarm.orchestrator.tasksOf(service.id);
  const upNodes = new Set(swarm.memberNodes().filter((n) => n.state !== 'down').map((n) => n.id));
  const running = tasks.filter((t) => t.status.state === 'running' && t.desiredState === 'running' && upNodes.has(t.nodeId)).length;
  const mode = serviceMode(service.spec);
  let desired: number;
  if (mode === 'replicated') desired = service.spec.Mode.Replicated.Replicas ?? 1;
  else if (mode === 'replicated-job') desired = service.spec.Mode.ReplicatedJob.MaxConcurrent;
  else desired = tasks.filter((t) => t.desiredState === (mode === 'global' ? 'running' : 'complete') && upNodes.has(t.nodeId)).length;
  const completed = tasks.filter((t) => t.status.state === 'complete' && (t.jobIteration ?? 0) === service.jobIteration).length;
  return { RunningTasks: running, DesiredTasks: desired, CompletedTasks: mode.endsWith('job') ? completed : 0 };
}

export function taskView(swarm: Swarm, task: Task): Json {
  const st = task.status;
  const status: Json = { Timestamp: formatTime(st.timestamp), State: st.state, Message: st.message };
  if (st.err) status.Err = st.err;
  if (st.containerId || task.containerId) {
    status.ContainerStatus = { ContainerID: st.containerId ?? task.containerId, PID: st.pid ?? 0, ExitCode: st.exitCode ?? 0 };
  }
  status.PortStatus = {};
  const service = swarm.services.get(task.serviceId);
  const ports = (service?.endpoint?.Ports ?? []).filter((p: Json) => p.PublishMode === 'host');
  if (ports.length && !isTerminal(st.state)) status.PortStatus = { Ports: ports };
  return {
    ...meta(task),
    Labels: { ...task.labels },
    Spec: structuredClone(task.spec),
    ServiceID: task.serviceId,
    ...(task.slot ? { Slot: task.slot } : {}),
    ...(task.nodeId ? { NodeID: task.nodeId } : {}),
    Status: status,
    DesiredState: task.desiredState,
    ...(task.jobIteration !== undefined ? { JobIteration: { Index: task.jobIteration } } : {}),
  };
}

export function secretView(o: SecretOrConfig): Json {
  const spec: Json = { Name: o.spec.Name, Labels: { ...o.spec.Labels } };
  if (o.kind === 'config') spec.Data = o.data.toString('base64');
  if (o.spec.Templating) spec.Templating = o.spec.Templating;
  return { ...meta(o), Spec: spec };
}

/** The Swarm section of /info. */
export function swarmInfoView(swarm: Swarm): Json {
  const local = swarm.engine.cluster.local;
  if (!swarm.state) {
    return { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null };
  }
  const nodes = swarm.memberNodes();
  const managers = nodes.filter((n) => n.role === 'manager');
  const isManager = local.role === 'manager';
  const cluster = swarmView(swarm, false);
  return {
    NodeID: local.id,
    NodeAddr: local.addr,
    LocalNodeState: swarm.state.locked ? 'locked' : 'active',
    ControlAvailable: isManager,
    Error: '',
    RemoteManagers: managers.map((n) => ({ NodeID: n.id, Addr: `${n.addr}:2377` })),
    ...(isManager ? { Nodes: nodes.length, Managers: managers.length, Cluster: cluster } : {}),
  };
}
