/**
 * The plugin manager: install from the simulated registries (privileges checked),
 * enable/disable, set, upgrade, push, create from a tar, remove; events as dockerd's
 * LogPluginEvent writes them (Actor.ID = plugin ID or reference, attribute name).
 */
import type { Engine } from '../engine.js';
import { conflict, invalidParameter, isEngineError, EngineError, notFound, systemError } from '../errors.js';
import type { Filters } from '../filters.js';
import type { Credentials } from '../registries.js';
import type { CatalogImage } from '../images/catalog.js';
import { progressBar, type ProgressOutput } from '../images/progress.js';
import { parseReference, ReferenceError, type ImageReference } from '../images/reference.js';
import { applySettings, computePrivileges, initialSettings, normalizeConfig, privilegesMatch, type Plugin, type PluginConfig, type Privilege } from './plugin.js';
import { pushPlugin } from './push.js';
import { readPluginTar } from './create-tar.js';

export const PLUGIN_FILTER_KEYS = ['enabled', 'capability'] as const;

export interface PluginJob {
  /** The local name the plugin gets (Docker-Plugin-Name header). */
  readonly name: string;
  run(out: ProgressOutput, signal?: AbortSignal): Promise<void>;
}

export class PluginService {
  private readonly plugins: Plugin[] = [];

  constructor(private readonly engine: Engine) {}

  list(filters: Filters): Plugin[] {
    filters.validate(PLUGIN_FILTER_KEYS);
    let enabled: boolean | undefined;
    for (const v of filters.get('enabled')) {
      if (v !== 'true' && v !== 'false') throw invalidParameter(`invalid filter 'enabled=${v}'`);
      enabled = v === 'true';
    }
    const caps = filters.get('capability').map((c) => c.toLowerCase());
    return this.plugins.filter((p) => (enabled === undefined || p.enabled === enabled) && (caps.length === 0 || capabilities(p).some((c) => caps.includes(c))));
  }

  /** By name (":latest" implied), full ID or unique ID prefix (dockerd's GetV2Plugin). */
  get(nameOrId: string): Plugin {
    const full = withLatest(nameOrId);
    const byName = this.plugins.find((p) => p.name === full || p.name === nameOrId);
    if (byName) return byName;
    if (/^[0-9a-f]+$/.test(nameOrId)) {
      const hits = this.plugins.filter((p) => p.id.startsWith(nameOrId));
      if (hits.length === 1) return hits[0]!;
      if (hits.length > 1) throw invalidParameter(`multiple plugins found for ${JSON.stringify(nameOrId)}`);
    }
    throw notFound(`plugin ${JSON.stringify(nameOrId)} not found`);
  }

  /** Enabled plugins implementing a capability ("volumedriver"), for /info and drivers. */
  enabledWith(capability: string): Plugin[] {
    return this.plugins.filter((p) => p.enabled && capabilities(p).includes(capability));
  }

  /** A volume driver name that an enabled volume plugin answers to. */
  volumeDriver(driver: string): Plugin | undefined {
    const p = this.plugins.find((x) => x.name === withLatest(driver) || x.name === driver);
    if (!p) return undefined;
    // dockerd names the plugin as it was asked for ("vieux/sshfs", not "vieux/sshfs:latest").
    if (!p.enabled) throw conflict(`plugin ${driver} found but disabled`);
    if (!capabilities(p).includes('volumedriver')) throw notFound(`plugin ${JSON.stringify(driver)} not found`);
    return p;
  }

  /** GET /plugins/privileges: a registry that cannot be reached gives [] (as dockerd does). */
  privileges(remote: string, creds: Credentials | undefined): Privilege[] {
    const ref = parseRemote(remote);
    let entry: CatalogImage;
    try {
      entry = this.engine.imageService.puller.resolveForInspect(refString(ref), creds);
    } catch {
      return [];
    }
    return computePrivileges(this.configOf(entry, ref));
  }

