/**
 * A container: its configuration as created (Config, HostConfig), its state, its file
 * system and its simulated process. Plain data plus small state helpers; the
 * lifecycle rules live in ContainerRuntime.
 */
import type { LayeredFs } from '../fs/layered-fs.js';
import type { SimProcess } from '../process/index.js';
import type { PausableClock } from '../clock.js';
import type { ImageBehaviour } from '../images/catalog.js';
import { LogBuffer } from './log-buffer.js';
import { StdinPipe } from './stdin-pipe.js';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface HealthState {
  Status: 'starting' | 'healthy' | 'unhealthy';
  FailingStreak: number;
  Log: HealthLogEntry[];
}

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  error: string;
  oomKilled: boolean;
  /** Engine time (ms); 0 = never. */
  startedAt: number;
  finishedAt: number;
  health?: HealthState;
}

/** One network endpoint of a container (the networks issue fills these in). */
export interface Endpoint {
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  MacAddress: string;
  Aliases: string[] | null;
  DNSNames: string[] | null;
  Links: string[] | null;
  IPAMConfig: Json | null;
  DriverOpts: Record<string, string> | null;
  GwPriority?: number;
}

export class Container {
  readonly logs = new LogBuffer();
  readonly stdin = new StdinPipe();
  state: ContainerState = { status: 'created', pid: 0, exitCode: 0, error: '', oomKilled: false, startedAt: 0, finishedAt: 0 };
  process?: SimProcess;
  /** The clock the main process runs on; frozen while the container is paused. */
  processClock?: PausableClock;
  restartCount = 0;
  /** Set by stop/kill so the restart policy leaves the container down. */
  manuallyStopped = false;
  /** Exec instances started in this container. */
  readonly execIds: string[] = [];
  /** Network name -> endpoint. */
  networks: Record<string, Endpoint> = {};
  mounts: Json[] = [];

  constructor(
    readonly id: string,
    /** "/web" */
    public name: string,
    readonly created: number,
    /** Config as dockerd stores it: the request merged over the image's config. */
    readonly config: Json,
    readonly hostConfig: Json,
    readonly imageId: string,
    /** Node the container lives on. */
    readonly node: string,
    readonly fs: LayeredFs,
    readonly behaviour: ImageBehaviour | undefined,
    readonly platform = 'linux',
  ) {}

  get running(): boolean {
    return this.state.status === 'running' || this.state.status === 'paused';
  }

  get paused(): boolean {
    return this.state.status === 'paused';
  }

  /** Entrypoint + Cmd: what runs as PID 1. */
  get argv(): string[] {
    return [...(this.config.Entrypoint ?? []), ...(this.config.Cmd ?? [])];
  }

  get labels(): Record<string, string> {
    return this.config.Labels ?? {};
  }

  get shortId(): string {
    return this.id.slice(0, 12);
  }

  /** Attributes every container event carries: the image, the name, the labels. */
  eventAttributes(extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.labels, image: this.config.Image, name: this.name.slice(1), ...extra };
  }
}
