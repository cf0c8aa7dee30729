/**
 * Golden replay: run the recorder's sections (test/golden/sections*.ts) against an
 * in-process mockerd, and compare each answer with the exchange dockerd 20.10 gave
 * to the same request (fixtures/golden/dockerd-20.10/<tag>/<name>.json).
 *
 * The section code is the same that recorded the fixtures; only `save` differs:
 * instead of writing a file it compares (see compare.ts) and collects differences.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Recorder, type CallOptions, type HijackOptions } from '../golden/lib.js';
import { sections } from '../golden/sections.js';
import type { GoldenExchange } from '../support/golden.js';
import { GOLDEN_ROOT, DEFAULT_DAEMON, listGolden } from '../support/golden.js';
import { startDaemon } from '../../src/index.js';
import { compareExchange, type Diff } from './compare.js';

/** Sections that do not produce GoldenExchange files (CLI runs, proxied CLI flows). */
const SKIP_SECTIONS = new Set(['cli', 'flows']);

export interface ReplayResult {
  /** `tag/name` -> differences (empty = same) for every recorded exchange */
  diffs: Map<string, Diff[]>;
  /** `tag/name` of the exchanges the replay sent */
  replayed: Set<string>;
  /** section name -> the error that stopped it */
  sectionErrors: Map<string, string>;
  /** `tag/name` -> ms the exchange took */
  durations: Map<string, number>;
  ms: number;
}

/** First path segments of the API (unversioned requests to them are pinned, see pinVersion). */
const API_ROOTS = new Set(['containers', 'images', 'networks', 'volumes', 'exec', 'build', 'swarm', 'nodes', 'services', 'tasks', 'secrets', 'configs', 'plugins', 'distribution', 'session', 'grpc', 'events', 'info', 'version', 'system', 'auth', 'commit']);

/**
 * dockerd 20.10 answered unversioned requests with API 1.41 (its newest); mockerd
 * answers them with its newest (1.5x), where fields were added and removed. To
 * compare like with like, unversioned API requests are replayed as `/v1.41/...`.
 * `/_ping`, unknown roots (`/nope`) and explicit versions are sent as recorded.
 */
export const PINNED_VERSION = '1.41';
export function pinVersion(p: string): string {
  const seg = /^\/([^/?]+)/.exec(p)?.[1];
  return seg && API_ROOTS.has(seg) ? `/v${PINNED_VERSION}${p}` : p;
}

/**
 * The recorder hangs up on streams after `timeoutMs` (dockerd kept them open). Against
 * mockerd half of it (at least 1.2 s, which still covers every timed event in the
 * sections: the longest is a `sleep 1` inside a container) shows the same thing.
 */
function shorter(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.min(ms, Math.max(1200, Math.round(ms / 2)));
}

/**
 * Exchanges the replay cannot send, with why (each one is listed in known-differences.ts).
 * They are reported as `missing` with this reason instead of a bare "not replayed".
 */
export const NOT_SENDABLE: Record<string, string> = {
  'networks/remove-dup-by-id':
    'current dockerd (and mockerd) refuse a duplicate network name even without CheckDuplicate, so create-dup-name-no-checkduplicate returned no ID to delete',
};

export class Replayer extends Recorder {
  readonly goldenDir: string;
  readonly diffs = new Map<string, Diff[]>();
  readonly replayed = new Set<string>();
  readonly durations = new Map<string, number>();
  /** network IDs the section holds that the replay had to replace (old -> new), see rec() */
  private readonly networkAlias = new Map<string, string>();
  private networkCreateOk: { id?: string; body?: unknown } = {};
  private dupNetworkRefused = false;

  constructor(socket: string, goldenDir: string, sleepScale: number) {
    super(socket, goldenDir);
    this.goldenDir = goldenDir;
    this.sleepScale = sleepScale;
  }

  override exchange(o: CallOptions): Promise<GoldenExchange> {
    return super.exchange({ ...o, path: pinVersion(this.aliased(o.path)), timeoutMs: shorter(o.timeoutMs) });
  }

  private aliased(p: string): string {
    for (const [from, to] of this.networkAlias) if (p.startsWith(`/networks/${from}`)) return `/networks/${to}` + p.slice(`/networks/${from}`.length);
    return p;
  }

