/**
 * The classic builder (what `DOCKER_BUILDKIT=0 docker build` talks to): runs a parsed
 * Dockerfile step by step, each step an image on top of the previous one, streaming
 * dockerd's "Step N/M", " ---> id", "Using cache" messages.
 */
import { createHash } from 'node:crypto';
import type { Engine } from '../engine.js';
import { invalidParameter, systemError } from '../errors.js';
import { LayeredFs } from '../fs/layered-fs.js';
import { commitLayer } from '../fs/tar/export.js';
import { dirNode, type DirNode, type Entry } from '../fs/node.js';
import type { Layer } from '../fs/layer.js';
import { joinPath, normalizePath, baseName, parentOf } from '../fs/path.js';
import { isSpawnFailure, spawn } from '../process/index.js';
import { bindNameResolver } from '../process/programs/network.js';
import { EMBEDDED_DNS, extraHostLines, HOST_NAMESERVER, LOCALHOST_LINES } from '../networks/etc-files.js';
import { FsTree } from '../fs/volume.js';
import { deriveImage, tagImage } from '../images/commit.js';
import type { LocalImage } from '../images/image-store.js';
import type { ProgressOutput } from '../images/progress.js';
import type { Credentials } from '../registries.js';
import { parseRepository } from '../images/reference.js';
import type { BuildContext } from './context.js';
import { applyConfigInstruction, commandOf, DEFAULT_PATH_ENV, DEFAULT_SHELL, execForm, type Instruction } from './config-instructions.js';
import { expandVariables, parseDockerfile, type Stage } from './dockerfile.js';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BuildOptions {
  context: BuildContext;
  tags: string[];
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  quiet?: boolean;
  nocache?: boolean;
  rm?: boolean;
  forcerm?: boolean;
  pull?: boolean;
  platform?: string;
  extraHosts?: string[];
  /** networkmode: a user-defined network whose names RUN steps resolve (default bridge, none, host: none). */
  networkMode?: string;
  /** cachefrom: when given, only steps in these images' ancestry count as cache hits (dockerd's imageCache). */
  cacheFrom?: string[];
  credentials: (host: string) => Credentials | undefined;
}

/** Build args every builder accepts without an ARG (proxies). */
const BUILTIN_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

/** A build whose request checks passed; run() streams. */
export interface BuildJob {
  run(out: ProgressOutput, signal?: AbortSignal): Promise<string>;
}

interface StageState {
  image?: LocalImage;
  config: Config;
  /** ARG values in scope (declared in this stage). */
  args: Record<string, string>;
}

/** The classic builder's step cache: (parent, step, content) -> image ID. */
export class BuildCache {
  private readonly entries = new Map<string, string>();

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, id: string): void {
    this.entries.set(key, id);
  }

  clear(): number {
    const n = this.entries.size;
    this.entries.clear();
    return n;
  }
}

export function prepareBuild(engine: Engine, cache: BuildCache, opts: BuildOptions): BuildJob {
  const parsed = parseDockerfile(opts.context.dockerfile);
  const tags = opts.tags.map((t) => engine.imageService.targetReference(t, ''));
  let stages = parsed.stages;
  if (opts.target) {
    const at = stages.findIndex((s) => s.name === opts.target!.toLowerCase());
    if (at < 0) throw invalidParameter(`failed to reach build target ${opts.target} in Dockerfile`);
    stages = stages.slice(0, at + 1);
  }
  const total = stages.reduce((n, s) => n + 1 + s.instructions.length, 0);
  return { run: (out, signal) => new BuildRun(engine, cache, opts, stages, parsed.metaArgs, total, out, signal).run(tags) };
}

class BuildRun {
  private step = 0;
  private readonly stageImages: (LocalImage | undefined)[] = [];
  private readonly usedArgs = new Set<string>();
  private readonly metaValues: Record<string, string> = {};

