/**
 * New images made here: `docker commit` (a container's upper layer + config changes),
 * `docker import` (a tar as the only layer) and each step of a classic build. They
 * share one constructor, so IDs are always the sha256 of the exact config bytes.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Engine } from '../engine.js';
import type { Container } from '../containers/container.js';
import { commitLayer } from '../fs/tar/export.js';
import { layerFromTar, ArchiveError } from '../fs/tar/extract.js';
import type { Layer } from '../fs/layer.js';
import { notFound, systemError } from '../errors.js';
import { applyConfigInstruction, parseChanges } from '../build/config-instructions.js';
import { canonicalConfigJson, orderContainerConfig, type HistoryEntry, type ImageConfigBlob } from './image-config.js';
import type { LocalImage } from './image-store.js';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DOCKER_VERSION = '28.2.2';

export interface DeriveOptions {
  parent?: LocalImage;
  /** A new layer on top of the parent's (undefined: a config-only step). */
  layer?: Layer;
  config: Config;
  history: HistoryEntry;
  comment?: string;
  author?: string;
  container?: string;
  containerConfig?: Config;
  /** Keep the parent link (commit, build) or not (import). */
  linkParent?: boolean;
  architecture?: string;
  os?: string;
}

/** Build the config blob, store the image (untagged) and return it. */
export function deriveImage(engine: Engine, opts: DeriveOptions): LocalImage {
  const parent = opts.parent;
  const layers = [...(parent?.layers ?? []), ...(opts.layer ? [opts.layer] : [])];
  const created = opts.history.created ?? isoNow(engine);
  const blob: ImageConfigBlob = {
    architecture: opts.architecture ?? parent?.config.architecture ?? 'amd64',
    config: orderContainerConfig(cleanConfig(opts.config)),
    created,
    history: [...(parent?.config.history ?? []), { ...opts.history, created, empty_layer: opts.layer ? undefined : true }],
    os: opts.os ?? parent?.config.os ?? 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    variant: parent?.config.variant,
    parent: opts.linkParent !== false ? parent?.id : undefined,
    comment: opts.comment || undefined,
    author: opts.author || undefined,
    container: opts.container,
    container_config: opts.containerConfig,
    docker_version: opts.container ? DOCKER_VERSION : undefined,
  };
  const configJson = canonicalConfigJson(blob);
  const id = `sha256:${createHash('sha256').update(configJson).digest('hex')}`;
  const existing = engine.images.find(id);
  if (existing) return existing;
  return engine.images.add({
    id,
    config: JSON.parse(configJson) as ImageConfigBlob,
    configJson,
    layers,
    repoTags: [],
    repoDigests: [],
    size: (parent?.size ?? 0) + (opts.layer?.contentSize ?? 0),
    behaviour: undefined,
    node: engine.cluster.local.id,
    parent: blob.parent,
  });
}

