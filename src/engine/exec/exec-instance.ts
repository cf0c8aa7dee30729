/**
 * One exec instance (`POST /containers/{id}/exec`): its configuration as created,
 * and its state once started. The view is what `GET /exec/{id}/json` answers.
 */
import type { Container, Json } from '../containers/container.js';
import type { SimProcess } from '../process/index.js';

export interface ExecConfig {
  entrypoint: string;
  args: string[];
  tty: boolean;
  openStdin: boolean;
  openStdout: boolean;
  openStderr: boolean;
  /** Parsed detach keys; empty = the default sequence. */
  detachKeys: Buffer;
  privileged: boolean;
  /** User and working directory after the container's defaults applied. */
  user: string;
  workingDir: string;
  env: string[];
  consoleSize?: [number, number];
}

export class ExecInstance {
  running = false;
  exitCode: number | null = null;
  /** Host PID while it runs (0 before start). */
  pid = 0;
  process?: SimProcess;

  constructor(
    readonly id: string,
    readonly container: Container,
    readonly config: ExecConfig,
  ) {}

  /** The command as dockerd writes it in exec events ("sh -c echo hi", "cat "). */
  get commandLine(): string {
    return `${this.config.entrypoint} ${this.config.args.join(' ')}`;
  }

  get started(): boolean {
    return this.running || this.exitCode !== null;
  }

  view(): Json {
    const c = this.config;
    return {
      ID: this.id,
      Running: this.running,
      ExitCode: this.exitCode,
      ProcessConfig: {
        tty: c.tty,
        entrypoint: c.entrypoint,
        arguments: c.args,
        privileged: c.privileged,
        ...(c.user ? { user: c.user } : {}),
      },
      OpenStdin: c.openStdin,
      OpenStderr: c.openStderr,
      OpenStdout: c.openStdout,
      CanRemove: false,
      ContainerID: this.container.id,
      DetachKeys: c.detachKeys.toString('latin1'),
      Pid: this.pid,
    };
  }
}
