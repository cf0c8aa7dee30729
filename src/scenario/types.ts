/** A scenario file as data (see schema.ts for the meaning of each field). */
import type { EventType } from '../engine/events.js';

export type Duration = string | number;
export type Size = string | number;

export interface NodeSpec {
  hostname?: string;
  count?: number;
  role?: 'manager' | 'worker';
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  resources?: { cpus?: number; memory?: Size };
}

export interface ContainerMatch {
  image?: string;
  name?: string;
  label?: Record<string, string>;
  command?: string;
  service?: string;
  node?: string;
}

export interface EventMatch {
  type?: EventType;
  action?: string;
  actor?: string;
  label?: Record<string, string>;
  attributes?: Record<string, string>;
}

export interface RequestMatch {
  method?: string;
  path?: string;
  query?: Record<string, string | number | boolean>;
  header?: Record<string, string>;
  body?: Record<string, unknown>;
  apiVersion?: string;
}

export interface FaultRule {
  id?: string;
  match: RequestMatch;
  after?: number;
  times?: number;
  status?: number;
  message?: string;
  delay?: Duration;
  drop?: boolean;
  truncate?: number;
  corrupt?: boolean;
  progressError?: { message: string; afterLines?: number };
}

export interface BehaviourSpec {
  match: ContainerMatch;
  output?: { line: string; stream?: 'stdout' | 'stderr'; after?: Duration }[];
  exit?: { code: number; after?: Duration };
  oom?: { after?: Duration };
  health?: { status: 'starting' | 'healthy' | 'unhealthy'; after?: Duration }[];
  memory?: { base?: Size; growPerSecond?: Size };
  cpuPercent?: number;
  stopSignals?: string[];
  stopExitCode?: number;
}

/** Exactly one key is set. */
export interface Action {
  'node.down'?: string | string[];
  'node.up'?: string | string[];
  'node.drain'?: string | string[];
  'node.activate'?: string | string[];
  'node.add'?: NodeSpec;
  partition?: string | string[];
  heal?: string | string[];
  'container.exit'?: { container: string; code: number };
  'container.oom'?: string;
  'container.log'?: { container: string; lines: string[]; stream?: 'stdout' | 'stderr' };
  'container.health'?: { container: string; status: 'starting' | 'healthy' | 'unhealthy' };
  'container.start'?: string;
  'container.stop'?: string;
  'daemon.restart'?: Record<string, never> | null;
  'registry.down'?: string;
  'registry.up'?: string;
  'volume.full'?: string;
  'volume.free'?: string;
  'clock.advance'?: Duration;
  'fault.add'?: FaultRule;
  'fault.remove'?: string;
  'service.update'?: { service: string; image?: string; env?: string[]; replicas?: number };
  'service.scale'?: { service: string; replicas: number };
  event?: { type: EventType; action: string; id?: string; attributes?: Record<string, string>; scope?: 'local' | 'swarm' };
}

export interface Condition {
  service?: string;
  runningTasks?: number;
  updateState?: string;
  tasksInState?: { state: string; count?: number; atLeast?: number };
  container?: string;
  status?: string;
  exitCode?: number;
  oomKilled?: boolean;
  health?: string;
  restartCount?: { atLeast?: number; atMost?: number };
  node?: string;
  state?: string;
  availability?: string;
  leader?: boolean;
  quorum?: boolean;
  registry?: string;
  down?: boolean;
  events?: { match: EventMatch; count?: number; atLeast?: number; atMost?: number };
  requests?: { match: RequestMatch; status?: number; count?: number; atLeast?: number; atMost?: number };
  containers?: { match?: ContainerMatch; status?: string; count?: number; atLeast?: number };
  clock?: { atLeast?: Duration };
}

export interface Trigger {
  event?: EventMatch & { nth?: number };
  request?: RequestMatch & { nth?: number };
  state?: Condition;
}

export interface Step {
  name?: string;
  at?: Duration;
  on?: Trigger;
  repeat?: boolean;
  do: Action[];
}

export interface ContainerSpec {
  name?: string;
  image: string;
  command?: string | string[];
  entrypoint?: string | string[];
  env?: string[];
  labels?: Record<string, string>;
  restart?: string;
  memory?: Size;
  tty?: boolean;
  healthcheck?: { test: string | string[]; interval?: Duration; timeout?: Duration; retries?: number; startPeriod?: Duration };
  start?: boolean;
  node?: string;
}

export interface ServiceSpec {
  name: string;
  image: string;
  command?: string | string[];
  env?: string[];
  labels?: Record<string, string>;
  replicas?: number;
  mode?: 'replicated' | 'global';
  constraints?: string[];
  restartPolicy?: { condition?: 'none' | 'on-failure' | 'any'; delay?: Duration; maxAttempts?: number };
  update?: { parallelism?: number; delay?: Duration; failureAction?: 'pause' | 'continue' | 'rollback'; order?: 'stop-first' | 'start-first' };
}

export interface RegistrySpec {
  host: string;
  down?: boolean;
  pullLimit?: number;
  requireAuth?: boolean;
  users?: { username: string; password: string }[];
  stepMs?: number;
  brokenRepositories?: { repository: string; message?: string }[];
}

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  clock?: 'real' | 'virtual';
  duration?: Duration;
  topology?: {
    swarm?: boolean;
    classic?: boolean;
    /** 'classic': one endpoint presents every node, as classic (standalone) Swarm did (`--mode classic`). */
    mode?: 'engine' | 'classic';
    /** Classic mode's placement strategy (`--strategy`). */
    strategy?: 'spread' | 'binpack' | 'random';
    nodes?: NodeSpec[];
  };
  images?: string[];
  registries?: RegistrySpec[];
  containers?: ContainerSpec[];
  networks?: { name: string; driver?: string; labels?: Record<string, string> }[];
  volumes?: { name: string; driver?: string; labels?: Record<string, string>; size?: Size }[];
  services?: ServiceSpec[];
  secrets?: { name: string; data: string; labels?: Record<string, string> }[];
  faults?: FaultRule[];
  behaviours?: BehaviourSpec[];
  timeline?: Step[];
  expect?: Condition[];
}
