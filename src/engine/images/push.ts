/**
 * Pushing to a simulated registry: dockerd's progress stream, credentials checked in
 * the stream (as dockerd does, after "The push refers to repository"), and the
 * registry's catalogue gains the image so a later pull finds it.
 */
import type { Engine } from '../engine.js';
import { systemError, unauthorized } from '../errors.js';
import type { Credentials } from '../registries.js';
import { pushedCatalogImage } from './catalog.js';
import type { LocalImage } from './image-store.js';
import { progressBar, type ProgressOutput } from './progress.js';
import { parseReference, type RepositoryName } from './reference.js';

export interface PushJob {
  run(out: ProgressOutput, signal?: AbortSignal): Promise<void>;
}

export class Pusher {
  constructor(private readonly engine: Engine) {}

  prepare(name: string, tag: string, creds: Credentials | undefined): PushJob {
    return {
      run: async (out, signal) => {
        let repo: RepositoryName;
        try {
          repo = parseReference(name.replace(/:[^:/@]+$/, '')).name;
        } catch (err) {
          throw systemError((err as Error).message);
        }
        const refTag = tag || (/:[^:/@]+$/.test(name) ? name.slice(name.lastIndexOf(':') + 1) : '');
        out.write({ status: `The push refers to repository [${repo.fullName}]` });
        const tagged = this.engine.images.list().flatMap((img) =>
          img.repoTags.filter((t) => t.startsWith(repo.familiarName + ':') && (!refTag || t === `${repo.familiarName}:${refTag}`)).map((t) => ({ img, tag: t.slice(repo.familiarName.length + 1) })),
        );
        if (tagged.length === 0) {
          if (refTag) throw systemError(`tag does not exist: ${repo.familiarName}:${refTag}`);
          throw systemError(`An image does not exist locally with the tag: ${repo.familiarName}`);
        }
        this.checkAccess(repo, creds);
        for (const { img, tag: t } of tagged.sort((a, b) => a.tag.localeCompare(b.tag))) await this.pushOne(repo, t, img, out, signal);
      },
    };
  }

  private checkAccess(repo: RepositoryName, creds: Credentials | undefined): void {
    const host = repo.registry;
    const registry = this.engine.registries.find(host);
    const endpoint = host === 'docker.io' ? 'https://registry-1.docker.io/v2/' : `https://${host}/v2/`;
    if (!registry) throw systemError(`Get "${endpoint}": dial tcp: lookup ${host}: no such host`);
    if (registry.down) throw systemError(`Get "${endpoint}": dial tcp: connect: connection refused`);
    if (!registry.users?.length && !registry.requireAuth) return; // an open registry (localhost:5000 style)
    const valid = creds?.identitytoken
      ? this.engine.registries.authorizes(host, creds)
      : !!registry.users?.some((u) => u.username === creds?.username && u.password === creds?.password);
    if (valid) return;
    if (host === 'docker.io') throw unauthorized('denied: requested access to the resource is denied');
    throw unauthorized('unauthorized: authentication required');
  }

  private async pushOne(repo: RepositoryName, tag: string, img: LocalImage, out: ProgressOutput, signal?: AbortSignal): Promise<void> {
    const registry = this.engine.registries.find(repo.registry);
    const step = () => this.engine.clock.sleep(registry?.stepMs ?? 1, signal);
    const known = new Set(this.engine.catalog.filter((c) => c.registry === repo.registry).flatMap((c) => c.layers.map((l) => l.diffId)));
    const layers = [...img.layers].reverse();
    for (const l of layers) out.write({ status: 'Preparing', progressDetail: {}, id: l.diffId.slice(7, 19) });
    for (const l of layers) {
      const id = l.diffId.slice(7, 19);
      await step();
      if (known.has(l.diffId)) {
        out.write({ status: 'Layer already exists', progressDetail: {}, id });
        continue;
      }
      const total = l.tarSize;
      out.write({ status: 'Pushing', progressDetail: { current: Math.round(total / 2), total }, progress: progressBar(Math.round(total / 2), total), id });
      await step();
      out.write({ status: 'Pushed', progressDetail: {}, id });
    }
    const entry = pushedCatalogImage(repo, tag, {
      configJson: this.engine.imageService.configJsonOf(img),
      created: img.config.created,
      layers: img.layers,
      size: img.size,
      behaviour: img.behaviour,
    });
    this.engine.addToCatalog(entry);
    const size = Buffer.byteLength(entry.manifestJson);
    const digestRef = `${repo.familiarName}@${entry.manifestDigest}`;
    if (!img.repoDigests.includes(digestRef)) img.repoDigests.push(digestRef);
    out.write({ status: `${tag}: digest: ${entry.manifestDigest} size: ${size}` });
    out.write({ progressDetail: {}, aux: { Tag: tag, Digest: entry.manifestDigest, Size: size } });
    this.engine.imageService.publish('push', `${repo.familiarName}:${tag}`, repo.familiarName, img);
  }
}
