/**
 * Cluster (CSI) volumes: swarmkit's volume objects as dockerd's API shows them
 * (API >= 1.42, on a manager). mockerd simulates no CSI plugin, so a volume is
 * never provisioned (no Info, no PublishStatus) and a remove without force only
 * marks it pending deletion, which swarmkit's CSI manager would finish through
 * the plugin: without one the volume stays, as on dockerd. Texts: swarmkit
 * manager/controlapi/volume.go, moby daemon/cluster/volumes.go and helpers.go.
 */
import { EngineError, invalidParameter, notFound, systemError } from '../errors.js';
import type { Swarm } from './swarm.js';
import { outOfSequence, rpcInvalid } from './swarm-errors.js';
import { formatTime } from './time.js';
import type { Json } from './types.js';

export interface ClusterVolumeRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  ClusterVolumeSpec: Json;
}

export interface ClusterVolume {
  id: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  name: string;
  driver: string;
  driverOpts: Record<string, string> | null;
  labels: Record<string, string> | null;
  /** ClusterVolumeSpec as swarmkit keeps it (enums defaulted, as its protobuf zero values convert back) */
  spec: Json;
  pendingDelete: boolean;
}

const SCOPES = ['single', 'multi'];
const SHARING = ['none', 'readonly', 'onewriter', 'all'];
const AVAILABILITY = ['active', 'pause', 'drain'];

export class ClusterVolumeStore {
  private readonly byId = new Map<string, ClusterVolume>();

  constructor(private readonly swarm: Swarm) {}

  list(): ClusterVolume[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
  }

  create(req: ClusterVolumeRequest): ClusterVolume {
    this.swarm.requireManager();
    const name = req.Name ?? '';
    if (name === '') throw rpcInvalid('meta: name must be provided');
    const spec = swarmkitSpec(req.ClusterVolumeSpec);
    if (!spec.AccessMode) throw rpcInvalid('AccessMode must not be nil');
    if (!spec.AccessMode.MountVolume && !spec.AccessMode.BlockVolume) {
      throw rpcInvalid('Volume AccessMode must specify either Mount or Block access type');
    }
    const missing = (spec.Secrets ?? []).map((s: Json) => String(s.Secret ?? '')).filter((id: string) => !this.swarm.secrets.list().some((o) => o.id === id));
    if (missing.length > 0) throw rpcInvalid(`${missing.length === 1 ? 'secret' : 'secrets'} not found: ${missing.join(', ')}`);
    if (this.list().some((v) => v.name.toLowerCase() === name.toLowerCase())) {
      // swarmkit returns store.ErrNameConflict unwrapped: gRPC code Unknown, so dockerd says 500
      throw systemError('rpc error: code = Unknown desc = name conflicts with an existing object');
    }
    const now = this.swarm.now;
    const volume: ClusterVolume = {
      id: this.swarm.engine.random.swarmId(),
      version: this.swarm.nextIndex(),
      createdAt: now,
      updatedAt: now,
      name,
      driver: req.Driver ?? '',
      driverOpts: req.DriverOpts ?? null,
      labels: req.Labels ?? null,
      spec,
      pendingDelete: false,
    };
    this.byId.set(volume.id, volume);
    return volume;
  }

  /** dockerd's getVolume: full ID, else exact name, else unique ID prefix. */
  find(ref: string): ClusterVolume {
    this.swarm.requireManager();
    const direct = this.byId.get(ref);
    if (direct) return direct;
    const byName = this.list().filter((v) => v.name === ref);
    const matches = byName.length > 0 ? byName : this.list().filter((v) => v.id.startsWith(ref));
    if (matches.length === 0) throw notFound(`volume ${ref} not found`);
    if (matches.length > 1) throw invalidParameter(`volume ${ref} is ambiguous (${matches.length} matches found)`);
    return matches[0]!;
  }