  /**
   * The networks section creates golden-net1 twice (dockerd 20.10 accepted the duplicate
   * name), removes it by name (refused there: ambiguous) and the duplicate by ID, then
   * goes on with golden-net1. Current dockerd refuses the duplicate, so the remove by
   * name removes the only golden-net1. To keep the rest of the section comparable, the
   * replay creates golden-net1 again as create-ok did and sends the section's requests
   * for the old ID to the new one.
   */
  override async rec(tag: string, name: string, o: CallOptions): Promise<GoldenExchange> {
    const ex = await super.rec(tag, name, o);
    if (tag !== 'networks') return ex;
    const status = ex.response.status;
    if (name === 'create-ok') this.networkCreateOk = { id: (ex.response.body as { Id?: string } | null)?.Id, body: o.body };
    if (name === 'create-dup-name-no-checkduplicate') this.dupNetworkRefused = status === 409;
    if (name === 'remove-by-name-ambiguous' && this.dupNetworkRefused && status === 204 && this.networkCreateOk.id) {
      const again = await this.do('POST', '/networks/create', this.networkCreateOk.body);
      const id = (again.body as { Id?: string } | null)?.Id;
      if (id) this.networkAlias.set(this.networkCreateOk.id, id);
    }
    return ex;
  }

  override hijack(o: HijackOptions): Promise<GoldenExchange> {
    return super.hijack({ ...o, path: pinVersion(o.path), timeoutMs: shorter(o.timeoutMs ?? 15_000) });
  }

  /** Compare instead of writing (same `-2` suffixing as the recorder for repeated names). */
  override save(tag: string, name: string, ex: GoldenExchange): GoldenExchange {
    let key = `${tag}/${name}`;
    let n = 2;
    while (this.written.has(key)) key = `${tag}/${name}-${n++}`;
    this.written.add(key);
    this.replayed.add(key);
    this.count++;
    const file = path.join(this.goldenDir, key + '.json');
    if (!fs.existsSync(file)) {
      this.diffs.set(key, [{ kind: 'extra', detail: 'sent by the replay, not in the recording' }]);
      return ex;
    }
    const golden = JSON.parse(fs.readFileSync(file, 'utf8')) as GoldenExchange;
    this.diffs.set(key, compareExchange(golden, ex));
    this.durations.set(key, ex.response.timing?.endMs ?? 0);
    return ex;
  }
}

export interface ReplayOptions {
  /** multiplier for the sections' sleeps (default 0.5; `clock` sleeps are never shortened) */
  sleepScale?: number;
  /** only these sections */
  only?: string[];
}

/** Start a mockerd on a private unix socket, replay every section, stop it. */
export async function runReplay(opts: ReplayOptions = {}): Promise<ReplayResult> {
  const started = Date.now();
  const sock = path.join(os.tmpdir(), `mockerd-golden-${process.pid}.sock`);
  fs.rmSync(sock, { force: true });
  const daemon = await startDaemon({ hosts: [`unix://${sock}`], images: ['busybox:latest', 'alpine:latest'] });
  const goldenDir = path.join(GOLDEN_ROOT, DEFAULT_DAEMON);
  const r = new Replayer(sock, goldenDir, opts.sleepScale ?? 0.5);
  const sectionErrors = new Map<string, string>();
  try {
    for (const s of sections) {
      if (SKIP_SECTIONS.has(s.name)) continue;
      if (opts.only && !opts.only.includes(s.name)) continue;
      try {
        await s.run(r);
      } catch (e) {
        sectionErrors.set(s.name, e instanceof Error ? e.message : String(e));
      }
    }
  } finally {
    r.agent.destroy();
    await daemon.close();
    fs.rmSync(sock, { force: true });
  }
  const diffs = r.diffs;
  if (!opts.only) {
    const errs = [...sectionErrors.entries()].map(([s, m]) => `${s}: ${m}`).join('; ');
    for (const { tag, name } of listGolden()) {
      const key = `${tag}/${name}`;
      if (r.replayed.has(key)) continue;
      const why = NOT_SENDABLE[key];
      diffs.set(key, [{ kind: 'missing', detail: why ? `not sendable: ${why}` : errs ? `not replayed (section stopped: ${errs})` : 'not replayed' }]);
    }
  }
  return { diffs, replayed: r.replayed, sectionErrors, durations: r.durations, ms: Date.now() - started };
}
