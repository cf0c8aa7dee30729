/**
 * Service specs as dockerd accepts and stores them: validation with swarmkit's texts,
 * the normalisation the API round trip through swarmkit's types adds, and the
 * defaults `insertDefaults=true` shows.
 */
import { invalidParameter } from '../errors.js';
import { foldKeys, UPDATE_CONFIG_FIELDS } from '../go-json.js';
import { parseConstraints } from './constraints.js';
import { rpcInvalid } from './swarm-errors.js';
import { DEFAULT_RESTART_DELAY_MS } from './task-walk.js';
import { serviceMode, type Json } from './types.js';

/** swarmkit's isValidDNSName: underscores allowed (stack services are `<stack>_<name>`). */
const DNS_LABEL = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;

/** Validate a create/update spec and give it the shape dockerd stores. */
export function normalizeServiceSpec(input: Json): Json {
  const spec = structuredClone(input) as Json;
  // Go's encoding/json matches field names case-insensitively: docker-py's ServiceMode
  // sends {"replicated": {"Replicas": 3}} (service.scale()) and dockerd takes it.
  if (spec.Mode && typeof spec.Mode === 'object') {
    for (const key of Object.keys(spec.Mode)) {
      const canon = ['Replicated', 'Global', 'ReplicatedJob', 'GlobalJob'].find((k) => k.toLowerCase() === key.toLowerCase());
      if (canon && canon !== key) {
        spec.Mode[canon] ??= spec.Mode[key];
        delete spec.Mode[key];
      }
    }
  }
  const modes = ['Replicated', 'Global', 'ReplicatedJob', 'GlobalJob'].filter((k) => spec.Mode?.[k]);
  if (modes.length > 1) throw invalidParameter('must specify only one service mode');
  if (!spec.Name || !DNS_LABEL.test(spec.Name)) throw rpcInvalid('name must be valid as a DNS name component');
  if (spec.Name.length > 63) throw rpcInvalid(`name must be 63 characters or fewer`);
  const tt = (spec.TaskTemplate ??= {});
  const cs = (tt.ContainerSpec ??= {});
  if (!cs.Image) throw rpcInvalid('ContainerSpec: image reference must be provided');
  if (!modes.length) spec.Mode = { Replicated: { Replicas: 1 } };
  if (spec.Mode.Replicated && spec.Mode.Replicated.Replicas === undefined) spec.Mode.Replicated.Replicas = 1;
  if (spec.Mode.ReplicatedJob) {
    const job = spec.Mode.ReplicatedJob;
    job.MaxConcurrent ??= 1;
    job.TotalCompletions ??= job.MaxConcurrent;
  }
  parseConstraints(tt.Placement?.Constraints);
  for (const key of ['UpdateConfig', 'RollbackConfig'] as const) {
    if (spec[key]) spec[key] = foldKeys(spec[key], UPDATE_CONFIG_FIELDS);
    const fa = spec[key]?.FailureAction;
    if (fa && !['pause', 'continue', 'rollback'].includes(fa)) throw rpcInvalid(`${key === 'UpdateConfig' ? 'UpdateConfig' : 'RollbackConfig'}: invalid FailureAction ${fa}`);
    const order = spec[key]?.Order;
    if (order && !['stop-first', 'start-first'].includes(order)) throw rpcInvalid(`unrecognized order ${order}`);
  }
  if (serviceMode(spec).endsWith('job') && spec.UpdateConfig) throw invalidParameter('UpdateConfig cannot be set for job services');
  cs.Isolation ??= 'default';
  tt.ForceUpdate ??= 0;
  tt.Runtime ??= 'container';
  if (tt.RestartPolicy && tt.RestartPolicy.MaxAttempts === undefined) tt.RestartPolicy.MaxAttempts = 0;
  return spec;
}

/** The spec as `GET /services/{id}?insertDefaults=true` shows it. */
export function withDefaults(spec: Json): Json {
  const out = structuredClone(spec) as Json;
  const tt = out.TaskTemplate;
  const cs = tt.ContainerSpec;
  cs.StopGracePeriod ??= 10_000_000_000;
  cs.DNSConfig ??= {};
  tt.Resources ??= {};
  tt.RestartPolicy = { Condition: 'any', Delay: DEFAULT_RESTART_DELAY_MS * 1e6, MaxAttempts: 0, ...tt.RestartPolicy };
  tt.Placement ??= {};
  const isJob = serviceMode(out).endsWith('job');
  if (!isJob) {
    const update = { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' };
    out.UpdateConfig = { ...update, ...out.UpdateConfig };
    out.RollbackConfig = { ...update, ...out.RollbackConfig };
  }
  return out;
}

/** Identity of what a task runs: tasks made from an older template are out of date. */
export function templateHash(spec: Json): string {
  return JSON.stringify(spec.TaskTemplate ?? {});
}

export interface RestartPolicy {
  condition: 'none' | 'on-failure' | 'any';
  delayMs: number;
  maxAttempts: number;
  windowMs: number;
}

export function restartPolicy(spec: Json): RestartPolicy {
  const rp = spec.TaskTemplate?.RestartPolicy ?? {};
  const isJob = serviceMode(spec).endsWith('job');
  return {
    condition: rp.Condition ?? (isJob ? 'on-failure' : 'any'),
    delayMs: rp.Delay !== undefined ? rp.Delay / 1e6 : DEFAULT_RESTART_DELAY_MS,
    maxAttempts: rp.MaxAttempts ?? 0,
    windowMs: (rp.Window ?? 0) / 1e6,
  };
}

export interface UpdatePolicy {
  parallelism: number;
  delayMs: number;
  failureAction: 'pause' | 'continue' | 'rollback';
  monitorMs: number;
  maxFailureRatio: number;
  order: 'stop-first' | 'start-first';
}

export function updatePolicy(spec: Json, rollback: boolean): UpdatePolicy {
  const c = (rollback ? spec.RollbackConfig : spec.UpdateConfig) ?? {};
  return {
    parallelism: c.Parallelism ?? 1,
    delayMs: (c.Delay ?? 0) / 1e6,
    failureAction: c.FailureAction ?? 'pause',
    monitorMs: c.Monitor !== undefined && c.Monitor !== 0 ? c.Monitor / 1e6 : 5000,
    maxFailureRatio: c.MaxFailureRatio ?? 0,
    order: c.Order ?? 'stop-first',
  };
}
