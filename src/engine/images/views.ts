/**
 * Images as the API shows them, in the newest shape (the API layer shapes them down
 * for older versions): the list summary, inspect and history.
 */
import { orderContainerConfig } from './image-config.js';
import type { ImageStore, LocalImage } from './image-store.js';

type Json = Record<string, unknown>;

/** Fields of an image's `config` that belong to the image spec (what 1.50+ returns). */
const IMAGE_SPEC_CONFIG_KEYS = [
  'User', 'ExposedPorts', 'Env', 'Cmd', 'Healthcheck', 'ArgsEscaped', 'Volumes', 'WorkingDir', 'Entrypoint',
  'OnBuild', 'Labels', 'StopSignal', 'Shell',
];
/** Omitted from 1.52 on when empty. */
const OMIT_EMPTY_CONFIG_KEYS = ['Cmd', 'Entrypoint', 'Env', 'Labels', 'OnBuild', 'User', 'Volumes', 'WorkingDir'];

export function createdSeconds(img: LocalImage): number {
  return Math.floor((Date.parse(img.config.created ?? '') || 0) / 1000);
}

export function imageLabels(img: LocalImage): Record<string, string> | null {
  const labels = img.config.config?.Labels as Record<string, string> | null | undefined;
  return labels && Object.keys(labels).length ? labels : labels ?? null;
}

export const sortedTags = (img: LocalImage) => [...img.repoTags].sort();
export const sortedDigests = (img: LocalImage) => [...img.repoDigests].sort();

export interface SummaryOptions {
  containers: number;
  sharedSize: number;
}

/** One entry of GET /images/json (API 1.55 shape). */
export function summaryView(img: LocalImage, opts: SummaryOptions): Json {
  return {
    Containers: opts.containers,
    Created: createdSeconds(img),
    Id: img.id,
    Labels: imageLabels(img),
    ParentId: img.parent ?? '',
    RepoDigests: sortedDigests(img),
    RepoTags: sortedTags(img),
    SharedSize: opts.sharedSize,
    Size: img.size,
  };
}

/** GET /images/{name}/json (API 1.55 shape: empty legacy fields omitted). */
export function inspectView(img: LocalImage): Json {
  const cfg = img.config.config ?? {};
  const config: Json = {};
  for (const key of IMAGE_SPEC_CONFIG_KEYS) {
    const v = cfg[key];
    if (v === undefined || v === null || v === false) continue;
    if (OMIT_EMPTY_CONFIG_KEYS.includes(key) && isEmpty(v)) continue;
    config[key] = v;
  }
  const out: Json = { Id: img.id, RepoTags: sortedTags(img), RepoDigests: sortedDigests(img) };
  if (img.parent) out.Parent = img.parent;
  if (img.config.comment) out.Comment = img.config.comment;
  if (img.config.created) out.Created = img.config.created;
  if (img.config.docker_version) out.DockerVersion = img.config.docker_version;
  if (img.config.author) out.Author = img.config.author;
  out.Config = orderContainerConfig(config);
  out.Architecture = img.config.architecture;
  if (img.config.variant) out.Variant = img.config.variant;
  out.Os = img.config.os;
  out.Size = img.size;
  out.GraphDriver = { Data: null, Name: 'overlay2' };
  out.RootFS = { Type: 'layers', Layers: [...img.config.rootfs.diff_ids] };
  out.Metadata = { LastTagTime: img.lastTagTime ? new Date(img.lastTagTime).toISOString() : '0001-01-01T00:00:00Z' };
  return out;
}

/** The legacy fields older API versions always carry (filled for shaping down). */
export function legacyInspectFields(img: LocalImage): Json {
  return {
    Parent: img.parent ?? '',
    Comment: img.config.comment ?? '',
    DockerVersion: img.config.docker_version ?? '',
    Author: img.config.author ?? '',
    Container: img.config.container ?? '',
    ContainerConfig: img.config.container_config ?? null,
  };
}

/** GET /images/{name}/history: newest step first; IDs along the parent chain. */
export function historyView(img: LocalImage, store: ImageStore): Json[] {
  const layers = img.layers;
  let layerIndex = 0;
  const items: Json[] = [];
  for (const h of img.config.history) {
    let size = 0;
    if (!h.empty_layer) size = layers[layerIndex++]?.contentSize ?? 0;
    items.unshift({ Comment: h.comment ?? '', Created: Math.floor((Date.parse(h.created ?? '') || 0) / 1000), CreatedBy: h.created_by ?? '', Id: '<missing>', Size: size, Tags: null });
  }
  let current: LocalImage | undefined = img;
  for (const item of items) {
    if (!current) break;
    item.Id = current.id;
    item.Tags = current.repoTags.length ? sortedTags(current) : null;
    current = current.parent ? store.find(current.parent) : undefined;
  }
  return items;
}

function isEmpty(v: unknown): boolean {
  if (v === '' || v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}
