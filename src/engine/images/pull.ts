/**
 * Pulling from the simulated registries: the checks dockerd makes before it writes
 * anything (reference, platform, registry reachable, credentials, manifest exists),
 * then the progress stream, paced by the engine clock, that ends with the image here.
 */
import type { Engine } from '../engine.js';
import { invalidParameter, notFound, systemError } from '../errors.js';
import type { Credentials, RegistryConfig } from '../registries.js';
import type { CatalogImage } from './catalog.js';
import type { LocalImage } from './image-store.js';
import { progressBar, type ProgressOutput } from './progress.js';
import { familiarString, parseReference, ReferenceError, type ImageReference } from './reference.js';

const OS_NAMES = ['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'js', 'wasip1'];
const ARCH_NAMES = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'ppc64', 'mips', 'mipsle', 'mips64', 'loong64', 'wasm', 'x86_64', 'aarch64', 'armhf', 'armel', 'i386'];

/** A pull whose checks passed; run() streams the progress and stores the image. */
export interface PullJob {
  readonly reference: string;
  run(out: ProgressOutput, signal?: AbortSignal): Promise<LocalImage | undefined>;
}

/** dockerd's platform check: "os[/arch[/variant]]" with known names. */
export function checkPlatform(platform: string | undefined): { os: string; architecture?: string } | undefined {
  if (!platform) return undefined;
  const [os, arch] = platform.toLowerCase().split('/');
  if (!OS_NAMES.includes(os!) && !(arch === undefined && ARCH_NAMES.includes(os!))) {
    throw invalidParameter(`"${platform}": unknown operating system or architecture: invalid argument`);
  }
  if (arch !== undefined && !ARCH_NAMES.includes(arch)) {
    throw invalidParameter(`"${platform}": unknown operating system or architecture: invalid argument`);
  }
  const normArch = arch === 'x86_64' ? 'amd64' : arch === 'aarch64' ? 'arm64' : arch;
  return ARCH_NAMES.includes(os!) && arch === undefined ? { os: 'linux', architecture: os } : { os: os!, architecture: normArch };
}

export function parsePullReference(fromImage: string, tag: string): ImageReference {
  if (!fromImage) throw systemError('Get "http:": http: no Host in request URL');
  let ref: ImageReference;
  try {
    ref = parseReference(fromImage);
    if (tag) {
      if (/^[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,}$/.test(tag)) ref = { ...ref, tag: undefined, digest: tag };
      else ref = parseReference(`${fromImage.replace(/:[^:/@]+$/, '')}:${tag}`);
    }
  } catch (err) {
    if (err instanceof ReferenceError) throw invalidParameter(err.message);
    throw err;
  }
  return ref;
}

export class Puller {
  private readonly pullCounts = new Map<string, number>();

  constructor(private readonly engine: Engine) {}

  /** Every check that answers with an HTTP error before the stream starts. */
  prepare(fromImage: string, tag: string, platform: string | undefined, creds: Credentials | undefined): PullJob {
    const wanted = checkPlatform(platform);
    const ref = parsePullReference(fromImage, tag);
    const registry = this.reachableRegistry(ref);
    this.checkAccess(ref, registry, creds);
    this.checkRateLimit(registry);
    const entries = this.catalogEntries(ref);
    for (const entry of entries) checkEntryPlatform(entry, wanted, ref);
    return {
      reference: familiarString(ref),
      run: async (out, signal) => {
        let last: LocalImage | undefined;
        for (const entry of entries) last = await this.stream(ref, entry, registry, out, signal);
        return last;
      },
    };
  }

