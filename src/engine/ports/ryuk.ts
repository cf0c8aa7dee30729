/**
 * The testcontainers/ryuk reaper behind its published port: clients send filter lines
 * (`label=org.testcontainers.session-id=<id>`, URL query syntax, several pairs joined
 * by `&`), each answered `ACK\n`. Once the last client has gone and the reconnection
 * timeout passes (or no client came within the connection timeout), it removes the
 * containers (force, with volumes), networks, volumes and images matching any filter
 * set, skipping Ryuk containers themselves, and then exits 0 — as moby-ryuk does.
 * Timeouts come from the container's RYUK_CONNECTION_TIMEOUT / RYUK_RECONNECTION_TIMEOUT
 * (Go durations; defaults 60s and 10s) and run on the engine clock.
 */
import type net from 'node:net';
import type { TimerHandle } from '../clock.js';
import type { Container } from '../containers/container.js';
import { matchesListFilters } from '../containers/list-filter.js';
import type { Engine } from '../engine.js';
import { Filters } from '../filters.js';

const RYUK_LABEL = 'org.testcontainers.ryuk';

export class RyukReaper {
  private readonly filterSets = new Map<string, Map<string, Set<string>>>();
  private clients = 0;
  private timer?: TimerHandle;
  private done = false;

  constructor(private readonly engine: Engine, private readonly container: Container) {
    this.arm(envDuration(container, 'RYUK_CONNECTION_TIMEOUT', 60_000));
  }

  /** A client connected: serve its lines until it goes away. */
  accept(socket: net.Socket): void {
    if (this.done) {
      socket.destroy();
      return;
    }
    this.clients++;
    this.timer?.cancel();
    this.timer = undefined;
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        if (!line) continue; // moby-ryuk logs "empty filter received" and sends nothing
        this.addFilter(line);
        if (!socket.destroyed) socket.write('ACK\n');
      }
    });
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      this.clients--;
      if (this.clients === 0 && !this.done) this.arm(envDuration(this.container, 'RYUK_RECONNECTION_TIMEOUT', 10_000));
    };
    socket.on('end', () => socket.end());
    socket.on('close', leave);
  }

  /** The container stopped or was removed: no reaping any more. */
  dispose(): void {
    this.done = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The filter sets received so far (for tests and the journal). */
  get filters(): Array<Record<string, string[]>> {
    return [...this.filterSets.values()].map((m) => Object.fromEntries([...m].map(([k, v]) => [k, [...v]])));
  }

  private addFilter(line: string): void {
    if (this.filterSets.has(line)) return;
    const args = new Map<string, Set<string>>();
    for (const pair of line.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decode(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
      if (key === undefined || value === undefined) return; // invalid query: moby-ryuk logs it and still ACKs
      if (!args.has(key)) args.set(key, new Set());
      args.get(key)!.add(value);
    }
    this.filterSets.set(line, args);
  }

  private arm(ms: number): void {
    this.timer?.cancel();
    this.timer = this.engine.clock.setTimer(ms, () => {
      this.timer = undefined;
      void this.prune();
    });
  }

  private async prune(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const engine = this.engine;
    const now = engine.clock.now();
    for (const args of this.filterSets.values()) {
      const filters = new Filters(new Map([...args].map(([k, v]) => [k, new Set(v)])));
      let containers: Container[] = [];
      try {
        containers = engine.containers.list().filter((c) => matchesListFilters(c, filters, { now, store: engine.containers, images: engine.images }));
      } catch {
        /* a filter key containers do not accept: moby-ryuk logs the list error */
      }
      for (const c of containers) {
        if (c.labels[RYUK_LABEL] === 'true') continue;
        await engine.runtime.remove(c, { force: true, removeVolumes: true }).catch(() => {});
      }
      try {
        for (const n of engine.networks.list(filters)) {
          try {
            engine.networks.remove(n.id);
          } catch {
            /* in use or predefined: moby-ryuk retries, then gives up */
          }
        }
      } catch {
        /* unsupported filter */
      }
      try {
        for (const v of engine.volumes.list(filters)) {
          try {
            engine.volumes.remove(v.name, { force: true });
          } catch {
            /* in use */
          }
        }
      } catch {
        /* unsupported filter */
      }
    }
    // Then ryuk exits 0 ("done").
    if (this.container.running) await engine.runtime.stop(this.container, { timeoutSeconds: 10 }).catch(() => {});
  }
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** A Go duration from the container's environment ("10s", "1m30s", "500ms"), else the default. */
function envDuration(container: Container, name: string, fallbackMs: number): number {
  const env: string[] = container.config.Env ?? [];
  const raw = env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
  if (!raw) return fallbackMs;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = raw;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) return fallbackMs;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}
