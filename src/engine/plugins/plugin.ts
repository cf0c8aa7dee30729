/**
 * A managed (v2) plugin as dockerd keeps it: its config (from the registry's
 * application/vnd.docker.plugin.v1+json blob or a created tar), its settings, and the
 * privileges the config asks for. Plain data; PluginService changes it.
 */
import { systemError } from '../errors.js';

export interface PluginMount {
  Name: string;
  Description: string;
  Settable: string[] | null;
  Source: string | null;
  Destination: string;
  Type: string;
  Options: string[] | null;
}

export interface PluginDevice {
  Name: string;
  Description: string;
  Settable: string[] | null;
  Path: string | null;
}

export interface PluginEnv {
  Name: string;
  Description: string;
  Settable: string[] | null;
  Value: string | null;
}

export interface PluginConfig {
  DockerVersion?: string;
  Description: string;
  Documentation: string;
  Interface: { Types: string[]; Socket: string; ProtocolScheme?: string };
  Entrypoint: string[] | null;
  WorkDir: string;
  User: { UID?: number; GID?: number };
  Network: { Type: string };
  Linux: { Capabilities: string[] | null; AllowAllDevices: boolean; Devices: PluginDevice[] | null };
  PropagatedMount: string;
  IpcHost: boolean;
  PidHost: boolean;
  Mounts: PluginMount[] | null;
  Env: PluginEnv[] | null;
  Args: { Name: string; Description: string; Settable: string[] | null; Value: string[] | null };
  rootfs?: { type: string; diff_ids: string[] };
}

export interface Privilege {
  Name: string;
  Description: string;
  Value: string[];
}

export interface Plugin {
  id: string;
  /** "vieux/sshfs:latest" */
  name: string;
  enabled: boolean;
  config: PluginConfig;
  settings: { Mounts: PluginMount[]; Env: string[]; Args: string[]; Devices: PluginDevice[] };
  /** "docker.io/vieux/sshfs:latest" */
  reference: string;
  /** Volumes using it as their driver. */
  refCount: number;
}