  /** The catalogue image a reference names, after the pull checks (distribution inspect). */
  resolveForInspect(name: string, creds: Credentials | undefined): CatalogImage {
    const ref = parsePullReference(name, '');
    const registry = this.reachableRegistry(ref);
    this.checkAccess(ref, registry, creds);
    return this.catalogEntries(ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' })[0]!;
  }

  private reachableRegistry(ref: ImageReference): RegistryConfig {
    const host = ref.name.registry;
    const endpoint = endpointOf(host);
    const registry = this.engine.registries.find(host);
    if (!registry) throw systemError(`Get "${endpoint}": dial tcp: lookup ${host}: no such host`);
    if (registry.down) throw systemError(`Get "${endpoint}": dial tcp: connect: connection refused`);
    return registry;
  }

  private checkAccess(ref: ImageReference, registry: RegistryConfig, creds: Credentials | undefined): void {
    const usable = creds && (creds.username || creds.identitytoken || creds.registrytoken) ? creds : undefined;
    if (this.engine.registries.authorizes(registry.host, usable)) return;
    if (usable && !registry.requireAuth) return;
    if (ref.name.registry === 'docker.io') throw accessDenied(ref);
    const what = ref.digest ?? ref.tag ?? 'latest';
    throw systemError(`Head "https://${ref.name.registry}/v2/${ref.name.path}/manifests/${what}": unauthorized: authentication required`);
  }

  private checkRateLimit(registry: RegistryConfig): void {
    if (registry.pullLimit === undefined) return;
    const used = this.pullCounts.get(registry.host) ?? 0;
    if (used >= registry.pullLimit) {
      throw systemError('toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit');
    }
    this.pullCounts.set(registry.host, used + 1);
  }

  /** The catalogue images the reference names (all tags when neither tag nor digest). */
  private catalogEntries(ref: ImageReference): CatalogImage[] {
    const repo = this.engine.catalog.filter((c) => c.name.fullName === ref.name.fullName);
    if (!ref.tag && !ref.digest) {
      if (repo.length === 0) throw this.unknownRepository(ref);
      return repo;
    }
    const hit = ref.digest ? repo.find((c) => c.manifestDigest === ref.digest) : repo.find((c) => c.tag === ref.tag);
    if (hit) return [hit];
    if (repo.length === 0) throw this.unknownRepository(ref);
    if (ref.digest) throw notFound(`manifest for ${ref.name.familiarName}@${ref.digest} not found: manifest unknown: manifest unknown`);
    throw notFound(`manifest for ${ref.name.familiarName}:${ref.tag} not found: manifest unknown: manifest unknown`);
  }

  private unknownRepository(ref: ImageReference) {
    if (ref.name.registry === 'docker.io') return accessDenied(ref);
    const what = ref.digest ?? ref.tag ?? 'latest';
    return notFound(`manifest for ${ref.name.familiarName}${ref.digest ? '@' : ':'}${what} not found: manifest unknown: manifest unknown`);
  }

  private async stream(ref: ImageReference, entry: CatalogImage, registry: RegistryConfig, out: ProgressOutput, signal?: AbortSignal): Promise<LocalImage> {
    const { clock } = this.engine;
    const step = () => clock.sleep(registry.stepMs ?? 1, signal);
    const display = ref.digest ? `${ref.name.familiarName}@${ref.digest}` : `${ref.name.familiarName}:${entry.tag}`;
    const existing = this.engine.images.find(entry.id);
    out.write({ status: `Pulling from ${ref.name.path}`, id: ref.digest ?? entry.tag });
    const upToDate = existing && (ref.digest ? existing.repoDigests.includes(entry.repoDigest) : existing.repoTags.includes(`${entry.name.familiarName}:${entry.tag}`));
    if (!existing) {
      const present = new Set(this.engine.images.list().flatMap((i) => i.layers.map((l) => l.diffId)));
      const layers = entry.layers.map((l, i) => ({ id: l.diffId.slice(7, 19), present: present.has(l.diffId), size: downloadSize(entry, i) }));
      for (const l of layers) out.write(l.present ? { status: 'Already exists', progressDetail: {}, id: l.id } : { status: 'Pulling fs layer', progressDetail: {}, id: l.id });
      const broken = registry.brokenRepositories?.find((b) => b.repository === ref.name.path || b.repository === ref.name.familiarName);
      const todo = layers.filter((l) => !l.present);
      for (const [n, l] of todo.entries()) {
        for (const part of [0.25, 0.6, 1]) {
          await step();
          if (broken && n === todo.length - 1 && part === 0.6) throw systemError(broken.message ?? 'unexpected EOF');
          const current = Math.round(l.size * part);
          out.write({ status: 'Downloading', progressDetail: { current, total: l.size }, progress: progressBar(current, l.size), id: l.id });
        }
        out.write({ status: 'Verifying Checksum', progressDetail: {}, id: l.id });
        out.write({ status: 'Download complete', progressDetail: {}, id: l.id });
      }
      for (const l of todo) {
        await step();
        out.write({ status: 'Extracting', progressDetail: { current: l.size, total: l.size }, progress: progressBar(l.size, l.size), id: l.id });
        out.write({ status: 'Pull complete', progressDetail: {}, id: l.id });
      }
    }
    const image = this.engine.images.add({
      id: entry.id,
      config: entry.config,
      configJson: entry.configJson,
      layers: entry.layers,
      repoTags: ref.digest ? [] : [`${entry.name.familiarName}:${entry.tag}`],
      repoDigests: [entry.repoDigest],
      size: entry.size,
      behaviour: entry.behaviour,
      node: this.engine.cluster.local.id,
    });
    out.write({ status: `Digest: ${entry.manifestDigest}` });
    out.write({ status: upToDate ? `Status: Image is up to date for ${display}` : `Status: Downloaded newer image for ${display}` });
    this.engine.imageService.publish('pull', display, entry.name.familiarName, image);
    return image;
  }
}

function accessDenied(ref: ImageReference) {
  return notFound(`pull access denied for ${ref.name.familiarName}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
}

function endpointOf(host: string): string {
  return host === 'docker.io' ? 'https://registry-1.docker.io/v2/' : `https://${host}/v2/`;
}

/** The compressed size a registry would report: the Hub size spread over the layers by tar size. */
function downloadSize(entry: CatalogImage, index: number): number {
  const total = entry.layers.reduce((n, l) => n + l.tarSize, 0) || 1;
  return Math.max(1, Math.round((entry.size * 0.4 * entry.layers[index]!.tarSize) / total));
}

function checkEntryPlatform(entry: CatalogImage, wanted: { os: string; architecture?: string } | undefined, ref: ImageReference): void {
  if (!wanted) return;
  const cfg = entry.config;
  if (cfg.os !== wanted.os || (wanted.architecture && cfg.architecture !== wanted.architecture)) {
    const want = `${wanted.os}/${wanted.architecture ?? cfg.architecture}`;
    throw notFound(`no matching manifest for ${want} in the manifest list entries: no match for platform in manifest: not found`);
  }
  void ref;
}
