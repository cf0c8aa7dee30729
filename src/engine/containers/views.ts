/**
 * What /containers/{id}/json and /containers/json report, in the newest API's shape
 * (the API layer's shaping rules derive older ones).
 */
import type { Container, Endpoint, Json } from './container.js';
import { sizeRw } from './sizes.js';
import { publishedPortMap } from '../ports/publisher.js';
import { humanDuration, rfc3339Nano } from './time-format.js';

const DATA_ROOT = '/var/lib/docker';

export function inspectView(c: Container, options: { size?: boolean; imageSize?: number } = {}): Json {
  const s = c.state;
  const dir = `${DATA_ROOT}/containers/${c.id}`;
  return {
    Id: c.id,
    Created: rfc3339Nano(c.created),
    Path: c.argv[0] ?? '',
    Args: c.argv.slice(1),
    State: {
      Status: s.status,
      Running: c.running,
      Paused: c.paused,
      Restarting: s.status === 'restarting',
      OOMKilled: s.oomKilled,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: rfc3339Nano(s.startedAt),
      FinishedAt: rfc3339Nano(s.finishedAt),
      ...(s.health ? { Health: s.health } : {}),
    },
    Image: c.imageId,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: c.name,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: c.platform,
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: c.execIds.length ? [...c.execIds] : null,
    HostConfig: c.hostConfig,
    GraphDriver: {
      Data: {
        LowerDir: `${DATA_ROOT}/overlay2/${c.id}-init/diff`,
        MergedDir: `${DATA_ROOT}/overlay2/${c.id}/merged`,
        UpperDir: `${DATA_ROOT}/overlay2/${c.id}/diff`,
        WorkDir: `${DATA_ROOT}/overlay2/${c.id}/work`,
      },
      Name: 'overlay2',
    },
    ...(options.size ? { SizeRw: sizeRw(c), SizeRootFs: sizeRw(c) + (options.imageSize ?? 0) } : {}),
    Mounts: c.mounts,
    Config: c.config,
    NetworkSettings: {
      SandboxID: c.running ? c.id.split('').reverse().join('') : '',
      SandboxKey: c.running ? `/var/run/docker/netns/${c.id.slice(0, 12)}` : '',
      Ports: portMap(c),
      Networks: c.networks,
    },
  };
}

export function summaryView(c: Container, now: number, options: { size?: boolean; imageSize?: number } = {}): Json {
  return {
    Id: c.id,
    Names: [c.name],
    Image: c.config.Image,
    ImageID: c.imageId,
    Command: commandLine(c.argv),
    Created: Math.floor(c.created / 1000),
    Ports: portList(c),
    ...(options.size ? { SizeRw: sizeRw(c), SizeRootFs: sizeRw(c) + (options.imageSize ?? 0) } : {}),
    Labels: c.labels,
    State: c.state.status,
    Status: humanStatus(c, now),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode },
    NetworkSettings: { Networks: c.networks },
    Mounts: c.mounts.map(({ Type, Name, Source, Destination, Driver, Mode, RW, Propagation }) => ({ Type, Name, Source, Destination, Driver, Mode, RW, Propagation })),
    ...(c.state.health ? { Health: { Status: c.state.health.Status, FailingStreak: c.state.health.FailingStreak } } : {}),
  };
}

/** "Up 3 seconds (healthy)", "Exited (3) 2 minutes ago", "Restarting (1) 1 second ago". */
export function humanStatus(c: Container, now: number): string {
  const s = c.state;
  switch (s.status) {
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'restarting':
      return `Restarting (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago`;
    case 'exited':
      return s.startedAt ? `Exited (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago` : 'Created';
    default: {
      const up = `Up ${humanDuration(now - s.startedAt)}`;
      if (c.paused) return `${up} (Paused)`;
      const h = s.health?.Status;
      return h === 'starting' ? `${up} (health: starting)` : h ? `${up} (${h})` : up;
    }
  }
}

/** The Command column: argv joined, quoting arguments with spaces as dockerd does. */
function commandLine(argv: string[]): string {
  return argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
}

/** NetworkSettings.Ports: exposed ports -> host bindings (null when unpublished), while running. */
function portMap(c: Container): Json {
  if (!c.running) return {};
  const published = publishedPortMap(c);
  if (published) return published;
  const out: Json = {};
  const mode = String(c.hostConfig.NetworkMode ?? '');
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return out;
  for (const port of Object.keys(c.config.ExposedPorts ?? {})) out[port] = null;
  return out;
}

function portList(c: Container): Json[] {
  const out: Json[] = [];
  const map = portMap(c);
  for (const [port, bindings] of Object.entries(map)) {
    const [num, type] = port.split('/');
    if (!bindings || (bindings as Json[]).length === 0) out.push({ PrivatePort: Number(num), Type: type ?? 'tcp' });
    else for (const b of bindings as Json[]) out.push({ IP: b.HostIp, PrivatePort: Number(num), PublicPort: Number(b.HostPort), Type: type ?? 'tcp' });
  }
  return out;
}

/** The endpoint the legacy top-level NetworkSettings fields described (bridge first). */
export function primaryEndpoint(networks: Record<string, Endpoint>): Endpoint | undefined {
  return networks['bridge'] ?? Object.values(networks)[0];
}
