/**
 * /system/df: disk used per object type. Built in the newest shape (per-type usage
 * with items); the API's shaping rules derive the legacy lists for older clients.
 */
import type { Engine } from './engine.js';

export type DiskUsageType = 'container' | 'image' | 'volume' | 'build-cache';

interface Usage<T> {
  ActiveCount: number;
  TotalCount: number;
  Reclaimable: number;
  TotalSize: number;
  Items: T[];
}

export function diskUsage(engine: Engine, types: string[] | undefined) {
  const want = (t: DiskUsageType) => !types || types.length === 0 || types.includes(t);
  const parts = engine.diskUsageParts();
  return {
    ...(want('image') ? { ImageUsage: usage(parts.images, (i) => i.Containers > 0, (i) => i.Size) } : {}),
    ...(want('container') ? { ContainerUsage: usage(parts.containers, (c) => c.State === 'running', (c) => c.SizeRw ?? 0) } : {}),
    ...(want('volume') ? { VolumeUsage: usage(parts.volumes, (v) => (v.UsageData?.RefCount ?? 0) > 0, (v) => Math.max(0, v.UsageData?.Size ?? 0)) } : {}),
    ...(want('build-cache') ? { BuildCacheUsage: usage(parts.buildCache, (b) => b.InUse, (b) => b.Size) } : {}),
  };
}

function usage<T>(items: T[], active: (t: T) => boolean, size: (t: T) => number): Usage<T> {
  const activeItems = items.filter(active);
  const total = items.reduce((n, t) => n + size(t), 0);
  const inUse = activeItems.reduce((n, t) => n + size(t), 0);
  return { ActiveCount: activeItems.length, TotalCount: items.length, Reclaimable: total - inUse, TotalSize: total, Items: items };
}

export interface DiskUsageParts {
  images: Array<{ Size: number; Containers: number } & Record<string, unknown>>;
  containers: Array<{ State: string; SizeRw?: number } & Record<string, unknown>>;
  volumes: Array<{ UsageData?: { Size: number; RefCount: number } | null } & Record<string, unknown>>;
  buildCache: Array<{ InUse: boolean; Size: number } & Record<string, unknown>>;
}
