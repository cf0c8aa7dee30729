/**
 * Reading a container's storage requests the way dockerd does: `Binds`
 * ("name:/path[:opts]", "/host:/path[:opts]"), `Mounts` (volume, bind, tmpfs) and
 * HostConfig.Tmpfs, with dockerd's validation texts.
 */
import type { Json } from '../containers/container.js';
import { invalidParameter } from '../errors.js';

export interface MountRequest {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name ('' = anonymous) or host path. */
  source: string;
  destination: string;
  readOnly: boolean;
  /** The mode text dockerd shows in Mounts[].Mode. */
  mode: string;
  propagation: string;
  noCopy: boolean;
  labels?: Record<string, string>;
  driver?: string;
  driverOptions?: Record<string, string>;
}

const PROPAGATIONS = ['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate'];

export function parseBind(spec: string): MountRequest {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) throw invalidParameter(`invalid volume specification: '${spec}'`);
  const [source, destination, modeText = ''] = parts as [string, string, string?];
  if (!destination.startsWith('/')) {
    throw invalidParameter(`invalid volume specification: '${spec}': invalid mount config for type "${source.startsWith('/') ? 'bind' : 'volume'}": invalid mount path: '${destination}' mount path must be absolute`);
  }
  const modes = modeText ? modeText.split(',') : [];
  const readOnly = modes.includes('ro');
  const propagation = modes.find((m) => PROPAGATIONS.includes(m)) ?? '';
  const isBind = source.startsWith('/');
  return {
    type: isBind ? 'bind' : 'volume',
    source,
    destination: cleanPath(destination),
    readOnly,
    mode: isBind ? modeText : modeText || 'z',
    propagation: isBind ? propagation || 'rprivate' : '',
    noCopy: modes.includes('nocopy'),
  };
}

export function parseMount(m: Json): MountRequest {
  const type = m.Type as MountRequest['type'];
  const target = String(m.Target ?? '');
  const err = (msg: string) => invalidParameter(`invalid mount config for type "${type}": ${msg}`);
  if (!target.startsWith('/')) throw err(`invalid mount path: '${target}' mount path must be absolute`);
  if (type === 'bind') {
    if (!m.Source) throw err('field Source must not be empty');
    if (m.VolumeOptions) throw err('field VolumeOptions must not be specified');
    if (m.TmpfsOptions) throw err('field TmpfsOptions must not be specified');
    return { type, source: String(m.Source), destination: cleanPath(target), readOnly: !!m.ReadOnly, mode: '', propagation: m.BindOptions?.Propagation || 'rprivate', noCopy: false };
  }
  if (type === 'tmpfs') {
    if (m.Source) throw err('field Source must not be specified');
    if (m.BindOptions) throw err('field BindOptions must not be specified');
    if (m.VolumeOptions) throw err('field VolumeOptions must not be specified');
    return { type, source: '', destination: cleanPath(target), readOnly: !!m.ReadOnly, mode: '', propagation: '', noCopy: false };
  }
  if (type === 'volume') {
    if (m.BindOptions) throw err('field BindOptions must not be specified');
    if (m.TmpfsOptions) throw err('field TmpfsOptions must not be specified');
    const vo = (m.VolumeOptions ?? {}) as Json;
    return {
      type, source: String(m.Source ?? ''), destination: cleanPath(target), readOnly: !!m.ReadOnly, mode: 'z', propagation: '',
      noCopy: !!vo.NoCopy, labels: vo.Labels ?? undefined, driver: vo.DriverConfig?.Name || undefined, driverOptions: vo.DriverConfig?.Options ?? undefined,
    };
  }
  throw invalidParameter(`invalid mount config for type "${type}": mount type unknown`);
}

function cleanPath(p: string): string {
  const out = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return out === '' ? '/' : out;
}
