/**
 * The images present on this engine (what `docker images` lists), as opposed to the
 * catalogue of what the simulated registries serve. An image is its config blob plus
 * its layers; tags and digests point at it.
 */
import { mergeLayers } from '../fs/merge.js';
import type { DirNode } from '../fs/node.js';
import type { Layer } from '../fs/layer.js';
import { invalidParameter, notFound } from '../errors.js';
import type { ImageConfigBlob } from './image-config.js';
import type { ImageBehaviour } from './catalog.js';
import { parseRepository } from './reference.js';

export interface LocalImage {
  /** "sha256:<hex>" */
  id: string;
  config: ImageConfigBlob;
  layers: readonly Layer[];
  /** "alpine:latest" */
  repoTags: string[];
  /** "alpine@sha256:..." */
  repoDigests: string[];
  size: number;
  behaviour?: ImageBehaviour;
  /** Engine node that holds this copy. */
  node: string;
  parent?: string;
  labels?: Record<string, string>;
  /** Engine time (ms) of the last tag change; 0 = never tagged here. */
  lastTagTime?: number;
  /** The exact config blob bytes (the ID is their sha256), when known. */
  configJson?: string;
}

/** "alpine" -> "alpine:latest"; keeps digests; normalises "docker.io/library/". */
export function normalizeTaggedReference(ref: string): string {
  if (ref !== ref.toLowerCase() && !ref.includes('@')) {
    const repo = ref.split(':')[0]!;
    if (repo !== repo.toLowerCase()) throw invalidParameter('invalid reference format: repository name must be lowercase');
  }
  if (!/^[a-z0-9][a-zA-Z0-9._:/@+-]*$/.test(ref)) throw invalidParameter('invalid reference format');
  const at = ref.indexOf('@');
  if (at >= 0) return `${parseRepository(ref.slice(0, at)).familiarName}${ref.slice(at)}`;
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > ref.lastIndexOf('/');
  const repo = hasTag ? ref.slice(0, colon) : ref;
  return `${parseRepository(repo).familiarName}:${hasTag ? ref.slice(colon + 1) : 'latest'}`;
}

export class ImageStore {
  private readonly byId = new Map<string, LocalImage>();
  private readonly lowers = new WeakMap<LocalImage, DirNode>();

  list(): LocalImage[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** Add an image (or merge tags into the copy already here) and point its tags at it. */
  add(image: LocalImage): LocalImage {
    const existing = this.byId.get(image.id);
    for (const tag of image.repoTags) this.untagEverywhere(tag);
    if (existing) {
      existing.repoTags = unique([...existing.repoTags, ...image.repoTags]);
      existing.repoDigests = unique([...existing.repoDigests, ...image.repoDigests]);
      return existing;
    }
    this.byId.set(image.id, image);
    return image;
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  /** Images whose parent is `id` (build steps, commits). */
  children(id: string): LocalImage[] {
    return this.list().filter((i) => i.parent === id);
  }

  /** Remove one tag or digest reference; false when no image carries it. */
  untag(ref: string): boolean {
    for (const img of this.byId.values()) {
      const before = img.repoTags.length + img.repoDigests.length;
      img.repoTags = img.repoTags.filter((t) => t !== ref);
      img.repoDigests = img.repoDigests.filter((d) => d !== ref);
      if (img.repoTags.length + img.repoDigests.length !== before) return true;
    }
    return false;
  }

  /** Find by tag, digest, full or short ID; undefined when absent. */
  find(ref: string): LocalImage | undefined {
    const id = this.findById(ref);
    if (id) return id;
    let normalized: string;
    try {
      normalized = normalizeTaggedReference(ref);
    } catch {
      return undefined;
    }
    for (const img of this.byId.values()) {
      if (img.repoTags.includes(normalized) || img.repoDigests.includes(normalized)) return img;
    }
    return undefined;
  }

  /** Like find, but dockerd's 404 "No such image: alpine:latest" when absent. */
  resolve(ref: string): LocalImage {
    if (!this.findById(ref)) normalizeTaggedReference(ref); // 400 for a malformed reference
    const img = this.find(ref);
    if (img) return img;
    throw notFound(`No such image: ${displayRef(ref)}`);
  }

  tag(image: LocalImage, ref: string): void {
    const normalized = normalizeTaggedReference(ref);
    this.untagEverywhere(normalized);
    if (!image.repoTags.includes(normalized)) image.repoTags.push(normalized);
  }

  /** The merged, read-only file tree of an image's layers, shared by its containers. */
  lowerOf(image: LocalImage): DirNode {
    let lower = this.lowers.get(image);
    if (!lower) this.lowers.set(image, (lower = mergeLayers(image.layers)));
    return lower;
  }

  private findById(ref: string): LocalImage | undefined {
    const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
    if (!/^[0-9a-f]{1,64}$/.test(hex)) return undefined;
    const full = this.byId.get(`sha256:${hex}`);
    if (full) return full;
    if (hex.length < 4 && !ref.startsWith('sha256:')) return undefined;
    const hits = [...this.byId.values()].filter((i) => i.id.slice(7).startsWith(hex));
    return hits.length === 1 ? hits[0] : undefined;
  }

  private untagEverywhere(tag: string): void {
    for (const img of this.byId.values()) img.repoTags = img.repoTags.filter((t) => t !== tag);
  }
}

/** How dockerd names a missing image in its 404: with ":latest" added, digests kept. */
export function displayRef(ref: string): string {
  try {
    return normalizeTaggedReference(ref);
  } catch {
    return ref;
  }
}

const unique = <T>(xs: T[]) => [...new Set(xs)];
