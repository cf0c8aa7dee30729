/**
 * docker-archive tars: what `docker save` writes and `docker load` reads. The layout
 * is dockerd 25+'s (an OCI image layout plus the legacy manifest.json and
 * repositories), which `docker load` of every dockerd since 1.10 accepts.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Layer } from '../fs/layer.js';
import { readTar, type StagedEntry } from '../fs/tar/extract.js';
import { layerFromTar } from '../fs/tar/extract.js';
import { treeEntries } from '../fs/tar/walk.js';
import { tarChunks, type TarEntry } from '../fs/tar/writer.js';
import { invalidParameter, systemError } from '../errors.js';
import type { ImageConfigBlob } from './image-config.js';
import type { LocalImage } from './image-store.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export interface SaveItem {
  image: LocalImage;
  configJson: string;
  /** The tags asked for ("busybox:latest"); empty when saved by ID. */
  tags: string[];
}

const hex = (digest: string) => digest.slice(7);
const sha256 = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** The archive as a stream; layer tars are generated while streaming, never held whole. */
export function saveArchive(items: SaveItem[]): Readable {
  return Readable.from(archiveChunks(items), { objectMode: false });
}

function* archiveChunks(items: SaveItem[]): Generator<Buffer> {
  const mtime = Math.max(...items.map((i) => Date.parse(i.image.config.created) || 0), 0);
  const blobs = new Map<string, { layer?: Layer; data?: Buffer }>();
  const manifest: Record<string, unknown>[] = [];
  const index: Record<string, unknown>[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, configJson, tags } of items) {
    const configDigest = sha256(configJson);
    blobs.set(hex(configDigest), { data: Buffer.from(configJson) });
    for (const l of image.layers) blobs.set(hex(l.diffId), { layer: l });
    const ociManifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDigest, size: Buffer.byteLength(configJson) },
      layers: image.layers.map((l) => ({ mediaType: OCI_LAYER, digest: l.diffId, size: l.tarSize })),
    });
    const manifestDigest = sha256(ociManifest);
    blobs.set(hex(manifestDigest), { data: Buffer.from(ociManifest) });
    manifest.push({ Config: `blobs/sha256/${hex(configDigest)}`, RepoTags: tags.length ? tags : null, Layers: image.layers.map((l) => `blobs/sha256/${hex(l.diffId)}`) });
    const top = image.layers[image.layers.length - 1];
    for (const tag of tags) {
      const colon = tag.lastIndexOf(':');
      const repo = tag.slice(0, colon);
      (repositories[repo] ??= {})[tag.slice(colon + 1)] = top ? hex(top.diffId) : '';
      index.push({ mediaType: OCI_MANIFEST, digest: manifestDigest, size: Buffer.byteLength(ociManifest), annotations: { 'io.containerd.image.name': fullName(tag), 'org.opencontainers.image.ref.name': tag.slice(colon + 1) } });
    }
    if (!tags.length) index.push({ mediaType: OCI_MANIFEST, digest: manifestDigest, size: Buffer.byteLength(ociManifest) });
  }
  const meta = { mode: 0o644, uid: 0, gid: 0, mtime };
  yield* entryChunks({ name: 'blobs', type: 'directory', ...meta, mode: 0o755 });
  yield* entryChunks({ name: 'blobs/sha256', type: 'directory', ...meta, mode: 0o755 });
  for (const name of [...blobs.keys()].sort()) {
    const blob = blobs.get(name)!;
    if (blob.data) {
      yield* entryChunks({ name: `blobs/sha256/${name}`, type: 'file', ...meta, content: blob.data });
      continue;
    }
    const layer = blob.layer!;
    yield* entryChunks({ name: `blobs/sha256/${name}`, type: 'file', ...meta, size: layer.tarSize });
    yield* withoutEndMarker(tarChunks(treeEntries(layer.root, { whiteouts: true })), layer.tarSize);
  }
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  yield* entryChunks({ name: 'index.json', type: 'file', ...meta, content: json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: index }) });
  yield* entryChunks({ name: 'manifest.json', type: 'file', ...meta, content: Buffer.from(JSON.stringify(manifest) + '\n') });
  yield* entryChunks({ name: 'oci-layout', type: 'file', ...meta, content: json({ imageLayoutVersion: '1.0.0' }) });
  yield* entryChunks({ name: 'repositories', type: 'file', ...meta, content: Buffer.from(JSON.stringify(repositories) + '\n') });
  yield Buffer.alloc(1024);
}

/** One entry's header (+ content), without the archive's end marker. */
function* entryChunks(entry: TarEntry): Generator<Buffer> {
  const chunks = [...tarChunks([entry])];
  yield* chunks.slice(0, -1);
}

/** A whole inner tar as the content of an outer entry, padded to 512 bytes. */
function* withoutEndMarker(chunks: Generator<Buffer>, size: number): Generator<Buffer> {
  for (const chunk of chunks) yield chunk;
  const rest = size % 512;
  if (rest) yield Buffer.alloc(512 - rest);
}

function fullName(tag: string): string {
  const first = tag.split('/')[0]!;
  const hasHost = tag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost) return tag;
  return `docker.io/${tag.includes('/') ? tag : `library/${tag}`}`;
}

export interface LoadedImage {
  configJson: string;
  config: ImageConfigBlob;
  layers: Layer[];
  repoTags: string[];
}

/** Read a docker-archive (legacy or 25+ layout). Throws dockerd's texts for bad archives. */
export async function loadArchive(tar: Readable, tmpName: string): Promise<LoadedImage[]> {
  const entries = await readTar(tar);
  const files = new Map<string, StagedEntry['entry']>(entries.map((e) => [e.name, e.entry]));
  const manifestEntry = files.get('manifest.json');
  if (manifestEntry?.kind !== 'file') {
    throw systemError(`open /var/lib/docker/tmp/${tmpName}/repositories: no such file or directory`);
  }
  const read = (path: string): Buffer => {
    const e = files.get(path.replace(/^\.?\//, ''));
    if (e?.kind !== 'file') throw systemError(`open /var/lib/docker/tmp/${tmpName}/${path}: no such file or directory`);
    return Buffer.isBuffer(e.content) ? e.content : e.content.read();
  };
  let manifest: { Config: string; RepoTags: string[] | null; Layers: string[] }[];
  try {
    manifest = JSON.parse(read('manifest.json').toString('utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) throw invalidParameter(`invalid manifest.json: ${err.message}`);
    throw err;
  }
  const layerCache = new Map<string, Layer>();
  const out: LoadedImage[] = [];
  for (const item of manifest) {
    const configJson = read(item.Config).toString('utf8');
    const config = JSON.parse(configJson) as ImageConfigBlob;
    const layers: Layer[] = [];
    for (const path of item.Layers ?? []) {
      let layer = layerCache.get(path);
      if (!layer) {
        layer = await layerFromTar(Readable.from([read(path)]));
        layerCache.set(path, layer);
      }
      layers.push(layer);
    }
    out.push({ configJson, config, layers, repoTags: item.RepoTags ?? [] });
  }
  return out;
}
