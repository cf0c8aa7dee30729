/**
 * The image backend (moby's ImageService): list, tag, remove, prune, history,
 * with dockerd's rules and texts and its image events. No HTTP here.
 */
import type { Readable } from 'node:stream';
import type { Engine } from '../engine.js';
import type { Credentials } from '../registries.js';
import { commitContainer, importImage, tagImage, type CommitRequest, type ImportRequest } from './commit.js';
import { loadArchive, saveArchive, type SaveItem } from './docker-archive.js';
import { Puller, type PullJob } from './pull.js';
import { Pusher, type PushJob } from './push.js';
import { searchCatalog } from './search.js';
import { BuildCache } from '../build/builder.js';
import { MANIFEST_MEDIA_TYPE } from './catalog.js';
import { conflict, invalidParameter, notFound, notImplemented, systemError } from '../errors.js';
import type { Filters } from '../filters.js';
import { displayRef, type LocalImage } from './image-store.js';
import { familiarString, parseReference, ReferenceError, TAG_RE, withDefaultTag } from './reference.js';
import { createHash } from 'node:crypto';
import { canonicalConfigJson } from './image-config.js';
import { createdSeconds, historyView, imageLabels, summaryView } from './views.js';

export type DeleteRecord = { Untagged: string } | { Deleted: string };

export interface ListOptions {
  all?: boolean;
  sharedSize?: boolean;
  filters: Filters;
}

const LIST_FILTERS = ['before', 'dangling', 'label', 'label!', 'reference', 'since', 'until'];
const PRUNE_FILTERS = ['dangling', 'label', 'label!', 'until'];

export class ImageService {
  /** The classic builder's step cache (POST /build/prune empties it). */
  readonly buildCache = new BuildCache();
  private pullerInstance?: Puller;
  private pusherInstance?: Pusher;

  constructor(private readonly engine: Engine) {}

  get puller(): Puller {
    return (this.pullerInstance ??= new Puller(this.engine));
  }

  /** POST /images/create?fromImage=: checks now (HTTP errors), the stream later. */
  preparePull(fromImage: string, tag: string, platform: string | undefined, creds: Credentials | undefined): PullJob {
    return this.puller.prepare(fromImage, tag, platform, creds);
  }

  preparePush(name: string, tag: string, creds: Credentials | undefined): PushJob {
    return (this.pusherInstance ??= new Pusher(this.engine)).prepare(name, tag, creds);
  }

  /** GET /distribution/{name}/json: the same checks as a pull, then the manifest's descriptor. */
  distributionInspect(name: string, creds: Credentials | undefined) {
    const entry = this.puller.resolveForInspect(name, creds);
    return {
      Descriptor: { mediaType: MANIFEST_MEDIA_TYPE, digest: entry.manifestDigest, size: Buffer.byteLength(entry.manifestJson) },
      Platforms: [{ architecture: entry.config.architecture, os: entry.config.os }],
    };
  }

  search(term: string, opts: { limit?: number; filters: Filters }) {
    return searchCatalog(this.engine.catalog, term, opts);
  }

  commit(req: CommitRequest): string {
    return commitContainer(this.engine, req);
  }

  async importTar(req: ImportRequest): Promise<string> {
    return (await importImage(this.engine, req)).id;
  }

  /** The exact config bytes of an image (kept when known, else canonical). */
  configJsonOf(img: LocalImage): string {
    return (img.configJson ??= canonicalConfigJson(img.config));
  }

  /** GET /images/get: 404 before the stream for any unknown name. */
  save(names: string[]): Readable {
    const items: SaveItem[] = [];
    for (const name of names) {
      const img = this.store.find(name);
      if (!img) throw notFound(`No such image: ${name}`);
      const byId = isIdPrefix(img.id, name);
      const tags = byId ? [] : [familiarString(withDefaultTag(safeParse(name)))].filter((t) => img.repoTags.includes(t));
      const same = items.find((i) => i.image === img);
      if (same) same.tags.push(...tags.filter((t) => !same.tags.includes(t)));
      else items.push({ image: img, configJson: this.configJsonOf(img), tags: byId ? [] : tags.length ? tags : sortedTagsOf(img) });
    }
    for (const { image } of items) this.publish('save', image.id, image.id, image);
    return saveArchive(items);
  }

