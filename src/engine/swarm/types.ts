/**
 * Swarm objects as swarmkit stores them, kept close to the Engine API's JSON so the
 * views stay small. Specs are stored as the client sent them (after validation and
 * defaults), times are engine milliseconds.
 */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TaskState =
  | 'new' | 'pending' | 'assigned' | 'accepted' | 'preparing' | 'ready' | 'starting' | 'running'
  | 'complete' | 'shutdown' | 'failed' | 'rejected' | 'remove' | 'orphaned';

/** swarmkit's TaskState enum order: a task only ever moves forward. */
export const TASK_STATE_ORDER: readonly TaskState[] = [
  'new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running',
  'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned',
];

export const stateRank = (s: TaskState) => TASK_STATE_ORDER.indexOf(s);
export const isTerminal = (s: TaskState) => stateRank(s) > stateRank('running');

export interface StoredObject {
  id: string;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface TaskStatus {
  timestamp: number;
  state: TaskState;
  message: string;
  err?: string;
  containerId?: string;
  pid?: number;
  exitCode?: number;
}

export interface Task extends StoredObject {
  serviceId: string;
  /** Replicated services and jobs; 0 for global ones (they key by node). */
  slot: number;
  nodeId: string;
  /** The TaskTemplate this task runs (a copy of the service's at creation). */
  spec: Json;
  /** Spec generation of the service the task was made from (for updates). */
  specHash: string;
  status: TaskStatus;
  desiredState: TaskState;
  labels: Record<string, string>;
  /** Job iteration (jobs only). */
  jobIteration?: number;
  /** Engine container running the task, once created. */
  containerId?: string;
  /** Networks attachments as the API shows them. */
  networksAttachments?: Json[];
  /** The service's X-Registry-Auth when the task was made (swarmkit's PullOptions). */
  pullAuth?: string;
}

export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface UpdateStatus {
  State: UpdateState;
  StartedAt: number;
  CompletedAt?: number;
  Message: string;
}

export interface Service extends StoredObject {
  spec: Json;
  previousSpec?: Json;
  updateStatus?: UpdateStatus;
  /** Allocated endpoint (ports and VIPs) as the API shows it. */
  endpoint: Json;
  /** Jobs: which run of the job the current tasks belong to. */
  jobIteration: number;
  jobLastExecution?: number;
  /**
   * X-Registry-Auth as sent with create/update (swarmkit keeps it in the ContainerSpec's
   * PullOptions, which the API never shows); the nodes pull with it.
   */
  pullAuth?: string;
  previousPullAuth?: string;
}

export interface SecretOrConfig extends StoredObject {
  kind: 'secret' | 'config';
  spec: Json;
  data: Buffer;
}

export type ServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export function serviceMode(spec: Json): ServiceMode {
  const m = spec.Mode ?? {};
  if (m.Global) return 'global';
  if (m.ReplicatedJob) return 'replicated-job';
  if (m.GlobalJob) return 'global-job';
  return 'replicated';
}
