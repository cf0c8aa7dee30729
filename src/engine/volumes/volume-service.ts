/**
 * The volume backend: create/get/list/remove/prune with dockerd's rules and texts,
 * and the container hooks that turn Binds, Mounts, Tmpfs, image VOLUMEs and
 * VolumesFrom into mounted trees and Mounts[] entries (mount/unmount events at
 * start/stop; anonymous volumes removed with `rm -v`).
 */
import type { Clock } from '../clock.js';
import type { Container, Json } from '../containers/container.js';
import type { ContainerStore } from '../containers/container-store.js';
import type { CreateRequest } from '../containers/create-spec.js';
import type { ContainerHooks } from '../containers/hooks.js';
import { conflict, EngineError, invalidParameter, isEngineError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Filters } from '../filters.js';
import { FsTree } from '../fs/volume.js';
import type { RandomSource } from '../random.js';
import { parseBind, parseMount, type MountRequest } from './mount-spec.js';
import { ANONYMOUS_LABEL, Volume } from './volume.js';

export interface VolumeDeps {
  clock: Clock;
  random: RandomSource;
  events: EventBus;
  containers: ContainerStore;
  /** An enabled volume plugin answers to this driver name (throws if found but disabled). */
  volumePlugin?: (driver: string) => boolean;
}

export interface VolumeCreateRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

const NAME_CHARS = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const LOCAL_OPTIONS = new Set(['type', 'device', 'o', 'size']);
export const VOLUME_FILTER_KEYS = ['dangling', 'driver', 'label', 'name'] as const;
export const VOLUME_PRUNE_FILTER_KEYS = ['label', 'label!', 'all'] as const;

/** What a container's Mounts[] entry points at, kept for volumes-from and events. */
interface ContainerMount {
  entry: Json;
  tree: FsTree;
  volume?: Volume;
}

export class VolumeService {
  private readonly byName = new Map<string, Volume>();
  /** Host paths bind-mounted by containers: one shared tree per path. */
  private readonly hostPaths = new Map<string, FsTree>();
  private readonly mountsOf = new WeakMap<Container, ContainerMount[]>();
  readonly hooks: ContainerHooks;

  constructor(private readonly deps: VolumeDeps) {
    this.hooks = {
      created: (c, req) => this.setUpMounts(c, req),
      starting: (c) => this.announce(c, 'mount'),
      stopped: (c) => this.announce(c, 'unmount'),
      removing: (c, { removeVolumes }) => this.release(c, removeVolumes),
    };
  }