  constructor(
    private readonly engine: Engine,
    private readonly cache: BuildCache,
    private readonly opts: BuildOptions,
    private readonly stages: Stage[],
    metaArgs: Instruction[],
    private readonly total: number,
    private readonly out: ProgressOutput,
    private readonly signal?: AbortSignal,
  ) {
    for (const ins of metaArgs) {
      for (const [k, v] of ins.pairs ?? []) {
        const given = opts.buildArgs[k];
        this.metaValues[k] = given ?? expandVariables(v, this.metaValues);
        if (k in opts.buildArgs) this.usedArgs.add(k);
      }
    }
  }

  private say(text: string): void {
    if (!this.opts.quiet) this.out.write({ stream: text });
  }

  async run(tags: string[]): Promise<string> {
    let last: LocalImage | undefined;
    for (const stage of this.stages) {
      last = await this.runStage(stage);
      this.stageImages[stage.index] = last;
      if (!this.opts.quiet) this.out.write({ aux: { ID: last.id } });
    }
    const image = last!;
    const unused = Object.keys(this.opts.buildArgs).filter((k) => !this.usedArgs.has(k) && !BUILTIN_ARGS.includes(k)).sort();
    if (unused.length) this.say(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed\n`);
    if (this.opts.quiet) {
      this.out.write({ stream: `${image.id}\n` });
    } else {
      this.say(`Successfully built ${image.id.slice(7, 19)}\n`);
    }
    for (const tag of tags) {
      tagImage(this.engine, image, tag);
      this.say(`Successfully tagged ${tag}\n`);
    }
    return image.id;
  }

  private stepHeader(ins: Instruction): void {
    this.step++;
    this.say(`Step ${this.step}/${this.total} : ${ins.original}`);
    this.say('\n');
  }

  private async runStage(stage: Stage): Promise<LocalImage> {
    this.stepHeader(stage.from);
    const state = await this.from(stage);
    for (const trigger of (state.config.OnBuild as string[] | null) ?? []) void trigger;
    const triggers = [...((state.config.OnBuild as string[] | null) ?? [])];
    if (triggers.length) {
      state.config.OnBuild = null;
      this.say(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
      for (const t of parseDockerfile(`FROM scratch\n${triggers.join('\n')}`).stages[0]!.instructions) await this.dispatch(t, state, true);
    }
    for (const ins of stage.instructions) {
      this.signal?.throwIfAborted();
      this.stepHeader(ins);
      await this.dispatch(ins, state, false);
    }
    if (Object.keys(this.opts.labels).length && stage === this.stages[this.stages.length - 1]) {
      state.config.Labels = { ...(state.config.Labels ?? {}), ...this.opts.labels };
      state.image = this.commit(state, undefined, `/bin/sh -c #(nop)  LABEL ${Object.entries(this.opts.labels).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
    return state.image ?? this.commit(state, undefined, '');
  }

  private async from(stage: Stage): Promise<StageState> {
    const ref = expandVariables(stage.from.args.trim().split(/\s+/)[0]!, this.metaValues);
    const earlier = this.stages.find((s) => s.index < stage.index && s.name === ref.toLowerCase());
    let image: LocalImage | undefined;
    if (earlier) image = this.stageImages[earlier.index];
    else if (ref.toLowerCase() !== 'scratch') image = await this.baseImage(ref);
    if (image) this.say(` ---> ${image.id.slice(7, 19)}\n`);
    const config: Config = image ? JSON.parse(JSON.stringify(image.config.config ?? {})) : {};
    if (!config.Env?.some((e: string) => e.startsWith('PATH='))) config.Env = [DEFAULT_PATH_ENV, ...(config.Env ?? [])];
    return { image, config, args: {} };
  }

  private async baseImage(ref: string): Promise<LocalImage> {
    const local = this.engine.images.find(ref);
    if (local && !this.opts.pull) return local;
    const name = parseRepository(ref.replace(/[:@][^/]*$/, ''));
    const tagged = /[:@][^/]*$/.test(ref) ? ref : `${ref}:latest`;
    const job = this.engine.imageService.preparePull(tagged, '', this.opts.platform, this.opts.credentials(name.registry));
    const pulled = await job.run({ write: (m) => this.opts.quiet || this.out.write(m) }, this.signal);
    return pulled ?? this.engine.images.resolve(ref);
  }

  private vars(state: StageState): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(state.args)) env[k] = v;
    for (const e of (state.config.Env as string[] | undefined) ?? []) {
      const eq = e.indexOf('=');
      env[e.slice(0, eq)] = e.slice(eq + 1);
    }
    return env;
  }

  private async dispatch(ins: Instruction, state: StageState, trigger: boolean): Promise<void> {
    void trigger;
    const expand = (s: string) => expandVariables(s, this.vars(state));
    switch (ins.keyword) {
      case 'RUN':
        return this.runStep(ins, state);
      case 'COPY':
      case 'ADD':
        return this.copyStep(ins, state);
      case 'ARG': {
        for (const [k, v] of ins.pairs ?? []) {
          const given = this.opts.buildArgs[k];
          if (k in this.opts.buildArgs) this.usedArgs.add(k);
          const value = given ?? (v !== '' || /=/.test(ins.args) ? expand(v) : this.metaValues[k]);
          if (value !== undefined) state.args[k] = value;
        }
        return this.configStep(state, `ARG ${ins.args.trim()}`);
      }
      case 'WORKDIR': {
        applyConfigInstruction(state.config, ins, expand);
        const dir = state.config.WorkingDir as string;
        const fs = this.workFs(state);
        if (fs.stat(dir)?.kind !== 'dir') {
          fs.mkdir(dir, { parents: true });
          return this.layerStep(state, fs, `/bin/sh -c #(nop) WORKDIR ${dir}`, '', true);
        }
        return this.configStep(state, `WORKDIR ${dir}`, true);
      }
      default:
        applyConfigInstruction(state.config, ins, expand);
        return this.configStep(state, nopText(ins, state.config));
    }
  }

  private workFs(state: StageState): LayeredFs {
    const lower: DirNode = state.image ? this.engine.images.lowerOf(state.image) : dirNode();
    return new LayeredFs(lower, { now: () => this.engine.clock.now() });
  }

  /** Without cachefrom every local image is a cache source; with it, only the listed images and their parents. */
  private inCacheSources(id: string): boolean {
    const refs = this.opts.cacheFrom ?? [];
    if (refs.length === 0) return true;
    for (const ref of refs) {
      for (let img = this.engine.images.find(ref); img; img = img.parent ? this.engine.images.find(img.parent) : undefined) {
        if (img.id === id) return true;
      }
    }
    return false;
  }

  private cacheKey(state: StageState, createdBy: string, content: string): string {
    return createHash('sha256').update(JSON.stringify([state.image?.id ?? 'scratch', createdBy, content, state.config])).digest('hex');
  }

  /** A cached image for this step, announced as dockerd does. */
  private cached(key: string): LocalImage | undefined {
    if (this.opts.nocache) return undefined;
    const id = this.cache.get(key);
    const image = id && this.inCacheSources(id) ? this.engine.images.find(id) : undefined;
    if (image) {
      this.say(' ---> Using cache\n');
      this.say(` ---> ${image.id.slice(7, 19)}\n`);
    }
    return image;
  }

  private async configStep(state: StageState, text: string, oneSpace = false): Promise<void> {
    const createdBy = `/bin/sh -c #(nop) ${oneSpace ? '' : ' '}${text}`;
    const key = this.cacheKey(state, createdBy, '');
    const hit = this.cached(key);
    if (hit) {
      state.image = hit;
      return;
    }
    const container = this.engine.random.hexId().slice(0, 12);
    this.say(` ---> Running in ${container}\n`);
    if (this.opts.rm !== false) this.say(`Removing intermediate container ${container}\n`);
    state.image = this.commit(state, undefined, createdBy);
    this.cache.set(key, state.image.id);
    this.say(` ---> ${state.image.id.slice(7, 19)}\n`);
  }

  private layerStep(state: StageState, fs: LayeredFs, createdBy: string, content: string, announce: boolean): void {
    const key = this.cacheKey(state, createdBy, content);
    const hit = this.cached(key);
    if (hit) {
      state.image = hit;
      return;
    }
    if (announce) {
      const container = this.engine.random.hexId().slice(0, 12);
      this.say(` ---> Running in ${container}\n`);
      if (this.opts.rm !== false) this.say(`Removing intermediate container ${container}\n`);
    }
    state.image = this.commit(state, commitLayer(fs), createdBy);
    this.cache.set(key, state.image.id);
    this.say(` ---> ${state.image.id.slice(7, 19)}\n`);
  }

  private commit(state: StageState, layer: Layer | undefined, createdBy: string): LocalImage {
    return deriveImage(this.engine, { parent: state.image, layer, config: { ...state.config }, history: { created_by: createdBy } });
  }

  /**
   * A RUN container's /etc/hosts and /etc/hostname (extrahosts added, as dockerd writes them; not
   * committed into the layer) and its name lookups: extrahosts, then the networkmode network.
   */
  private provideNetworkFiles(fs: LayeredFs, hostname: string): void {
    const extra = extraHostLines(this.opts.extraHosts ?? []);
    const hosts = [...LOCALHOST_LINES, ...extra.map(({ name, ip }) => `${ip}\t${name}`)].join('\n') + '\n';
    fs.mount('/etc/hosts', FsTree.file(Buffer.from(hosts), { mtime: this.engine.clock.now() }), { kernel: true });
    fs.mount('/etc/hostname', FsTree.file(Buffer.from(`${hostname}\n`), { mtime: this.engine.clock.now() }), { kernel: true });
    const network = this.opts.networkMode;
    bindNameResolver(fs, {
      lookup: (name) => extra.find((h) => h.name.toLowerCase() === name.toLowerCase())?.ip ?? (network ? this.engine.networks.resolveOnNetwork(network, name) : undefined),
      server: network && !['default', 'bridge', 'host', 'none'].includes(network) ? EMBEDDED_DNS : HOST_NAMESERVER,
    });
  }

  private async runStep(ins: Instruction, state: StageState): Promise<void> {
    const exec = execForm(ins.args);
    const argv = exec ?? [...((state.config.Shell as string[] | undefined) ?? DEFAULT_SHELL), ins.args.trim()];
    const argNames = Object.keys(state.args).filter((k) => k in this.opts.buildArgs || state.args[k] !== undefined).sort();
    const argPrefix = argNames.length ? `|${argNames.length} ${argNames.map((k) => `${k}=${state.args[k]}`).join(' ')} ` : '';
    const createdBy = `${argPrefix}${argv.join(' ')}`;
    const key = this.cacheKey(state, createdBy, '');
    const hit = this.cached(key);
    if (hit) {
      state.image = hit;
      return;
    }
    const container = this.engine.random.hexId().slice(0, 12);
    this.say(` ---> Running in ${container}\n`);
    const fs = this.workFs(state);
    this.provideNetworkFiles(fs, container);
    const env = [...((state.config.Env as string[] | undefined) ?? []), ...argNames.map((k) => `${k}=${state.args[k]}`)];
    const proc = spawn({
      argv, env, workingDir: (state.config.WorkingDir as string) || '/', user: (state.config.User as string) ?? '',
      hostname: container, tty: false, clock: this.engine.clock, fs, pid1: true,
      stdout: (d) => this.say(d.toString('utf8')),
      // dockerd's stderr stream writer colours each write red (aec.RedF: ESC[91m ... ESC[0m).
      stderr: (d) => this.say(`\x1b[91m${d.toString('utf8')}\x1b[0m`),
    });
    const failed = (code: number) => {
      const err = systemError(`The command '${argv.join(' ')}' returned a non-zero code: ${code}`) as Error & { exitCode?: number };
      err.exitCode = code;
      if (this.opts.forcerm) this.say(`Removing intermediate container ${container}\n`);
      return err;
    };
    if (isSpawnFailure(proc)) {
      this.say(`${proc.error}\n`);
      throw failed(proc.exitCode);
    }
    proc.endStdin();
    const abort = () => proc.signal('SIGKILL');
    this.signal?.addEventListener('abort', abort, { once: true });
    const exit = await proc.exited;
    this.signal?.removeEventListener('abort', abort);
    if (exit.exitCode !== 0) throw failed(exit.exitCode);
    if (this.opts.rm !== false) this.say(`Removing intermediate container ${container}\n`);
    state.image = this.commit(state, commitLayer(fs), createdBy);
    this.cache.set(key, state.image.id);
    this.say(` ---> ${state.image.id.slice(7, 19)}\n`);
  }

  private async copyStep(ins: Instruction, state: StageState): Promise<void> {
    const expand = (s: string) => expandVariables(s, this.vars(state));
    const words = (execForm(ins.args) ?? ins.args.trim().split(/\s+/)).map(expand);
    if (words.length < 2) throw invalidParameter(`${ins.keyword} requires at least two arguments`);
    const dest = words.pop()!;
    const from = ins.flags.from;
    const sourceRoot = from !== undefined ? await this.copySource(from) : this.opts.context.root;
    const [uid, gid] = ownerOf(ins.flags.chown);
    const fs = this.workFs(state);
    const workdir = (state.config.WorkingDir as string) || '/';
    const destPath = dest.startsWith('/') ? dest : joinPath(workdir, dest);
    const destIsDir = dest.endsWith('/') || words.length > 1 || fs.stat(destPath)?.kind === 'dir';
    const hash = createHash('sha256');
    let kind = 'file';
    for (const src of words) {
      if (/^https?:\/\//.test(src)) {
        if (ins.keyword === 'COPY') throw systemError(`${ins.keyword} failed: source can't be a URL for COPY`);
        const host = /^https?:\/\/([^/]+)/.exec(src)![1];
        throw systemError(`Get "${src}": dial tcp: lookup ${host}: no such host`);
      }
      const matches = matchSources(sourceRoot, src);
      if (!matches.length) {
        throw systemError(`${ins.keyword} failed: file not found in build context or excluded by .dockerignore: stat ${src.replace(/^\//, '')}: file does not exist`);
      }
      for (const [name, entry] of matches) {
        hash.update(name);
        hashEntry(hash, entry);
        if (entry.kind === 'dir') {
          kind = words.length > 1 || matches.length > 1 ? 'multi' : 'dir';
          mkdirs(fs, destPath);
          copyChildren(fs, destPath, entry, uid, gid);
        } else {
          const target = destIsDir ? joinPath(destPath, baseName(name)) : normalizePath(destPath);
          mkdirs(fs, parentOf(target));
          fs.putEntry(target, withOwner(entry, uid, gid));
        }
      }
    }
    if (words.length > 1) kind = 'multi';
    const digest = hash.digest('hex');
    const createdBy = `/bin/sh -c #(nop) ${ins.keyword} ${kind}:${digest} in ${dest} `;
    this.layerStep(state, fs, createdBy, digest, false);
  }

  private async copySource(from: string): Promise<DirNode> {
    const byName = this.stages.find((s) => s.name === from.toLowerCase());
    const byIndex = /^\d+$/.test(from) ? this.stages[Number(from)] : undefined;
    const stage = byName ?? byIndex;
    if (stage) {
      const image = this.stageImages[stage.index];
      return image ? this.engine.images.lowerOf(image) : dirNode();
    }
    return this.engine.images.lowerOf(await this.baseImage(from));
  }
}