  /**
   * PUT /volumes/{name}: only the availability changes. dockerd looks the volume
   * up by name or prefix but then asks swarmkit for `ref` as an ID, so only the
   * full ID updates (the CLI sends the ID).
   */
  update(ref: string, version: number, body: Json): void {
    const found = this.find(ref);
    const volume = this.byId.get(ref);
    if (!volume) throw notFound(`rpc error: code = NotFound desc = volume ${ref} not found`);
    const availability = body.Spec?.Availability;
    const next = AVAILABILITY.includes(availability) ? availability : found.spec.Availability;
    if (version !== volume.version) throw outOfSequence();
    volume.spec = { ...volume.spec, Availability: next };
    volume.version = this.swarm.nextIndex();
    volume.updatedAt = this.swarm.now;
  }

  remove(ref: string, force: boolean): void {
    let volume: ClusterVolume;
    try {
      volume = this.find(ref);
    } catch (err) {
      if (force && err instanceof EngineError && err.kind === 'NotFound') return;
      throw err;
    }
    if (force) {
      this.byId.delete(volume.id);
      return;
    }
    volume.pendingDelete = true;
  }
}

/** The spec after a round trip through swarmkit's protobuf: enums get their zero values, unknown ones too. */
function swarmkitSpec(raw: Json): Json {
  const spec: Json = {};
  if (raw.Group) spec.Group = String(raw.Group);
  if (raw.AccessMode) {
    const mode = raw.AccessMode;
    const access: Json = {
      Scope: SCOPES.includes(mode.Scope) ? mode.Scope : 'single',
      Sharing: SHARING.includes(mode.Sharing) ? mode.Sharing : 'none',
    };
    if (mode.BlockVolume) access.BlockVolume = {};
    if (mode.MountVolume) {
      const mount: Json = {};
      if (mode.MountVolume.FsType) mount.FsType = mode.MountVolume.FsType;
      if (mode.MountVolume.MountFlags?.length) mount.MountFlags = mode.MountVolume.MountFlags;
      access.MountVolume = mount;
      delete access.BlockVolume; // the converter sets Mount after Block: Mount wins
    }
    spec.AccessMode = access;
  }
  if (raw.AccessibilityRequirements) {
    const topology = (list: Json[] | undefined) => list?.map((t) => (t?.Segments && Object.keys(t.Segments).length ? { Segments: t.Segments } : {}));
    const req: Json = {};
    if (raw.AccessibilityRequirements.Requisite?.length) req.Requisite = topology(raw.AccessibilityRequirements.Requisite);
    if (raw.AccessibilityRequirements.Preferred?.length) req.Preferred = topology(raw.AccessibilityRequirements.Preferred);
    spec.AccessibilityRequirements = req;
  }
  if (raw.CapacityRange) spec.CapacityRange = { RequiredBytes: raw.CapacityRange.RequiredBytes ?? 0, LimitBytes: raw.CapacityRange.LimitBytes ?? 0 };
  if (raw.Secrets?.length) spec.Secrets = raw.Secrets.map((s: Json) => ({ Key: s.Key ?? '', Secret: s.Secret ?? '' }));
  spec.Availability = AVAILABILITY.includes(raw.Availability) ? raw.Availability : 'active';
  return spec;
}

/** Go's time.Time.String() of a UTC time: "2026-11-23 03:20:00.123456789 +0000 UTC". */
function goTimeString(ms: number): string {
  const rfc = formatTime(ms);
  const [date, rest] = rfc.split('T') as [string, string];
  return `${date} ${rest.replace(/Z$/, '')} +0000 UTC`;
}

/** The API's Volume for a cluster volume (moby daemon/cluster/convert VolumeFromGRPC). */
export function clusterVolumeView(v: ClusterVolume): Json {
  return {
    ClusterVolume: {
      ID: v.id,
      Version: { Index: v.version },
      CreatedAt: formatTime(v.createdAt),
      UpdatedAt: formatTime(v.updatedAt),
      Spec: structuredClone(v.spec),
    },
    CreatedAt: goTimeString(v.createdAt),
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: '',
    Name: v.name,
    Options: v.driverOpts,
    Scope: 'global',
  };
}
