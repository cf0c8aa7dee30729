/**
 * Service and task logs: the task containers' output, each line prefixed with the
 * swarm context dockerd adds (node, service and task IDs) so the CLI can print
 * `name.slot.task@node | line`; stdcopy-framed unless the task has a TTY.
 */
import type { Context } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter } from '../engine/errors.js';
import type { LogEntry } from '../engine/containers/log-buffer.js';
import type { Task } from '../engine/swarm/types.js';
import { boolParam } from './request.js';
import { streamResponse } from './streaming.js';
import { compareVersions } from './versions.js';

export function taskLogsResponse(engine: Engine, c: Context, tasks: Task[]): Response {
  const stdout = boolParam(c, 'stdout');
  const stderr = boolParam(c, 'stderr');
  if (!stdout && !stderr) throw invalidParameter("must specify at least one of 'stdout' or 'stderr'");
  const follow = boolParam(c, 'follow');
  const timestamps = boolParam(c, 'timestamps');
  const tail = c.req.query('tail');
  const tty = tasks.some((t) => t.spec.ContainerSpec?.TTY);
  const frame = (entry: LogEntry, task: Task): Uint8Array | undefined => {
    if ((entry.stream === 'stdout' && !stdout) || (entry.stream === 'stderr' && !stderr)) return undefined;
    const details = `com.docker.swarm.node.id=${task.nodeId},com.docker.swarm.service.id=${task.serviceId},com.docker.swarm.task.id=${task.id}`;
    const ts = timestamps ? `${nanoTime(entry.time)} ` : '';
    const payload = Buffer.concat([Buffer.from(`${ts}${details} `), entry.data]);
    if (tty) return payload;
    const head = Buffer.alloc(8);
    head[0] = entry.stream === 'stdout' ? 1 : 2;
    head.writeUInt32BE(payload.length, 4);
    return Buffer.concat([head, payload]);
  };
  // as for container logs: multiplexed-stream only for non-TTY output on API >= 1.42
  const multiplexed = !tty && compareVersions(String(c.get('apiVersion') ?? ''), '1.42') >= 0;
  return streamResponse(multiplexed ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream', (sink) => {
    const stops: Array<() => void> = [];
    const backlog: Array<{ entry: LogEntry; task: Task }> = [];
    for (const task of tasks) {
      const container = task.containerId ? engine.containers.find(task.containerId) : undefined;
      if (!container) continue;
      let entries = [...container.logs.all()];
      if (tail !== undefined && tail !== 'all' && /^\d+$/.test(tail)) entries = entries.slice(Math.max(0, entries.length - Number(tail)));
      for (const entry of entries) backlog.push({ entry, task });
      if (follow) stops.push(container.logs.follow((entry) => { const f = frame(entry, task); if (f) sink.write(f); }));
    }
    backlog.sort((a, b) => (a.entry.time < b.entry.time ? -1 : a.entry.time > b.entry.time ? 1 : 0));
    for (const { entry, task } of backlog) {
      const f = frame(entry, task);
      if (f) sink.write(f);
    }
    if (!follow) sink.end();
    return () => stops.forEach((s) => s());
  });
}

function nanoTime(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const frac = String(nanos % 1_000_000_000n).padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}
