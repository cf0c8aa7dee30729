/**
 * What the system endpoints report about the engine: /info, /version, /system/df.
 * Plain data shaped like Docker's types; the API layer only shapes it per version.
 */
import type { Engine } from './engine.js';
import { ENGINE_VERSION } from './cluster.js';
import { swarmInfoView } from './swarm/views.js';

export const MOCKERD_VERSION = '0.1.0';
const GO_VERSION = 'go1.24.3';
const GIT_COMMIT = 'mockerd';
const KERNEL_VERSION = '6.8.0-mockerd';
const BUILD_TIME = '2025-05-30T12:00:00.000000000+00:00';

export interface VersionInfo {
  apiVersion: string;
  minApiVersion: string;
}

export function versionReport(engine: Engine, v: VersionInfo) {
  const details = {
    ApiVersion: v.apiVersion,
    Arch: 'amd64',
    BuildTime: BUILD_TIME,
    Experimental: 'false',
    GitCommit: GIT_COMMIT,
    GoVersion: GO_VERSION,
    KernelVersion: KERNEL_VERSION,
    MinAPIVersion: v.minApiVersion,
    Os: 'linux',
  };
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      { Name: 'Engine', Version: ENGINE_VERSION, Details: details },
      { Name: 'containerd', Version: '1.7.27', Details: { GitCommit: GIT_COMMIT } },
      { Name: 'runc', Version: '1.2.5', Details: { GitCommit: GIT_COMMIT } },
      { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
      { Name: 'mockerd', Version: MOCKERD_VERSION, Details: { Nodes: String(engine.cluster.list().length) } },
    ],
    Version: ENGINE_VERSION,
    ApiVersion: v.apiVersion,
    MinAPIVersion: v.minApiVersion,
    GitCommit: GIT_COMMIT,
    GoVersion: GO_VERSION,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: KERNEL_VERSION,
    BuildTime: BUILD_TIME,
  };
}

/** The swarm section of /info, from the engine's swarm state (inactive until the swarm issue). */
export function swarmInfo(engine: Engine) {
  return swarmInfoView(engine.swarm);
}

export function systemInfo(engine: Engine, eventListeners: number) {
  const node = engine.cluster.local;
  const inv = engine.inventory();
  return {
    ID: node.engineId,
    Containers: inv.running + inv.paused + inv.stopped,
    ContainersRunning: inv.running,
    ContainersPaused: inv.paused,
    ContainersStopped: inv.stopped,
    Images: inv.images,
    Driver: 'overlay2',
    DriverStatus: [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
      ['Using metacopy', 'false'],
      ['Native Overlay Diff', 'true'],
      ['userxattr', 'false'],
    ],
    DockerRootDir: '/var/lib/docker',
    Plugins: {
      Volume: ['local', ...engine.plugins.enabledWith('volumedriver').map((p) => p.name)],
      Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay', ...engine.plugins.enabledWith('networkdriver').map((p) => p.name)],
      Authorization: null,
      Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog', ...engine.plugins.enabledWith('logdriver').map((p) => p.name)],
    },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    OomKillDisable: false,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 24 + eventListeners,
    NGoroutines: 40 + eventListeners,
    SystemTime: new Date(engine.clock.now()).toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    NEventsListener: eventListeners,
    KernelVersion: KERNEL_VERSION,
    OperatingSystem: 'mockerd (simulated Docker Engine)',
    OSVersion: MOCKERD_VERSION,
    OSType: 'linux',
    Architecture: 'x86_64',
    NCPU: Math.round(node.resources.NanoCPUs / 1e9),
    MemTotal: node.resources.MemoryBytes,
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true },
      },
      Mirrors: [],
    },
    GenericResources: null,
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: node.hostname,
    Labels: Object.entries(node.engineLabels).map(([k, v]) => `${k}=${v}`),
    ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION,
    Runtimes: {
      'io.containerd.runc.v2': { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } },
      runc: { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } },
    },
    DefaultRuntime: 'runc',
    Swarm: swarmInfo(engine),
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: GIT_COMMIT },
    RuncCommit: { ID: GIT_COMMIT },
    InitCommit: { ID: 'de40ad0' },
    SecurityOptions: ['name=seccomp,profile=builtin', 'name=cgroupns'],
    FirewallBackend: { Driver: 'iptables' },
    DefaultAddressPools: [
      { Base: '172.17.0.0/16', Size: 16 },
      { Base: '172.18.0.0/16', Size: 16 },
    ],
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    Containerd: {
      Address: '/run/containerd/containerd.sock',
      Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' },
    },
    Warnings: [],
  };
}