function nopText(ins: Instruction, config: Config): string {
  const q = (xs: string[] | null | undefined) => `[${(xs ?? []).map((x) => JSON.stringify(x)).join(' ')}]`;
  switch (ins.keyword) {
    case 'CMD':
      return `CMD ${q(config.Cmd)}`;
    case 'ENTRYPOINT':
      return `ENTRYPOINT ${q(config.Entrypoint)}`;
    case 'SHELL':
      return `SHELL ${q(config.Shell)}`;
    case 'VOLUME':
      return `VOLUME [${(execForm(ins.args) ?? ins.args.trim().split(/\s+/)).join(' ')}]`;
    case 'ENV':
    case 'LABEL':
      return `${ins.keyword} ${(ins.pairs ?? []).map(([k, v]) => `${k}=${v}`).join(' ') || ins.args.trim()}`;
    default:
      return `${ins.keyword} ${ins.args.trim()}`;
  }
}

function ownerOf(chown: string | undefined): [number | undefined, number | undefined] {
  if (!chown) return [undefined, undefined];
  const [u, g] = chown.split(':');
  const uid = /^\d+$/.test(u ?? '') ? Number(u) : 0;
  const gid = g === undefined ? uid : /^\d+$/.test(g) ? Number(g) : 0;
  return [uid, gid];
}

