/**
 * A local volume: its metadata as dockerd reports it and the shared tree that every
 * container mounting it sees. `users` holds the IDs of containers referencing it
 * (created ones too: dockerd counts them, so a volume of a stopped container is in use).
 */
import { FsTree } from '../fs/volume.js';

export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
export const VOLUMES_ROOT = '/var/lib/docker/volumes';

export class Volume {
  readonly users = new Set<string>();

  constructor(
    readonly name: string,
    readonly driver: string,
    readonly labels: Record<string, string> | null,
    readonly options: Record<string, string> | null,
    /** Engine time, ms. */
    readonly createdAt: number,
    readonly tree: FsTree = FsTree.empty({ mode: 0o755 }),
  ) {}

  get anonymous(): boolean {
    return !!this.labels && ANONYMOUS_LABEL in this.labels;
  }

  get mountpoint(): string {
    return `${VOLUMES_ROOT}/${this.name}/_data`;
  }
}

/** GET /volumes/{name}: dockerd's Volume object (UsageData only in /system/df). */
export function volumeView(v: Volume, options: { usage?: boolean } = {}): Record<string, unknown> {
  return {
    CreatedAt: new Date(Math.floor(v.createdAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    Driver: v.driver,
    Labels: v.labels ? { ...v.labels } : null,
    Mountpoint: v.mountpoint,
    Name: v.name,
    Options: v.options ? { ...v.options } : null,
    Scope: 'local',
    ...(options.usage ? { UsageData: { Size: v.tree.size, RefCount: v.users.size } } : {}),
  };
}
