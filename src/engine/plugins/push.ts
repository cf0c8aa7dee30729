/**
 * `docker plugin push`: dockerd's push stream for a plugin (config and rootfs blobs),
 * credentials checked against the simulated registry; the registry's catalogue gains
 * the plugin so a later `docker plugin install` of it works.
 */
import type { Engine } from '../engine.js';
import { systemError, unauthorized } from '../errors.js';
import type { Credentials } from '../registries.js';
import { findInCatalog, pushedCatalogImage } from '../images/catalog.js';
import { layerFromFiles } from '../images/fixture-files.js';
import { progressBar, type ProgressOutput } from '../images/progress.js';
import { parseReference } from '../images/reference.js';
import type { Plugin } from './plugin.js';

export async function pushPlugin(engine: Engine, p: Plugin, creds: Credentials | undefined, out: ProgressOutput, signal?: AbortSignal): Promise<void> {
  const ref = parseReference(p.name);
  const tag = ref.tag ?? 'latest';
  const registry = engine.registries.find(ref.name.registry);
  if (!registry) throw systemError(`dial tcp: lookup ${ref.name.registry}: no such host`);
  if (registry.down) throw systemError(`dial tcp: connect: connection refused`);
  const step = () => engine.clock.sleep(registry.stepMs ?? 1, signal);
  const source = findInCatalog(engine.catalog, p.reference.replace(/^docker\.io\//, ''));
  const layers = source?.layers.length ? [...source.layers] : [layerFromFiles({}, 0, `plugin:${p.id}`)];
  for (const l of layers) out.write({ status: 'Preparing', progressDetail: {}, id: l.diffId.slice(7, 19) });
  out.write({ status: `The push refers to repository [${ref.name.fullName}]` });
  const usable = creds && (creds.username || creds.identitytoken || creds.registrytoken) ? creds : undefined;
  if (!usable || !engine.registries.authorizes(registry.host, usable)) {
    if (ref.name.registry === 'docker.io') throw unauthorized('denied: requested access to the resource is denied');
    if (registry.requireAuth || !usable) throw unauthorized('unauthorized: authentication required');
  }
  for (const l of layers) {
    const id = l.diffId.slice(7, 19);
    await step();
    out.write({ status: 'Pushing', progressDetail: { current: l.tarSize, total: l.tarSize }, progress: progressBar(l.tarSize, l.tarSize), id });
    out.write({ status: 'Pushed', progressDetail: {}, id });
  }
  const { rootfs: _rootfs, ...config } = p.config;
  const entry = pushedCatalogImage(ref.name, tag, {
    configJson: JSON.stringify({ ...config, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }),
    created: new Date(engine.clock.now()).toISOString(),
    layers,
    size: layers.reduce((n, l) => n + l.tarSize, 0),
    plugin: config as unknown as Record<string, unknown>,
  });
  engine.addToCatalog(entry);
  const size = Buffer.byteLength(entry.manifestJson);
  out.write({ status: `${tag}: digest: ${entry.manifestDigest} size: ${size}` });
  out.write({ progressDetail: {}, aux: { Tag: tag, Digest: entry.manifestDigest, Size: size } });
  engine.events.publish({ type: 'plugin', action: 'push', id: p.id, attributes: { name: p.name } });
}
