/**
 * `docker stats`: one sample of a container's resource use, from its simulated
 * process, consistent with its limits and with the previous sample.
 */
import type { Engine } from '../engine.js';
import type { Container, Json } from './container.js';
import { ZERO_TIME, rfc3339Nano } from './time-format.js';

export function statsView(c: Container, engine: Engine, previous: Json | undefined): Json {
  const node = engine.cluster.list().find((n) => n.id === c.node) ?? engine.cluster.local;
  const cpus = Math.round(node.resources.NanoCPUs / 1e9);
  if (!c.running || !c.process) return zeroStats(c, cpus);
  const now = engine.clock.now();
  const usage = c.process.usage();
  const limit = c.hostConfig.Memory || node.resources.MemoryBytes;
  const memory = Math.min(usage.memoryBytes, limit);
  const cpu = {
    cpu_usage: { total_usage: usage.cpuNanos, usage_in_kernelmode: Math.floor(usage.cpuNanos / 4), usage_in_usermode: Math.floor((usage.cpuNanos * 3) / 4) },
    system_cpu_usage: now * 1e6 * cpus,
    online_cpus: cpus,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
  const procs = c.process.processes().length;
  const rx = Math.floor((now - c.state.startedAt) / 10);
  return {
    name: c.name,
    id: c.id,
    os_type: 'linux',
    read: rfc3339Nano(now),
    preread: previous?.read ?? ZERO_TIME,
    // No limit is uint64 max in dockerd, which a JS number cannot carry exactly: omit it.
    pids_stats: { current: procs, ...(c.hostConfig.PidsLimit > 0 ? { limit: c.hostConfig.PidsLimit } : {}) },
    blkio_stats: { io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpu,
    precpu_stats: previous?.cpu_stats ?? { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
    memory_stats: { usage: memory, stats: { active_anon: memory, anon: memory, file: 0, inactive_file: 0 }, limit },
    networks: { eth0: { rx_bytes: rx, rx_packets: Math.floor(rx / 100), rx_errors: 0, rx_dropped: 0, tx_bytes: Math.floor(rx / 2), tx_packets: Math.floor(rx / 200), tx_errors: 0, tx_dropped: 0 } },
  };
}

function zeroStats(c: Container, cpus: number): Json {
  const zeroCpu = { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  void cpus;
  return {
    name: c.name, id: c.id, os_type: 'linux', read: ZERO_TIME, preread: ZERO_TIME, pids_stats: {},
    blkio_stats: { io_service_bytes_recursive: null, io_serviced_recursive: null, io_queue_recursive: null, io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null },
    num_procs: 0, storage_stats: {}, cpu_stats: zeroCpu, precpu_stats: zeroCpu, memory_stats: {},
  };
}