  /** POST /images/load: the lines dockerd streams ("Loaded image: busybox:latest"). */
  async load(tar: Readable): Promise<string[]> {
    const loaded = await loadArchive(tar, `docker-import-${this.engine.random.int(1e9)}`);
    const lines: string[] = [];
    for (const item of loaded) {
      const id = `sha256:${createHash('sha256').update(item.configJson).digest('hex')}`;
      const img = this.store.find(id) ?? this.store.add({
        id, config: item.config, configJson: item.configJson, layers: item.layers, repoTags: [], repoDigests: [],
        size: item.layers.reduce((n, l) => n + l.contentSize, 0), node: this.engine.cluster.local.id, parent: undefined,
      });
      this.publish('load', img.id, img.id, img);
      if (!item.repoTags.length) lines.push(`Loaded image ID: ${img.id}`);
      for (const tag of item.repoTags) {
        const ref = familiarString(withDefaultTag(safeParse(tag)));
        const previous = this.store.find(ref);
        if (previous && previous.id !== img.id) lines.push(`The image ${ref} already exists, renaming the old one with ID ${previous.id} to empty string`);
        tagImage(this.engine, img, ref);
        lines.push(`Loaded image: ${ref}`);
      }
    }
    return lines;
  }

  get store() {
    return this.engine.images;
  }

  /** Resolve a reference the way inspect does (dockerd's doubled 404 text). */
  inspectTarget(ref: string): LocalImage {
    const img = this.store.find(ref);
    if (img) return img;
    safeParse(ref);
    throw notFound(`No such image: ${displayRef(ref)}`);
  }

  /** Resolve or 404 "No such image: alpine:latest". */
  get(ref: string): LocalImage {
    const img = this.store.find(ref);
    if (img) return img;
    throw notFound(`No such image: ${displayRef(ref)}`);
  }

  containersUsing(id: string) {
    return this.engine.containers.list().filter((c) => c.imageId === id);
  }

  list(opts: ListOptions): Record<string, unknown>[] {
    const { filters } = opts;
    filters.validate(LIST_FILTERS);
    const dangling = filters.bool('dangling');
    const before = filters.get('before').map((r) => this.get(r));
    const since = filters.get('since').map((r) => this.get(r));
    const until = filters.get('until').map((u) => parseUntil(u, this.engine.clock.now()));
    const references = filters.get('reference');
    const layerRefs = opts.sharedSize ? this.layerReferenceCounts() : undefined;
    const out: { created: number; view: Record<string, unknown> }[] = [];
    for (const img of this.store.list()) {
      const created = Date.parse(img.config.created) || 0;
      if (before.some((b) => created >= (Date.parse(b.config.created) || 0))) continue;
      if (since.some((s) => created <= (Date.parse(s.config.created) || 0))) continue;
      if (until.some((u) => created > u)) continue;
      if (!filters.labels('label', imageLabels(img) ?? {})) continue;
      if (filters.has('label!') && !filters.labels('label!', imageLabels(img) ?? {})) continue;
      const untagged = img.repoTags.length === 0 && img.repoDigests.length === 0;
      if (dangling === true && img.repoTags.length > 0) continue;
      let view = summaryView(img, { containers: this.containersUsing(img.id).length, sharedSize: layerRefs ? this.sharedSize(img, layerRefs) : -1 });
      if (references.length) {
        const tags = img.repoTags.filter((t) => references.some((p) => referenceMatches(p, t)));
        const digests = img.repoDigests.filter((d) => references.some((p) => referenceMatches(p, d)));
        if (!tags.length && !digests.length) continue;
        view = { ...view, RepoTags: tags.sort(), RepoDigests: digests.sort() };
      }
      if (untagged) {
        if (!opts.all && this.store.children(img.id).length > 0) continue;
        if (dangling === false) continue;
      }
      out.push({ created, view });
    }
    return out.sort((a, b) => b.created - a.created).map((x) => x.view);
  }

  history(ref: string) {
    return historyView(this.get(ref), this.store);
  }

  /**
   * GET /images/{name}/attestations. mockerd is a graphdriver (overlay2) daemon,
   * whose legacy image store keeps no OCI indexes and so no attestation
   * manifests: dockerd answers 501 for any name (moby daemon/images/image_attestations.go).
   */
  attestations(_ref: string): never {
    throw notImplemented('the legacy image store does not support attestations');
  }

