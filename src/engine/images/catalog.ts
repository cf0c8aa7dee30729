/**
 * The image catalogue: what the simulated registries serve, loaded from
 * fixtures/images/*.yaml (format: fixtures/images/README.md).
 *
 * Loading only parses YAML and builds small layer trees. Everything that needs the
 * layers' bytes (diff_ids, hence the config blob, the image ID, the manifest and the
 * repo digest) is computed on first access and cached; all tags of one image share
 * that work. Synthetic (`size:`) files are hashed block by block then, never held.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazyModule } from '../../lazy-module.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');
import type { Behaviour } from '../process/behaviour.js';
import type { Layer } from '../fs/layer.js';
import { layerFromFiles, type FileSpec } from './fixture-files.js';
import { canonicalConfigJson, type HistoryEntry, type ImageConfigBlob } from './image-config.js';
import { parseRepository, type RepositoryName } from './reference.js';

/** What a container of the image does when it runs the image's default command. */
export interface ImageBehaviour extends Behaviour {
  /** A port the program serves (protocol http serves `body`; "index" = the nginx index page). */
  listen?: { port: number; protocol: string; body?: string };
}

interface HistorySpec extends HistoryEntry {
  /** This step made a layer with these files (an empty map still makes a layer). */
  files?: Record<string, FileSpec>;
}

interface ImageSpec {
  tags: (string | number)[];
  architecture?: string;
  os?: string;
  variant?: string;
  created: string;
  size: number;
  config?: Record<string, unknown>;
  history: HistorySpec[];
  behaviour?: ImageBehaviour;
  /** A managed plugin's config.json (the registry serves a plugin, not an image). */
  plugin?: Record<string, unknown>;
}

interface RepositorySpec extends Partial<ImageSpec> {
  repository: string;
  images?: ImageSpec[];
}

export const LAYER_MEDIA_TYPE = 'application/vnd.docker.image.rootfs.diff.tar';
export const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
export const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json';

/** The image itself (shared by its tags); digests computed on first use. */
class ImageData {
  private cached?: { configJson: string; manifestJson: string };

  constructor(
    readonly spec: ImageSpec,
    readonly layers: Layer[],
    /** The config blob bytes when they are given (pushed images) rather than built from spec. */
    private readonly fixedConfigJson?: string,
  ) {}

  get configJson(): string {
    return this.compute().configJson;
  }

  get manifestJson(): string {
    return this.compute().manifestJson;
  }

  private compute(): { configJson: string; manifestJson: string } {
    if (this.cached) return this.cached;
    const configJson = this.fixedConfigJson ?? canonicalConfigJson(this.blobFromSpec());
    const manifest = {
      schemaVersion: 2,
      mediaType: MANIFEST_MEDIA_TYPE,
      config: { mediaType: CONFIG_MEDIA_TYPE, size: Buffer.byteLength(configJson), digest: sha256(configJson) },
      layers: this.layers.map((l) => ({ mediaType: LAYER_MEDIA_TYPE, size: l.tarSize, digest: l.diffId })),
    };
    this.cached = { configJson, manifestJson: JSON.stringify(manifest, null, 3) };
    return this.cached;
  }

  private blobFromSpec(): ImageConfigBlob {
    const spec = this.spec;
    return {
      architecture: spec.architecture ?? 'amd64',
      config: spec.config ?? {},
      created: spec.created,
      history: spec.history.map((h) => ({
        created: h.created ?? spec.created,
        author: h.author,
        created_by: h.created_by,
        comment: h.comment,
        empty_layer: h.files === undefined ? true : undefined,
      })),
      os: spec.os ?? 'linux',
      rootfs: { type: 'layers', diff_ids: this.layers.map((l) => l.diffId) },
      variant: spec.variant,
    };
  }
}

/** One tag of a catalogue image. */
export class CatalogImage {
  constructor(
    readonly name: RepositoryName,
    readonly tag: string,
    private readonly data: ImageData,
    /** The fixture file it came from. */
    readonly source: string,
  ) {}

  /** Registry host serving it ("docker.io"). */
  get registry(): string {
    return this.name.registry;
  }

  /** "alpine:latest", "private.registry.test/team/app:1.0" */
  get reference(): string {
    return `${this.name.familiarName}:${this.tag}`;
  }

  /** The exact bytes of the image config blob. */
  get configJson(): string {
    return this.data.configJson;
  }