function withOwner(entry: Entry, uid: number | undefined, gid: number | undefined): Entry {
  if (entry.kind === 'dir') return { ...entry, children: new Map(), uid: uid ?? 0, gid: gid ?? 0 };
  return { ...entry, uid: uid ?? 0, gid: gid ?? 0 };
}

/** Sources of a COPY: a path in the tree, with * and ? in its last part. */
function matchSources(root: DirNode, src: string): [string, Entry][] {
  const path = normalizePath(src);
  if (path === '/') return [['.', root]];
  const parts = path.split('/').filter(Boolean);
  let dir: Entry = root;
  for (const part of parts.slice(0, -1)) {
    const next: Entry | undefined = dir.kind === 'dir' ? (dir.children.get(part) as Entry | undefined) : undefined;
    if (!next) return [];
    dir = next;
  }
  if (dir.kind !== 'dir') return [];
  const last = parts[parts.length - 1]!;
  if (!/[*?[]/.test(last)) {
    const hit = dir.children.get(last);
    return hit && hit.kind !== 'whiteout' ? [[last, hit]] : [];
  }
  const re = new RegExp(`^${last.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return [...dir.children.entries()].filter(([n, e]) => re.test(n) && e.kind !== 'whiteout').sort(([a], [b]) => (a < b ? -1 : 1)) as [string, Entry][];
}

function mkdirs(fs: LayeredFs, path: string): void {
  if (fs.stat(path)?.kind === 'dir') return;
  fs.mkdir(path, { parents: true });
}

function copyChildren(fs: LayeredFs, destDir: string, dir: DirNode, uid: number | undefined, gid: number | undefined): void {
  for (const [name, child] of dir.children) {
    if (child.kind === 'whiteout') continue;
    const target = joinPath(destDir, name);
    if (child.kind === 'dir') {
      if (fs.stat(target, { noFollow: true })?.kind !== 'dir') fs.putEntry(target, withOwner(child, uid, gid));
      copyChildren(fs, target, child, uid, gid);
    } else {
      fs.putEntry(target, withOwner(child, uid, gid));
    }
  }
}

function hashEntry(hash: ReturnType<typeof createHash>, entry: Entry): void {
  if (entry.kind === 'file') hash.update(Buffer.isBuffer(entry.content) ? entry.content : entry.content.read());
  else if (entry.kind === 'symlink') hash.update(entry.target);
  else for (const [name, child] of [...entry.children].sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(name);
    if (child.kind !== 'whiteout') hashEntry(hash, child);
  }
}

export { commandOf };
