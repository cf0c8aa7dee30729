/**
 * Go's encoding/json matches a JSON key to a struct field case-insensitively, so dockerd
 * takes {"order": "start-first"} for Order (docker-py sends some nested options in the
 * casing its users wrote). foldKeys gives such an object the canonical field names.
 */
export function foldKeys<T extends Record<string, unknown>>(value: T, fields: readonly string[]): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const canon = fields.includes(key) ? key : fields.find((f) => f.toLowerCase() === key.toLowerCase());
    // An exact match wins over a folded one, as in Go.
    if (canon && canon !== key && Object.hasOwn(value, canon)) continue;
    out[canon ?? key] = v;
  }
  return out as T;
}

export const UPDATE_CONFIG_FIELDS = ['Parallelism', 'Delay', 'FailureAction', 'Monitor', 'MaxFailureRatio', 'Order'] as const;
export const DRIVER_FIELDS = ['Name', 'Options'] as const;
export const EXEC_CREATE_FIELDS = ['AttachStdin', 'AttachStdout', 'AttachStderr', 'ConsoleSize', 'DetachKeys', 'Tty', 'Env', 'Cmd', 'Privileged', 'User', 'WorkingDir'] as const;
/** HostConfig's fields (newest spec, plus KernelMemory* of older daemons); docker-py sends CPURealtimePeriod. */
export const HOST_CONFIG_FIELDS = [
  'CpuShares', 'Memory', 'CgroupParent', 'BlkioWeight', 'BlkioWeightDevice', 'BlkioDeviceReadBps', 'BlkioDeviceWriteBps',
  'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps', 'CpuPeriod', 'CpuQuota', 'CpuRealtimePeriod', 'CpuRealtimeRuntime',
  'CpusetCpus', 'CpusetMems', 'Devices', 'DeviceCgroupRules', 'DeviceRequests', 'KernelMemory', 'KernelMemoryTCP',
  'MemoryReservation', 'MemorySwap', 'MemorySwappiness', 'NanoCpus', 'OomKillDisable', 'Init', 'PidsLimit', 'Ulimits',
  'CpuCount', 'CpuPercent', 'IOMaximumIOps', 'IOMaximumBandwidth', 'Binds', 'ContainerIDFile', 'LogConfig', 'NetworkMode',
  'PortBindings', 'RestartPolicy', 'AutoRemove', 'VolumeDriver', 'VolumesFrom', 'Mounts', 'ConsoleSize', 'Annotations',
  'CapAdd', 'CapDrop', 'CgroupnsMode', 'Dns', 'DnsOptions', 'DnsSearch', 'ExtraHosts', 'GroupAdd', 'IpcMode', 'Cgroup',
  'Links', 'OomScoreAdj', 'PidMode', 'Privileged', 'PublishAllPorts', 'ReadonlyRootfs', 'SecurityOpt', 'StorageOpt',
  'Tmpfs', 'UTSMode', 'UsernsMode', 'ShmSize', 'Sysctls', 'Runtime', 'Isolation', 'MaskedPaths', 'ReadonlyPaths',
] as const;