const pick = <T>(o: Record<string, unknown>, ...keys: string[]): T | undefined => {
  for (const k of keys) if (o[k] !== undefined) return o[k] as T;
  const lower = Object.keys(o).find((k) => keys.some((w) => w.toLowerCase() === k.toLowerCase()));
  return lower === undefined ? undefined : (o[lower] as T);
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strs = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Decode a config.json the way Go's json does into plugin.Config (case-insensitive keys). */
export function normalizeConfig(raw: unknown): PluginConfig {
  const c = obj(raw);
  const iface = obj(pick(c, 'Interface'));
  const linux = obj(pick(c, 'Linux'));
  const args = obj(pick(c, 'Args'));
  const user = obj(pick(c, 'User'));
  const rootfs = pick<Record<string, unknown>>(c, 'rootfs');
  const cfg: PluginConfig = {
    ...(str(pick(c, 'DockerVersion')) ? { DockerVersion: str(pick(c, 'DockerVersion')) } : {}),
    Description: str(pick(c, 'Description')),
    Documentation: str(pick(c, 'Documentation')),
    Interface: { Types: strs(pick(iface, 'Types')) ?? [], Socket: str(pick(iface, 'Socket')), ...(pick(iface, 'ProtocolScheme') ? { ProtocolScheme: str(pick(iface, 'ProtocolScheme')) } : {}) },
    Entrypoint: strs(pick(c, 'Entrypoint')),
    WorkDir: str(pick(c, 'WorkDir')),
    User: { ...(pick(user, 'UID') !== undefined ? { UID: Number(pick(user, 'UID')) } : {}), ...(pick(user, 'GID') !== undefined ? { GID: Number(pick(user, 'GID')) } : {}) },
    Network: { Type: str(pick(obj(pick(c, 'Network')), 'Type')) },
    Linux: {
      Capabilities: strs(pick(linux, 'Capabilities')),
      AllowAllDevices: pick(linux, 'AllowAllDevices') === true,
      Devices: Array.isArray(pick(linux, 'Devices')) ? (pick<unknown[]>(linux, 'Devices') ?? []).map((d) => device(obj(d))) : null,
    },
    PropagatedMount: str(pick(c, 'PropagatedMount')),
    IpcHost: pick(c, 'IpcHost') === true,
    PidHost: pick(c, 'PidHost') === true,
    Mounts: Array.isArray(pick(c, 'Mounts')) ? (pick<unknown[]>(c, 'Mounts') ?? []).map((m) => mount(obj(m))) : null,
    Env: Array.isArray(pick(c, 'Env')) ? (pick<unknown[]>(c, 'Env') ?? []).map((e) => env(obj(e))) : null,
    Args: { Name: str(pick(args, 'Name')), Description: str(pick(args, 'Description')), Settable: strs(pick(args, 'Settable')), Value: strs(pick(args, 'Value')) },
  };
  if (rootfs) cfg.rootfs = { type: str(rootfs.type) || 'layers', diff_ids: strs(rootfs.diff_ids) ?? [] };
  return cfg;
}

function mount(m: Record<string, unknown>): PluginMount {
  return { Name: str(pick(m, 'Name')), Description: str(pick(m, 'Description')), Settable: strs(pick(m, 'Settable')), Source: optStr(pick(m, 'Source')), Destination: str(pick(m, 'Destination')), Type: str(pick(m, 'Type')), Options: strs(pick(m, 'Options')) };
}

function device(d: Record<string, unknown>): PluginDevice {
  return { Name: str(pick(d, 'Name')), Description: str(pick(d, 'Description')), Settable: strs(pick(d, 'Settable')), Path: optStr(pick(d, 'Path')) };
}

function env(e: Record<string, unknown>): PluginEnv {
  return { Name: str(pick(e, 'Name')), Description: str(pick(e, 'Description')), Settable: strs(pick(e, 'Settable')), Value: optStr(pick(e, 'Value')) };
}

/** What the config asks the user to grant (dockerd's computePrivileges, same order). */
export function computePrivileges(c: PluginConfig): Privilege[] {
  const out: Privilege[] = [];
  if (!['', 'null', 'bridge'].includes(c.Network.Type)) out.push({ Name: 'network', Description: 'permissions to access a network', Value: [c.Network.Type] });
  if (c.IpcHost) out.push({ Name: 'host ipc namespace', Description: 'allow access to host ipc namespace', Value: ['true'] });
  if (c.PidHost) out.push({ Name: 'host pid namespace', Description: 'allow access to host pid namespace', Value: ['true'] });
  for (const m of c.Mounts ?? []) if (m.Source !== null) out.push({ Name: 'mount', Description: 'host path to mount', Value: [m.Source] });
  for (const d of c.Linux.Devices ?? []) if (d.Path !== null) out.push({ Name: 'device', Description: 'host device to access', Value: [d.Path] });
  if (c.Linux.AllowAllDevices) out.push({ Name: 'allow-all-devices', Description: "allow 'rwm' access to all devices", Value: ['true'] });
  if ((c.Linux.Capabilities ?? []).length > 0) out.push({ Name: 'capabilities', Description: 'list of additional capabilities required', Value: c.Linux.Capabilities! });
  return out;
}

/** dockerd's validatePrivileges: same names and values, order-insensitive. */
export function privilegesMatch(required: Privilege[], granted: Privilege[]): boolean {
  if (required.length !== granted.length) return false;
  const norm = (ps: Privilege[]) => ps.map((p) => `${p.Name}\u0000${[...(p.Value ?? [])].sort().join('\u0001')}`).sort();
  const a = norm(required);
  const b = norm(granted);
  return a.every((x, i) => x === b[i]);
}

/** The settings a fresh plugin starts with (InitEmptySettings). */
export function initialSettings(c: PluginConfig): Plugin['settings'] {
  return {
    Mounts: (c.Mounts ?? []).map((m) => ({ ...m })),
    Env: (c.Env ?? []).filter((e) => e.Value !== null).map((e) => `${e.Name}=${e.Value}`),
    Args: [...(c.Args.Value ?? [])],
    Devices: (c.Linux.Devices ?? []).map((d) => ({ ...d })),
  };
}

const ALLOWED = { env: ['value'], mounts: ['source'], devices: ['path'], args: ['value'] } as const;

/** `docker plugin set`: NAME=value, mount.source=..., device.path=..., args=... */
export function applySettings(p: Plugin, args: string[]): void {
  if (p.enabled) throw systemError('cannot set on an active plugin, disable plugin before setting');
  const sets = args.map(parseSettable);
  for (const s of sets) {
    const pretty = s.field ? `${s.name}.${s.field}` : s.name;
    const check = (allowed: readonly string[], settable: string[] | null) => {
      if (s.field && !allowed.includes(s.field)) throw systemError(`setting ${JSON.stringify(s.name)} has an invalid settable field: ${JSON.stringify(s.field)}`);
      const field = s.field || allowed[0]!;
      if (!(settable ?? []).includes(field)) throw systemError(`${JSON.stringify(pretty)} is not settable`);
    };
    const e = (p.config.Env ?? []).find((x) => x.Name === s.name);
    if (e) {
      check(ALLOWED.env, e.Settable);
      const at = p.settings.Env.findIndex((x) => x.split('=')[0] === s.name);
      if (at >= 0) p.settings.Env[at] = `${s.name}=${s.value}`;
      else p.settings.Env.push(`${s.name}=${s.value}`);
      continue;
    }
    const m = (p.config.Mounts ?? []).find((x) => x.Name === s.name);
    if (m) {
      check(ALLOWED.mounts, m.Settable);
      const target = p.settings.Mounts.find((x) => x.Name === s.name);
      if (target) target.Source = s.value;
      continue;
    }
    const d = (p.config.Linux.Devices ?? []).find((x) => x.Name === s.name);
    if (d) {
      check(ALLOWED.devices, d.Settable);
      const target = p.settings.Devices.find((x) => x.Name === s.name);
      if (target) target.Path = s.value;
      continue;
    }
    if (p.config.Args.Name === s.name) {
      check(ALLOWED.args, p.config.Args.Settable);
      p.settings.Args = s.value.split(' ');
      continue;
    }
    throw systemError(`setting ${JSON.stringify(s.name)} not found in the plugin configuration`);
  }
}

function parseSettable(arg: string): { name: string; field: string; value: string } {
  const eq = arg.indexOf('=');
  if (eq === 0) throw systemError(`invalid settable: ${JSON.stringify(arg)}`);
  const key = eq < 0 ? arg : arg.slice(0, eq);
  const value = eq < 0 ? '' : arg.slice(eq + 1);
  const dot = key.indexOf('.');
  return dot < 0 ? { name: key, field: '', value } : { name: key.slice(0, dot), field: key.slice(dot + 1), value };
}

/** The API's Plugin object. */
export function pluginView(p: Plugin) {
  return {
    Config: p.config,
    Enabled: p.enabled,
    Id: p.id,
    Name: p.name,
    PluginReference: p.reference,
    Settings: p.settings,
  };
}