  /** POST /plugins/pull: the checks before the stream, then the stream installing it. */
  preparePull(remote: string, localName: string, creds: Credentials | undefined, granted: Privilege[]): PluginJob {
    const ref = parseRemote(remote);
    const name = localNameOf(ref, localName);
    if (this.plugins.some((p) => p.name === name)) throw invalidParameter(`plugin ${name} already exists`);
    const entry = this.resolve(ref, creds);
    return {
      name,
      run: async (out, signal) => {
        await this.download(ref, entry, out, signal);
        this.publish('pull', refString(ref), name);
        const config = this.checked(entry, ref, granted);
        if (this.plugins.some((p) => p.name === name)) throw invalidParameter(`plugin ${name} already exists`);
        this.plugins.push({ id: this.engine.random.hexId(), name, enabled: false, config, settings: initialSettings(config), reference: fullString(ref), refCount: 0 });
      },
    };
  }

  /** POST /plugins/{name}/upgrade: same checks; the plugin keeps its ID and settings. */
  prepareUpgrade(nameOrId: string, remote: string, creds: Credentials | undefined, granted: Privilege[]): PluginJob {
    const ref = parseRemote(remote);
    const p = this.get(nameOrId);
    if (p.enabled) throw conflict(`plugin must be disabled before upgrading: plugin ${p.name} is enabled`);
    const entry = this.resolve(ref, creds);
    return {
      name: p.name,
      run: async (out, signal) => {
        await this.download(ref, entry, out, signal);
        this.publish('pull', refString(ref), p.name);
        p.config = this.checked(entry, ref, granted);
        p.reference = fullString(ref);
      },
    };
  }

  enable(nameOrId: string, timeout: number): void {
    void timeout;
    const p = this.get(nameOrId);
    if (p.enabled) throw conflict(`plugin already enabled: plugin ${p.name} is enabled`);
    p.enabled = true;
    this.publish('enable', p.id, nameOrId);
  }

  disable(nameOrId: string, force: boolean): void {
    const p = this.get(nameOrId);
    if (!force && this.usersOf(p) > 0) throw conflict(`plugin ${p.name} is in use`);
    if (!p.enabled) throw conflict(`plugin is already disabled: plugin ${p.name} found but disabled`);
    p.enabled = false;
    this.publish('disable', p.id, nameOrId);
  }

  remove(nameOrId: string, force: boolean): void {
    const p = this.get(nameOrId);
    if (!force) {
      if (this.usersOf(p) > 0) throw conflict(`plugin ${p.name} is in use`);
      if (p.enabled) throw conflict(`plugin ${p.name} is enabled`);
    }
    p.enabled = false;
    this.plugins.splice(this.plugins.indexOf(p), 1);
    this.publish('remove', p.id, nameOrId);
  }

  set(nameOrId: string, args: string[]): void {
    applySettings(this.get(nameOrId), args);
  }

  /** POST /plugins/{name}/push: the registry's catalogue gains the plugin. */
  push(nameOrId: string, creds: Credentials | undefined): PluginJob {
    const p = this.get(nameOrId);
    return { name: p.name, run: (out, signal) => pushPlugin(this.engine, p, creds, out, signal) };
  }

  /** POST /plugins/create?name=: a tar with config.json and rootfs/. */
  async create(nameParam: string, tar: AsyncIterable<Uint8Array>): Promise<Plugin> {
    let ref: ImageReference;
    try {
      ref = parseReference(nameParam);
    } catch (err) {
      if (err instanceof ReferenceError) throw systemError(`failed to parse reference ${nameParam}: ${err.message}`);
      throw err;
    }
    if (ref.digest) throw systemError('canonical references are not permitted');
    const name = `${ref.name.familiarName}:${ref.tag ?? 'latest'}`;
    if (this.plugins.some((p) => p.name === name)) throw invalidParameter(`plugin ${name} already exists`);
    const { configJson, diffId } = await readPluginTar(tar);
    let raw: unknown;
    try {
      raw = JSON.parse(configJson);
    } catch (err) {
      throw systemError(`failed to parse config: ${(err as Error).message}`);
    }
    const config = normalizeConfig(raw);
    config.rootfs = { type: 'layers', diff_ids: [diffId] };
    if (this.plugins.some((p) => p.name === name)) throw invalidParameter(`plugin ${name} already exists`);
    const plugin: Plugin = { id: this.engine.random.hexId(), name, enabled: false, config, settings: initialSettings(config), reference: name, refCount: 0 };
    this.plugins.push(plugin);
    this.publish('create', plugin.id, name);
    return plugin;
  }