  /** POST /images/{name}/tag */
  tag(source: string, repo: string | undefined, tag: string | undefined): void {
    const img = this.get(source);
    const target = this.targetReference(repo ?? '', tag ?? '');
    this.store.tag(img, target);
    img.lastTagTime = this.engine.clock.now();
    this.publish('tag', img.id, target, img);
  }

  /** dockerd's checks for a new tag (`repo` + `tag` query parameters); returns "name:tag". */
  targetReference(repo: string, tag: string): string {
    if (/^[a-f0-9]{64}$/.test(repo)) throw systemError(`invalid repository name (${repo}), cannot specify 64-byte hexadecimal strings`);
    let ref;
    try {
      ref = parseReference(repo);
    } catch (err) {
      throw systemError((err as Error).message);
    }
    if (ref.digest) throw invalidParameter('refusing to create a tag with a digest reference');
    if (tag) {
      if (!TAG_RE.test(tag)) throw systemError('invalid tag format');
      ref = { ...ref, tag };
    }
    if (ref.name.path === 'library/sha256' || repo === 'sha256') throw invalidParameter('refusing to create an ambiguous tag using digest algorithm as name');
    return familiarString(withDefaultTag(ref));
  }

  /** DELETE /images/{name}: dockerd's untag-or-delete rules and 409s. */
  remove(ref: string, opts: { force?: boolean; noprune?: boolean } = {}): DeleteRecord[] {
    const img = this.get(ref);
    const records: DeleteRecord[] = [];
    const force = !!opts.force;
    const byId = isIdPrefix(img.id, ref);
    let quiet = false;
    if (!byId) {
      const named = familiarString(withDefaultTag(safeParse(ref)));
      const user = this.containersUsing(img.id)[0];
      if (!force && user && isSingleReference(img)) {
        throw conflict(`conflict: unable to remove repository reference "${named}" (must force) - container ${user.shortId} is using its referenced image ${img.id.slice(7, 19)}`);
      }
      this.untag(img, named, records);
      // The last tag of a repository also takes that repository's digests with it.
      const repo = named.replace(/:[^:/@]+$/, '');
      if (!img.repoTags.some((t) => t.startsWith(repo + ':'))) {
        for (const d of img.repoDigests.filter((d) => d.startsWith(repo + '@'))) this.untag(img, d, records);
      }
      if (img.repoTags.length + img.repoDigests.length > 0) return records;
      quiet = true;
    } else {
      const refs = [...img.repoTags, ...img.repoDigests];
      const repos = new Set(refs.map((r) => r.replace(/[:@][^:/]*$/, '')));
      if (!force && repos.size > 1) {
        throw conflict(`conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
      }
      this.checkConflict(img, force, false);
      for (const r of refs) this.untag(img, r, records);
    }
    this.deleteImage(img, force, !opts.noprune, quiet, records);
    return records;
  }

  /** POST /images/prune */
  prune(filters: Filters): { ImagesDeleted: DeleteRecord[] | null; SpaceReclaimed: number } {
    filters.validate(PRUNE_FILTERS);
    const danglingOnly = filters.bool('dangling') ?? true;
    const until = filters.get('until').map((u) => parseUntil(u, this.engine.clock.now()));
    const records: DeleteRecord[] = [];
    let reclaimed = 0;
    const candidates = this.store.list().filter((img) => {
      if (danglingOnly && img.repoTags.length > 0) return false;
      if (this.containersUsing(img.id).length) return false;
      if (until.some((u) => (Date.parse(img.config.created) || 0) > u)) return false;
      if (!filters.labels('label', imageLabels(img) ?? {})) return false;
      if (filters.has('label!') && !filters.labels('label!', imageLabels(img) ?? {})) return false;
      return true;
    });
    for (const img of candidates) {
      if (!this.store.find(img.id)) continue;
      if (this.store.children(img.id).length) continue;
      const size = this.layerSizeOf(img);
      try {
        for (const r of [...img.repoTags, ...img.repoDigests]) this.untag(img, r, records);
        this.deleteImage(img, false, true, true, records);
        reclaimed += size;
      } catch {
        /* an image another prune step still needs */
      }
    }
    this.engine.events.publish({ type: 'image', action: 'prune', id: '', attributes: { reclaimed: String(reclaimed) } });
    return { ImagesDeleted: records.length ? records : null, SpaceReclaimed: reclaimed };
  }

  /** Publish an image event the way dockerd's LogImageEvent does. */
  publish(action: string, id: string, name: string, img?: LocalImage): void {
    const labels = (img && imageLabels(img)) || {};
    this.engine.events.publish({ type: 'image', action, id, attributes: { ...labels, name } });
  }

  private untag(img: LocalImage, ref: string, records: DeleteRecord[]): void {
    if (!this.store.untag(ref)) return;
    records.push({ Untagged: ref });
    this.publish('untag', img.id, img.id, img);
  }

  /** Hard conflicts (running container, child images) and, unless forced, soft ones. */
  private checkConflict(img: LocalImage, force: boolean, quietCheck: boolean): string | undefined {
    const short = img.id.slice(7, 19);
    const users = this.containersUsing(img.id);
    const running = users.find((c) => c.running);
    if (running) {
      const msg = `conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${running.shortId}`;
      if (quietCheck) return msg;
      throw conflict(msg);
    }
    if (this.store.children(img.id).length) {
      const msg = `conflict: unable to delete ${short} (cannot be forced) - image has dependent child images`;
      if (quietCheck) return msg;
      throw conflict(msg);
    }
    if (!force && users.length) {
      const msg = `conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${users[0]!.shortId}`;
      if (quietCheck) return msg;
      throw conflict(msg);
    }
    return undefined;
  }

  private deleteImage(img: LocalImage, force: boolean, prune: boolean, quiet: boolean, records: DeleteRecord[]): void {
    const problem = this.checkConflict(img, force, true);
    if (problem) {
      if (quiet) return;
      throw conflict(problem);
    }
    if (img.repoTags.length || img.repoDigests.length) return;
    this.store.remove(img.id);
    records.push({ Deleted: img.id });
    this.publish('delete', img.id, img.id, img);
    if (!prune || !img.parent) return;
    const parent = this.store.find(img.parent);
    if (parent && !parent.repoTags.length && !parent.repoDigests.length && !this.store.children(parent.id).length) {
      this.deleteImage(parent, false, true, true, records);
    }
  }

  private layerReferenceCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const img of this.store.list()) for (const l of img.layers) counts.set(l.diffId, (counts.get(l.diffId) ?? 0) + 1);
    return counts;
  }

  private sharedSize(img: LocalImage, counts: Map<string, number>): number {
    let shared = 0;
    for (const l of img.layers) if ((counts.get(l.diffId) ?? 0) > 1) shared += l.contentSize;
    return shared;
  }

  /** Bytes an image's own layers take (what prune reports). */
  private layerSizeOf(img: LocalImage): number {
    const parent = img.parent ? this.store.find(img.parent) : undefined;
    return Math.max(0, img.size - (parent?.size ?? 0));
  }
}

const sortedTagsOf = (img: LocalImage) => [...img.repoTags].sort();

function safeParse(ref: string) {
  try {
    return parseReference(ref);
  } catch (err) {
    if (err instanceof ReferenceError) throw invalidParameter(err.message);
    throw err;
  }
}

/** All references in one repository, with at most one tag (dockerd's isSingleReference). */
function isSingleReference(img: LocalImage): boolean {
  const repos = new Set([...img.repoTags, ...img.repoDigests].map((r) => r.split('@')[0]!.replace(/:[^:/]*$/, '')));
  return repos.size <= 1 && img.repoTags.length <= 1;
}

function isIdPrefix(id: string, ref: string): boolean {
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  return /^[0-9a-f]+$/.test(hex) && id.slice(7).startsWith(hex);
}

/** docker's reference filter: a glob against the familiar name (and name:tag). */
function referenceMatches(pattern: string, ref: string): boolean {
  const re = globToRegExp(pattern);
  const name = ref.split('@')[0]!.replace(/:[^:/]*$/, '');
  return re.test(ref) || re.test(name);
}

function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

/** `until` as a Unix timestamp, RFC 3339 date or Go duration ago; ms since the epoch. */
export function parseUntil(value: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const dur = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (dur) {
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[dur[2] as 'h'];
    return now - Number(dur[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`failed to parse value as time or duration: "${value}"`);
  return t;
}

export { createdSeconds };