export function isoNow(engine: Engine): string {
  const nanos = engine.clock.nowNanos();
  const ms = Number(nanos / 1_000_000n);
  const frac = String(nanos % 1_000_000_000n).padStart(9, '0');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${frac}Z`);
}

function cleanConfig(config: Config): Config {
  const out: Config = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[k] = v;
  return out;
}

export interface CommitRequest {
  container: string;
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  changes: string[];
  /** The request body: a container.Config whose set fields win. */
  config: Config;
}

/** POST /commit: returns the new image ID. */
export function commitContainer(engine: Engine, req: CommitRequest): string {
  const container = engine.containers.find(req.container);
  if (!container) throw notFound(`No such container: ${req.container}`);
  const target = req.repo ? engine.imageService.targetReference(req.repo, req.tag ?? '') : undefined;
  const changes = parseChanges(req.changes);
  const config = mergeCommitConfig({ ...req.config }, container);
  for (const ins of changes) applyConfigInstruction(config, ins);
  const parent = engine.images.find(container.imageId);
  const image = deriveImage(engine, {
    parent,
    layer: commitLayer(container.fs),
    config,
    history: { author: req.author || undefined, created_by: container.argv.join(' '), comment: req.comment || undefined },
    comment: req.comment,
    author: req.author,
    container: container.id,
    containerConfig: container.config,
  });
  engine.runtime.publish(container, 'commit', { comment: req.comment ?? '', imageID: image.id, imageRef: target ?? '' });
  if (target) tagImage(engine, image, target);
  return image.id;
}

/** dockerd's merge(userConf, containerConf) for commit: unset user fields come from the container. */
function mergeCommitConfig(user: Config, container: Container): Config {
  const c = container.config;
  const out: Config = {};
  out.User = user.User || c.User || '';
  out.ExposedPorts = { ...(c.ExposedPorts ?? {}), ...(user.ExposedPorts ?? {}) };
  if (!Object.keys(out.ExposedPorts).length) delete out.ExposedPorts;
  const env = [...(user.Env ?? [])];
  for (const e of c.Env ?? []) if (!env.some((u: string) => u.split('=')[0] === e.split('=')[0])) env.push(e);
  out.Env = env.length ? env : null;
  out.Cmd = user.Cmd?.length ? user.Cmd : !user.Entrypoint?.length ? c.Cmd ?? null : null;
  if (user.Healthcheck || c.Healthcheck) out.Healthcheck = user.Healthcheck ?? c.Healthcheck;
  out.Volumes = user.Volumes ?? c.Volumes ?? null;
  out.WorkingDir = user.WorkingDir || c.WorkingDir || '';
  out.Entrypoint = user.Entrypoint?.length ? user.Entrypoint : !user.Cmd?.length ? c.Entrypoint ?? null : null;
  out.OnBuild = user.OnBuild ?? c.OnBuild ?? null;
  out.Labels = { ...(c.Labels ?? {}), ...(user.Labels ?? {}) };
  if (user.StopSignal || c.StopSignal) out.StopSignal = user.StopSignal || c.StopSignal;
  if (user.Shell || c.Shell) out.Shell = user.Shell ?? c.Shell;
  return out;
}

export function tagImage(engine: Engine, image: LocalImage, ref: string): void {
  engine.images.tag(image, ref);
  image.lastTagTime = engine.clock.now();
  engine.imageService.publish('tag', image.id, ref, image);
}

export interface ImportRequest {
  source: string;
  body: Readable;
  repo: string;
  tag: string;
  message: string;
  changes: string[];
  platform?: string;
}

/** POST /images/create?fromSrc=-: the body tar becomes a one-layer image. */
export async function importImage(engine: Engine, req: ImportRequest): Promise<LocalImage> {
  if (req.source !== '-') {
    const host = /^https?:\/\/([^/]+)/.exec(req.source)?.[1] ?? req.source;
    throw systemError(`Get "${req.source}": dial tcp: lookup ${host}: no such host`);
  }
  const target = req.repo ? engine.imageService.targetReference(req.repo, req.tag) : undefined;
  const changes = parseChanges(req.changes);
  let layer: Layer;
  try {
    layer = await layerFromTar(req.body);
  } catch (err) {
    if (err instanceof ArchiveError) throw systemError('ApplyLayer exit status 1 stdout:  stderr: archive/tar: invalid tar header');
    throw err;
  }
  const config: Config = {};
  for (const ins of changes) applyConfigInstruction(config, ins);
  const [os, arch] = (req.platform ?? 'linux/amd64').split('/');
  const image = deriveImage(engine, {
    layer,
    config,
    history: { created_by: '', comment: req.message || 'Imported from -' },
    comment: req.message || 'Imported from -',
    linkParent: false,
    os,
    architecture: arch ?? 'amd64',
  });
  engine.imageService.publish('import', image.id, image.id, image);
  if (target) tagImage(engine, image, target);
  return image;
}
