/**
 * Turning a create request into the Config and HostConfig dockerd stores: validation
 * with dockerd's texts, defaults for every HostConfig field, and the merge of the
 * request over the image's config.
 */
import { invalidParameter } from '../errors.js';
import type { ImageConfigBlob } from '../images/image-config.js';
import type { Json } from './container.js';

export interface CreateRequest {
  name?: string;
  platform?: string;
  /** The body without HostConfig and NetworkingConfig. */
  config: Json;
  hostConfig: Json;
  networkingConfig: Json;
}

const RESTART_POLICIES = ['', 'no', 'always', 'unless-stopped', 'on-failure'];
const MIN_MEMORY = 6 * 1024 * 1024;

/** What `docker inspect` shows in HostConfig for fields the request left out. */
export function hostConfigDefaults(): Json {
  return {
    Binds: null, ContainerIDFile: '', LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: 'bridge',
    PortBindings: {}, RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '',
    VolumesFrom: null, ConsoleSize: [0, 0], CapAdd: null, CapDrop: null, CgroupnsMode: 'private', Dns: [],
    DnsOptions: [], DnsSearch: [], ExtraHosts: null, GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null,
    OomScoreAdj: 0, PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null,
    UTSMode: '', UsernsMode: '', ShmSize: 67108864, Runtime: 'runc', Isolation: '', CpuShares: 0, Memory: 0,
    NanoCpus: 0, CgroupParent: '', BlkioWeight: 0, BlkioWeightDevice: [], BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [], BlkioDeviceReadIOps: [], BlkioDeviceWriteIOps: [], CpuPeriod: 0, CpuQuota: 0,
    CpuRealtimePeriod: 0, CpuRealtimeRuntime: 0, CpusetCpus: '', CpusetMems: '', Devices: [], DeviceCgroupRules: null,
    DeviceRequests: null, MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: null, OomKillDisable: null,
    PidsLimit: null, Ulimits: [], CpuCount: 0, CpuPercent: 0, IOMaximumIOps: 0, IOMaximumBandwidth: 0,
    MaskedPaths: [
      '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
      '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
    ],
    ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
  };
}

/** Validate what dockerd validates at create (and update, for the shared parts). */
export function validateHostConfig(hc: Json): void {
  validateRestartPolicy(hc.RestartPolicy);
  if (hc.AutoRemove && hc.RestartPolicy?.Name && !['', 'no'].includes(hc.RestartPolicy.Name)) {
    throw invalidParameter("can't create 'AutoRemove' container with restart policy");
  }
  validateResources(hc);
  for (const m of hc.Mounts ?? []) {
    if (!['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'].includes(m?.Type)) {
      throw invalidParameter(`invalid mount config for type "${m?.Type}": mount type unknown`);
    }
    if (!m.Target) throw invalidParameter(`invalid mount config for type "${m.Type}": field Target must not be empty`);
  }
  for (const bind of hc.Binds ?? []) validateBind(String(bind));
}

export function validateRestartPolicy(policy: Json | undefined): void {
  if (!policy) return;
  const name = policy.Name ?? '';
  if (!RESTART_POLICIES.includes(name)) throw invalidParameter(`invalid restart policy '${name}'`);
  const retries = policy.MaximumRetryCount ?? 0;
  if (retries < 0) throw invalidParameter('invalid restart policy: maximum retry count cannot be negative');
  if (retries > 0 && name !== 'on-failure') {
    throw invalidParameter(`invalid restart policy: maximum retry count can only be used with 'on-failure'`);
  }
}