  /** dockerd's volume store wraps a failed plugin lookup (not found, or found but disabled) in the create. */
  private lookUpPlugin(name: string, driver: string): void {
    let found: boolean | undefined;
    try {
      found = this.deps.volumePlugin?.(driver);
    } catch (err) {
      if (isEngineError(err)) throw new EngineError(err.kind, `create ${name}: error looking up volume plugin ${driver}: ${err.message}`);
      throw err;
    }
    if (!found) throw notFound(`create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
  }

  /** Create (or return the existing volume of that name, untouched, as dockerd does). */
  create(req: VolumeCreateRequest): Volume {
    const anonymous = !req.Name;
    const name = req.Name || this.deps.random.hexId();
    const driver = req.Driver || 'local';
    if (!anonymous) validateName(name);
    if (driver !== 'local') this.lookUpPlugin(name, driver);
    const existing = this.byName.get(name);
    if (existing) return existing;
    for (const key of Object.keys(req.DriverOpts ?? {})) {
      if (driver === 'local' && !LOCAL_OPTIONS.has(key)) throw invalidParameter(`create ${name}: invalid option: "${key}"`);
    }
    if (driver === 'local' && req.DriverOpts?.size) throw invalidParameter(`create ${name}: quota size requested but no quota support`);
    if (driver === 'local' && req.DriverOpts?.type && !req.DriverOpts.device) throw invalidParameter(`create ${name}: missing required option: "device"`);
    // dockerd keeps what the client sent: {} stays {} (CLI 20.10 sends empty maps), absent stays null (CLI 28).
    const labels = anonymous ? { ...(req.Labels ?? {}), [ANONYMOUS_LABEL]: '' } : req.Labels ? { ...req.Labels } : null;
    const options = req.DriverOpts ? { ...req.DriverOpts } : null;
    const volume = new Volume(name, driver, labels, options, this.deps.clock.now());
    this.byName.set(name, volume);
    this.deps.events.publish({ type: 'volume', action: 'create', id: name, attributes: { driver } });
    return volume;
  }

  find(name: string): Volume | undefined {
    return this.byName.get(name);
  }

  get(name: string): Volume {
    const v = this.byName.get(name);
    if (!v) throw notFound(`get ${name}: no such volume`);
    return v;
  }

  list(filters: Filters): Volume[] {
    filters.validate(VOLUME_FILTER_KEYS);
    const dangling = danglingFilter(filters);
    return [...this.byName.values()].filter(
      (v) =>
        filters.exact('driver', v.driver) &&
        filters.match('name', v.name) &&
        filters.labels('label', v.labels ?? {}) &&
        (dangling === undefined || dangling === (v.users.size === 0)),
    );
  }

  remove(name: string, options: { force?: boolean } = {}): void {
    const v = this.byName.get(name);
    if (!v) {
      if (options.force) return;
      throw notFound(`get ${name}: no such volume`);
    }
    if (v.users.size > 0) throw conflict(`remove ${name}: volume is in use - [${[...v.users].join(', ')}]`);
    this.destroy(v);
  }

  /** Unused volumes: anonymous ones only, unless `all` (older API versions pass all). */
  prune(filters: Filters, options: { all?: boolean } = {}): { VolumesDeleted: string[]; SpaceReclaimed: number } {
    filters.validate(VOLUME_PRUNE_FILTER_KEYS);
    const allValues = filters.get('all');
    if (allValues.length > 1) throw invalidParameter(`invalid filter 'all=${JSON.stringify(allValues)}': only one value is expected`);
    let all = !!options.all;
    if (allValues.length === 1) {
      const v = allValues[0]!.toLowerCase();
      if (!['1', 'true', '0', 'false'].includes(v)) throw invalidParameter(`invalid filter 'all': strconv.ParseBool: parsing "${allValues[0]}": invalid syntax`);
      all = all || v === '1' || v === 'true';
    }
    const deleted: string[] = [];
    let reclaimed = 0;
    for (const v of [...this.byName.values()]) {
      if (v.users.size > 0) continue;
      if (!all && !v.anonymous) continue;
      if (!filters.labels('label', v.labels ?? {})) continue;
      if (filters.has('label!') && !filters.labels('label!', v.labels ?? {})) continue;
      reclaimed += v.tree.size;
      this.destroy(v);
      deleted.push(v.name);
    }
    this.deps.events.publish({ type: 'volume', action: 'prune', id: '', attributes: { reclaimed: String(reclaimed) } });
    return { VolumesDeleted: deleted, SpaceReclaimed: reclaimed };
  }

  all(): Volume[] {
    return [...this.byName.values()];
  }

  // ---- container lifecycle ----

  private setUpMounts(container: Container, _req: CreateRequest): void {
    const hc = container.hostConfig;
    const requests: MountRequest[] = [
      ...((hc.Binds ?? []) as string[]).map((b) => parseBind(String(b))),
      ...((hc.Mounts ?? []) as Json[]).map(parseMount),
    ];
    const taken = new Set<string>();
    for (const r of requests) {
      if (taken.has(r.destination)) throw invalidParameter(`Duplicate mount point: ${r.destination}`);
      taken.add(r.destination);
    }
    // Look everything up before creating anything, so a refused request leaves no volume behind.
    const sources = ((hc.VolumesFrom ?? []) as string[]).map((spec) => {
      const [ref, mode] = String(spec).split(':');
      if (mode !== undefined && mode !== 'ro' && mode !== 'rw') throw invalidParameter(`invalid mode for volumes-from: ${mode}`);
      return { from: this.deps.containers.get(ref!), mode };
    });
    for (const r of requests) {
      if (r.type === 'volume' && r.source) validateName(r.source);
      if (r.type === 'volume' && r.driver && r.driver !== 'local') this.lookUpPlugin(r.source, r.driver);
    }
    const mounts: ContainerMount[] = [];
    for (const r of requests) mounts.push(this.mountFor(container, r));
    for (const { from, mode } of sources) {
      for (const m of this.mountsOf.get(from) ?? []) {
        if (taken.has(m.entry.Destination)) continue;
        taken.add(m.entry.Destination);
        const rw = mode === undefined ? m.entry.RW : mode === 'rw';
        mounts.push({ entry: { ...m.entry, RW: rw }, tree: m.tree, volume: m.volume });
        m.volume?.users.add(container.id);
      }
    }
    for (const dest of Object.keys(container.config.Volumes ?? {})) {
      const destination = dest.replace(/\/+$/, '') || '/';
      if (taken.has(destination)) continue;
      taken.add(destination);
      const m = this.mountFor(container, { type: 'volume', source: '', destination, readOnly: false, mode: '', propagation: '', noCopy: false });
      mounts.push(m);
    }
    for (const m of mounts) {
      container.fs.mount(m.entry.Destination, m.tree, { readOnly: !m.entry.RW, copyUp: m.entry.Type === 'volume' && !m.entry.noCopy });
      delete m.entry.noCopy;
    }
    for (const path of Object.keys(hc.Tmpfs ?? {})) container.fs.mount(path, FsTree.empty({ mode: 0o1777 }));
    this.mountsOf.set(container, mounts);
    container.mounts = mounts.map((m) => m.entry);
  }

  private mountFor(container: Container, r: MountRequest): ContainerMount {
    if (r.type === 'bind') {
      let tree = this.hostPaths.get(r.source);
      if (!tree) this.hostPaths.set(r.source, (tree = FsTree.empty()));
      return { entry: { Type: 'bind', Source: r.source, Destination: r.destination, Mode: r.mode, RW: !r.readOnly, Propagation: r.propagation }, tree };
    }
    if (r.type === 'tmpfs') {
      return { entry: { Type: 'tmpfs', Source: '', Destination: r.destination, Mode: '', RW: !r.readOnly, Propagation: '' }, tree: FsTree.empty({ mode: 0o1777 }) };
    }
    const volume = this.create({ Name: r.source, Driver: r.driver, Labels: r.labels, DriverOpts: r.driverOptions });
    volume.users.add(container.id);
    return {
      entry: { Type: 'volume', Name: volume.name, Source: volume.mountpoint, Destination: r.destination, Driver: volume.driver, Mode: r.mode, RW: !r.readOnly, Propagation: r.propagation, noCopy: r.noCopy },
      tree: volume.tree,
      volume,
    };
  }

  private announce(container: Container, action: 'mount' | 'unmount'): void {
    for (const m of this.mountsOf.get(container) ?? []) {
      if (!m.volume) continue;
      const attributes: Record<string, string> =
        action === 'mount'
          ? { container: container.id, destination: m.entry.Destination, driver: m.volume.driver, propagation: m.entry.Propagation, 'read/write': String(m.entry.RW) }
          : { container: container.id, driver: m.volume.driver };
      this.deps.events.publish({ type: 'volume', action, id: m.volume.name, attributes, node: container.node });
    }
  }

  private release(container: Container, removeVolumes: boolean): void {
    for (const m of this.mountsOf.get(container) ?? []) {
      if (!m.volume) continue;
      m.volume.users.delete(container.id);
      if (removeVolumes && m.volume.anonymous && m.volume.users.size === 0 && this.byName.get(m.volume.name) === m.volume) this.destroy(m.volume);
    }
    this.mountsOf.delete(container);
  }

  private destroy(v: Volume): void {
    this.byName.delete(v.name);
    this.deps.events.publish({ type: 'volume', action: 'destroy', id: v.name, attributes: { driver: v.driver } });
  }
}

function validateName(name: string): void {
  if (name.length === 1 && /^[a-zA-Z0-9]$/.test(name)) {
    throw invalidParameter(`create ${name}: volume name is too short, names should be at least two alphanumeric characters`);
  }
  if (!NAME_CHARS.test(name)) {
    throw invalidParameter(
      `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
    );
  }
}

function danglingFilter(filters: Filters): boolean | undefined {
  const values = filters.get('dangling');
  if (values.length === 0) return undefined;
  const v = values[0]!.toLowerCase();
  if (values.length > 1 || !['1', 'true', '0', 'false'].includes(v)) throw invalidParameter(`invalid filter 'dangling=[${values.join(' ')}]'`);
  return v === '1' || v === 'true';
}