  /** The image config blob (architecture, os, created, config, rootfs, history). */
  get config(): ImageConfigBlob {
    return JSON.parse(this.data.configJson) as ImageConfigBlob;
  }

  /** "sha256:" + sha256 of the config blob: what `docker images` shows. */
  get id(): string {
    return sha256(this.data.configJson);
  }

  /** The registry manifest (schema 2, uncompressed layers) as served, and its digest. */
  get manifestJson(): string {
    return this.data.manifestJson;
  }

  get manifestDigest(): string {
    return sha256(this.data.manifestJson);
  }

  /** "alpine@sha256:..." as in RepoDigests. */
  get repoDigest(): string {
    return `${this.name.familiarName}@${this.manifestDigest}`;
  }

  get layers(): readonly Layer[] {
    return this.data.layers;
  }

  /** The size Docker Hub reports (bytes), independent of the small fixture tree. */
  get size(): number {
    return this.data.spec.size;
  }

  get behaviour(): ImageBehaviour | undefined {
    return this.data.spec.behaviour;
  }

  /** The plugin config (application/vnd.docker.plugin.v1+json) when this entry is a plugin. */
  get pluginConfig(): Record<string, unknown> | undefined {
    return this.data.spec.plugin;
  }

  /** Every tag the same image carries. */
  get tags(): string[] {
    return this.data.spec.tags.map(String);
  }
}

/** A catalogue entry for an image pushed to a simulated registry (its exact config bytes kept). */
export function pushedCatalogImage(
  name: RepositoryName,
  tag: string,
  image: { configJson: string; created: string; layers: readonly Layer[]; size: number; behaviour?: ImageBehaviour; plugin?: Record<string, unknown> },
): CatalogImage {
  const spec: ImageSpec = { tags: [tag], created: image.created, size: image.size, history: [], behaviour: image.behaviour, plugin: image.plugin };
  return new CatalogImage(name, tag, new ImageData(spec, [...image.layers], image.configJson), 'push');
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Every tag of every image in the directory's *.yaml files, sorted by file name. */
export function loadCatalog(dir: string): CatalogImage[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file) => loadRepository(join(dir, file)));
}

export function loadRepository(file: string): CatalogImage[] {
  const doc = yaml().parse(readFileSync(file, 'utf8'), { merge: true }) as RepositorySpec;
  if (!doc?.repository) throw new Error(`${file}: missing "repository"`);
  const name = parseRepository(doc.repository);
  const specs = doc.images ?? [doc as ImageSpec];
  return specs.flatMap((spec) => {
    validate(spec, file);
    const data = new ImageData(spec, buildLayers(spec, name.fullName));
    return spec.tags.map((tag) => new CatalogImage(name, String(tag), data, file));
  });
}

function buildLayers(spec: ImageSpec, seedKey: string): Layer[] {
  return spec.history
    .filter((h) => h.files !== undefined)
    .map((h, i) => layerFromFiles(h.files ?? {}, Date.parse(h.created ?? spec.created), `${seedKey}:${i}`));
}

function validate(spec: ImageSpec, file: string): void {
  if (!Array.isArray(spec.tags) || spec.tags.length === 0) throw new Error(`${file}: an image needs tags`);
  if (!spec.created || Number.isNaN(Date.parse(spec.created))) throw new Error(`${file}: bad or missing "created"`);
  if (typeof spec.size !== 'number') throw new Error(`${file}: "size" must be a number of bytes`);
  if (!Array.isArray(spec.history) || !spec.history.some((h) => h.files !== undefined)) {
    throw new Error(`${file}: "history" needs at least one step with files`);
  }
}

/** Find a catalogue image by reference ("alpine", "alpine:3.20", "docker.io/library/alpine:latest"). */
export function findInCatalog(catalog: readonly CatalogImage[], reference: string): CatalogImage | undefined {
  const at = reference.indexOf('@');
  if (at >= 0) {
    const name = parseRepository(reference.slice(0, at)).fullName;
    const digest = reference.slice(at + 1);
    return catalog.find((img) => img.name.fullName === name && img.manifestDigest === digest);
  }
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > reference.lastIndexOf('/');
  const name = parseRepository(hasTag ? reference.slice(0, colon) : reference).fullName;
  const tag = hasTag ? reference.slice(colon + 1) : 'latest';
  return catalog.find((img) => img.name.fullName === name && img.tag === tag);
}
