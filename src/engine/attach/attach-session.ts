/**
 * One attach to a container (`docker attach`, `docker run` attached, attach/ws),
 * with dockerd's rules (daemon/attach.go + container/stream/attach.go):
 * - `logs` replays the log first; `stream` then follows the output until the
 *   current (or, on a stopped container, the next) run of the process ends;
 * - stdin reaches the process only when the container has OpenStdin;
 * - the client's end of stdin closes the container's stdin when StdinOnce (and no
 *   TTY); otherwise it ends the attach and the process goes on;
 * - on a TTY the detach keys end the attach and leave the container running.
 */
import { conflict, invalidParameter } from '../errors.js';
import type { Container } from '../containers/container.js';
import type { StreamName } from '../containers/log-buffer.js';
import type { ContainerRuntime } from '../containers/runtime.js';
import { DEFAULT_DETACH_KEYS, DetachKeyWatcher, parseDetachKeys } from './detach-keys.js';

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  logs: boolean;
  stream: boolean;
  /** "ctrl-p,ctrl-q" form; empty = the default. */
  detachKeys?: string;
}

/** How an attach ended: the output ended, the client detached, or the client left. */
export type AttachEnd = 'ended' | 'detached' | 'gone';

export interface AttachSink {
  output(stream: StreamName, data: Buffer): void;
}

/** dockerd's checks, in its order, before the stream is opened. */
export function checkAttach(container: Container, ref: string, detachKeys: string | undefined): Buffer {
  const keys = detachKeys ? parseDetachKeys(detachKeys) : DEFAULT_DETACH_KEYS;
  if (!keys) throw invalidParameter(`Invalid detach keys (${detachKeys}) provided`);
  if (container.paused) throw conflict(`container ${ref} is paused, unpause the container before attach`);
  if (container.state.status === 'restarting') throw conflict(`container ${ref} is restarting, wait until the container is running`);
  return keys;
}

export class AttachSession {
  readonly done: Promise<AttachEnd>;
  private resolveDone!: (end: AttachEnd) => void;
  private finished = false;
  private readonly aborter = new AbortController();
  private unfollow: () => void = () => {};
  private readonly watcher?: DetachKeyWatcher;
  private readonly useStdin: boolean;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly container: Container,
    private readonly options: AttachOptions,
    private readonly sink: AttachSink,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const tty = !!container.config.Tty;
    if (tty) this.watcher = new DetachKeyWatcher(options.detachKeys ? parseDetachKeys(options.detachKeys) ?? DEFAULT_DETACH_KEYS : DEFAULT_DETACH_KEYS);
    this.useStdin = options.stdin && !!container.config.OpenStdin;
    if (options.logs) {
      if (container.hostConfig.LogConfig?.Type === 'none') {
        // dockerd writes the failure into the stream it already opened, then ends it.
        sink.output('stdout', Buffer.from('Error attaching: configured logging driver does not support reading\n'));
        this.finish('ended');
        return;
      }
      for (const entry of container.logs.all()) if (this.wants(entry.stream)) sink.output(entry.stream, entry.data);
    }
    runtime.publish(container, 'attach');
    if (!options.stream) {
      this.finish('ended');
      return;
    }
    if (options.stdout || options.stderr) {
      this.unfollow = container.logs.follow((entry) => {
        if (this.wants(entry.stream)) sink.output(entry.stream, entry.data);
      });
    }
    runtime.wait(container, 'next-exit', this.aborter.signal).then(() => this.finish('ended'));
  }

  /** Bytes the client typed or piped. */
  input(chunk: Buffer): void {
    if (this.finished || !this.useStdin) return;
    if (!this.watcher) return this.container.stdin.write(chunk);
    const { data, detach } = this.watcher.feed(chunk);
    if (data.length > 0) this.container.stdin.write(data);
    if (detach) {
      this.runtime.publish(this.container, 'detach');
      this.finish('detached');
    }
  }

  /** The client closed its sending side. */
  inputEnd(): void {
    if (this.finished || !this.useStdin) return;
    if (this.container.config.StdinOnce && !this.container.config.Tty) this.container.stdin.end();
    else this.finish('ended');
  }

  /** The client went away (dockerd logs no detach event for that). */
  cancel(): void {
    if (this.finished) return;
    if (this.useStdin && this.container.config.StdinOnce && !this.container.config.Tty) this.container.stdin.end();
    this.finish('gone');
  }

  private wants(stream: StreamName): boolean {
    return stream === 'stdout' ? this.options.stdout : this.options.stderr;
  }

  private finish(end: AttachEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.unfollow();
    this.aborter.abort();
    this.resolveDone(end);
  }
}