/** Built-in logging drivers of a Linux dockerd; any other name is looked up as a plugin. */
const LOG_DRIVERS = ['none', 'local', 'json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'gcplogs', 'logentries'];
/** Options the file-based drivers accept (dockerd refuses others at create). */
const LOG_OPTS: Record<string, string[]> = {
  'json-file': ['max-file', 'max-size', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag'],
  local: ['max-file', 'max-size', 'compress'],
};

/** The LogConfig dockerd stores: an empty Type means the daemon's default (json-file); unknown drivers and options are refused. */
export function logConfigFor(requested: Json | undefined): Json {
  const type = String(requested?.Type || 'json-file');
  const config: Json = requested?.Config ?? {};
  if (!LOG_DRIVERS.includes(type)) throw invalidParameter(`error looking up logging plugin ${type}: plugin "${type}" not found`);
  const allowed = LOG_OPTS[type];
  for (const key of Object.keys(config)) {
    if (allowed && !allowed.includes(key)) throw invalidParameter(`unknown log opt '${key}' for ${type} log driver`);
  }
  return { Type: type, Config: config };
}

export function validateResources(r: Json): void {
  if (r.Memory && r.Memory < MIN_MEMORY) throw invalidParameter('Minimum memory limit allowed is 6MB');
  if (r.Memory && r.MemorySwap && r.MemorySwap > 0 && r.MemorySwap < r.Memory) {
    throw invalidParameter('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (r.NanoCpus && r.NanoCpus < 0) throw invalidParameter('Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available');
}

function validateBind(bind: string): void {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[1]) throw invalidParameter(`invalid volume specification: '${bind}'`);
  const mode = parts[2];
  if (mode !== undefined && !mode.split(',').every((m) => ['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate', 'consistent', 'cached', 'delegated'].includes(m))) {
    throw invalidParameter(`invalid mode: ${mode}`);
  }
}

/** Go's encoding/json words for a JSON value's kind ("cannot unmarshal <kind> into ..."). */
function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/**
 * The type errors dockerd's JSON decoder reports for a create request (20.10's field
 * paths), as current dockerd words them: `invalid JSON: json: cannot unmarshal ...`.
 */
export function validateCreateTypes(config: Json, hostConfig: Json | undefined): void {
  const fail = (v: unknown, field: string, goType: string): never => {
    throw invalidParameter(`invalid JSON: json: cannot unmarshal ${goKind(v)} into Go struct field ${field} of type ${goType}`);
  };
  for (const f of ['Image', 'User', 'WorkingDir', 'Hostname', 'Domainname'] as const) {
    const v = config[f];
    if (v !== undefined && v !== null && typeof v !== 'string') fail(v, `ContainerConfigWrapper.${f}`, 'string');
  }
  for (const f of ['Cmd', 'Entrypoint'] as const) {
    const v = config[f];
    if (v === undefined || v === null || typeof v === 'string') continue;
    if (!Array.isArray(v)) fail(v, `ContainerConfigWrapper.${f}`, 'string');
    for (const x of v as unknown[]) if (typeof x !== 'string') fail(x, `ContainerConfigWrapper.${f}`, 'string');
  }
  for (const f of ['Memory', 'MemorySwap', 'MemoryReservation', 'CpuShares', 'NanoCpus', 'CpuPeriod', 'CpuQuota', 'PidsLimit'] as const) {
    const v = hostConfig?.[f];
    if (v !== undefined && v !== null && typeof v !== 'number') fail(v, `HostConfig.HostConfig.${f}`, 'int64');
  }
}

/** dockerd's validateHealthCheck: durations of at least 1ms (0 = default), Retries >= 0. */
export function validateHealthcheck(hc: Json | undefined): void {
  if (!hc) return;
  const MIN = 1_000_000;
  for (const f of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval'] as const) {
    const v = Number(hc[f] ?? 0);
    if (v !== 0 && v < MIN) throw invalidParameter(`${f} in Healthcheck cannot be less than 1ms`);
  }
  if (Number(hc.Retries ?? 0) < 0) throw invalidParameter('Retries in Healthcheck cannot be negative');
}

/** Docker accepts Cmd/Entrypoint as a string (one argv element) or a list. */
export function strslice(v: unknown): string[] | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return typeof v === 'string' ? [v] : (v as unknown[]).map(String);
}

/** The request's Config merged over the image's, as dockerd's merge() does. */
export function mergeImageConfig(user: Json, image: ImageConfigBlob, hostname: string): Json {
  const img = (image.config ?? {}) as Json;
  let cmd = strslice(user.Cmd);
  let entrypoint = strslice(user.Entrypoint);
  if (!entrypoint || entrypoint.length === 0) {
    if (!cmd || cmd.length === 0) cmd = img.Cmd ?? null;
    if (entrypoint === undefined || entrypoint === null) entrypoint = img.Entrypoint ?? null;
  }
  if ((!cmd || cmd.length === 0) && (!entrypoint || entrypoint.length === 0)) throw invalidParameter('no command specified');
  const workingDir = user.WorkingDir || img.WorkingDir || '';
  if (workingDir && !workingDir.startsWith('/')) {
    throw invalidParameter(`the working directory '${workingDir}' is invalid, it needs to be an absolute path`);
  }
  return {
    Hostname: user.Hostname || hostname,
    Domainname: user.Domainname ?? '',
    User: user.User || img.User || '',
    AttachStdin: !!user.AttachStdin,
    AttachStdout: !!user.AttachStdout,
    AttachStderr: !!user.AttachStderr,
    ...(hasKeys(user.ExposedPorts) || hasKeys(img.ExposedPorts) ? { ExposedPorts: { ...img.ExposedPorts, ...user.ExposedPorts } } : {}),
    Tty: !!user.Tty,
    OpenStdin: !!user.OpenStdin,
    StdinOnce: !!user.StdinOnce,
    Env: mergeEnv(img.Env ?? [], user.Env ?? []),
    Cmd: cmd ?? null,
    ...(user.Healthcheck || img.Healthcheck ? { Healthcheck: mergeHealthcheck(user.Healthcheck, img.Healthcheck) } : {}),
    Image: user.Image,
    Volumes: hasKeys(user.Volumes) || hasKeys(img.Volumes) ? { ...img.Volumes, ...user.Volumes } : null,
    WorkingDir: workingDir,
    Entrypoint: entrypoint ?? null,
    ...(user.NetworkDisabled ? { NetworkDisabled: true } : {}),
    OnBuild: img.OnBuild ?? null,
    Labels: { ...(img.Labels ?? {}), ...(user.Labels ?? {}) },
    ...(user.StopSignal || img.StopSignal ? { StopSignal: user.StopSignal || img.StopSignal } : {}),
    ...(user.StopTimeout !== undefined && user.StopTimeout !== null ? { StopTimeout: user.StopTimeout } : {}),
    ...(user.Shell || img.Shell ? { Shell: user.Shell ?? img.Shell } : {}),
  };
}

function mergeEnv(image: string[], user: string[]): string[] {
  const out = new Map<string, string>();
  for (const kv of [...image, ...user]) out.set(kv.split('=')[0]!, kv);
  return [...out.values()];
}

function mergeHealthcheck(user: Json | undefined, image: Json | undefined): Json {
  if (!user) return image!;
  if (!image || (user.Test && user.Test.length > 0)) return { ...image, ...user };
  return { ...image, ...user, Test: image.Test };
}

const hasKeys = (v: unknown) => !!v && typeof v === 'object' && Object.keys(v).length > 0;