  private resolve(ref: ImageReference, creds: Credentials | undefined): CatalogImage {
    try {
      const entry = this.engine.imageService.puller.resolveForInspect(refString(ref), creds);
      this.configOf(entry, ref);
      return entry;
    } catch (err) {
      if (isEngineError(err) && err.kind === 'System') throw systemError(`error resolving plugin reference: ${err.message}`);
      throw err;
    }
  }

  private configOf(entry: CatalogImage, ref: ImageReference): PluginConfig {
    const raw = entry.pluginConfig;
    if (!raw) throw systemError(`did not find plugin config for specified reference ${fullString(ref)}`);
    const config = normalizeConfig(raw);
    config.rootfs = { type: 'layers', diff_ids: entry.layers.map((l) => l.diffId) };
    return config;
  }

  private checked(entry: CatalogImage, ref: ImageReference, granted: Privilege[]): PluginConfig {
    const config = this.configOf(entry, ref);
    if (!privilegesMatch(computePrivileges(config), granted)) throw new EngineError('System', 'incorrect privileges');
    return config;
  }

  private async download(ref: ImageReference, entry: CatalogImage, out: ProgressOutput, signal?: AbortSignal): Promise<void> {
    const registry = this.engine.registries.find(ref.name.registry);
    const step = () => this.engine.clock.sleep(registry?.stepMs ?? 1, signal);
    out.write({ status: `Pulling from ${ref.name.path}`, id: ref.digest ?? ref.tag ?? 'latest' });
    for (const layer of entry.layers) {
      const id = layer.diffId.slice(7, 19);
      const size = layer.tarSize;
      for (const part of [0.5, 1]) {
        await step();
        const current = Math.round(size * part);
        out.write({ status: 'Downloading', progressDetail: { current, total: size }, progress: progressBar(current, size), id });
      }
      out.write({ status: 'Download complete', progressDetail: {}, id });
    }
    out.write({ status: `Digest: ${entry.manifestDigest}` });
    out.write({ status: `Status: Downloaded newer image for ${refString(ref)}` });
  }

  /** Volumes using the plugin as their driver (dockerd's plugin refcount). */
  private usersOf(p: Plugin): number {
    const names = new Set([p.name, p.name.replace(/:latest$/, '')]);
    return this.engine.volumes.all().filter((v) => names.has(v.driver)).length;
  }

  private publish(action: string, id: string, name: string): void {
    this.engine.events.publish({ type: 'plugin', action, id, attributes: { name } });
  }
}

/** "docker.volumedriver/1.0" -> "volumedriver" (only the "docker" prefix counts). */
function capabilities(p: Plugin): string[] {
  return p.config.Interface.Types.flatMap((t) => {
    const m = /^([^.]+)\.([^/]+)\/(.+)$/.exec(t);
    return m && m[1] === 'docker' ? [m[2]!.toLowerCase()] : [];
  });
}

function parseRemote(remote: string): ImageReference {
  try {
    const ref = parseReference(remote);
    return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
  } catch (err) {
    if (err instanceof ReferenceError) throw invalidParameter(err.message);
    throw err;
  }
}

/** dockerd's getName: the remote's familiar name unless ?name= says otherwise. */
function localNameOf(ref: ImageReference, name: string): string {
  if (!name) return ref.digest && !ref.tag ? `${ref.name.familiarName}:latest` : `${ref.name.familiarName}:${ref.tag ?? 'latest'}`;
  let local: ImageReference;
  try {
    local = parseReference(name);
  } catch (err) {
    if (err instanceof ReferenceError) throw systemError(err.message);
    throw err;
  }
  if (local.digest) throw systemError('cannot use digest in plugin tag');
  return `${local.name.familiarName}:${local.tag ?? 'latest'}`;
}

function withLatest(name: string): string {
  return /:[^/]+$/.test(name) || name.includes('@') ? name : `${name}:latest`;
}

function refString(ref: ImageReference): string {
  return ref.digest ? `${ref.name.familiarName}@${ref.digest}` : `${ref.name.familiarName}:${ref.tag ?? 'latest'}`;
}

function fullString(ref: ImageReference): string {
  return ref.digest ? `${ref.name.fullName}@${ref.digest}` : `${ref.name.fullName}:${ref.tag ?? 'latest'}`;
}

