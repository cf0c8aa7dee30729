/**
 * Reading a container's log as dockerd's json-file driver does: one message per
 * line, the last `tail` lines, then `since`/`until` by timestamp; `follow` goes on
 * with new lines until the container stops (or `until` passes).
 */
import type { Clock } from '../clock.js';
import type { Container } from '../containers/container.js';
import type { LogEntry, StreamName } from '../containers/log-buffer.js';
import type { ContainerRuntime } from '../containers/runtime.js';

export interface LogQuery {
  stdout: boolean;
  stderr: boolean;
  /** Nanoseconds since the epoch; lines before it are skipped. */
  since?: bigint;
  /** Nanoseconds since the epoch; lines after it end the read. */
  until?: bigint;
  /** Last N lines; -1 = all. */
  tail: number;
  follow: boolean;
}

export interface LogLine {
  stream: StreamName;
  /** Engine time in nanoseconds. */
  time: bigint;
  data: Buffer;
}

/** json-file stores one message per line; a write without a final newline is a partial line. */
export function splitLines(entry: LogEntry): LogLine[] {
  const lines: LogLine[] = [];
  let start = 0;
  while (start < entry.data.length) {
    const nl = entry.data.indexOf(0x0a, start);
    const end = nl < 0 ? entry.data.length : nl + 1;
    lines.push({ stream: entry.stream, time: entry.time, data: entry.data.subarray(start, end) });
    start = end;
  }
  return lines;
}

const wanted = (q: LogQuery, line: LogLine) => (line.stream === 'stdout' ? q.stdout : q.stderr);
const inWindow = (q: LogQuery, line: LogLine) => (q.since === undefined || line.time >= q.since) && (q.until === undefined || line.time <= q.until);

/** The lines already logged that the query selects. */
export function pastLines(entries: readonly LogEntry[], q: LogQuery): LogLine[] {
  let lines = entries.flatMap(splitLines);
  if (q.tail >= 0) lines = q.tail === 0 ? [] : lines.slice(-q.tail);
  return lines.filter((l) => inWindow(q, l) && wanted(q, l));
}

export interface LogReaderDeps {
  clock: Clock;
  runtime: ContainerRuntime;
}

/**
 * Emit the selected past lines, then (follow on a running container) new ones, then
 * call end(). Returns the canceller for a client that leaves first; after end() or
 * cancel() nothing of the reader is left (follower, waiter, timer).
 */
export function readLogs(deps: LogReaderDeps, container: Container, q: LogQuery, emit: (line: LogLine) => void, end: () => void): () => void {
  for (const line of pastLines(container.logs.all(), q)) emit(line);
  const untilPassed = q.until !== undefined && deps.clock.nowNanos() > q.until;
  if (!q.follow || !container.running || untilPassed) {
    end();
    return () => {};
  }
  const aborter = new AbortController();
  let finished = false;
  const finish = (notify: boolean) => {
    if (finished) return;
    finished = true;
    unfollow();
    timer?.cancel();
    aborter.abort();
    if (notify) end();
  };
  const unfollow = container.logs.follow((entry) => {
    for (const line of splitLines(entry)) {
      if (q.until !== undefined && line.time > q.until) return finish(true);
      if (wanted(q, line)) emit(line);
    }
  });
  const timer = q.until === undefined ? undefined : deps.clock.setTimer(Number((q.until - deps.clock.nowNanos()) / 1_000_000n) + 1, () => finish(true));
  deps.runtime.wait(container, 'next-exit', aborter.signal).then(() => finish(true));
  return () => finish(false);
}
