/**
 * Publishing a running container's ports: host ports from the allocator, the
 * NetworkSettings.Ports map dockerd reports (0.0.0.0 and :: when no HostIp was
 * given), and optionally real loopback listeners. Released when the container stops.
 */
import type { Container, Json } from '../containers/container.js';
import { invalidParameter } from '../errors.js';
import { HostPortAllocator } from './host-ports.js';
import { PortListeners, type ListenerSpec } from './listeners.js';

export type PortBinding = { HostIp: string; HostPort: string };
export type PortMap = Record<string, PortBinding[] | null>;

interface Held {
  proto: string;
  ip: string;
  port: number;
}

interface Published {
  map: PortMap;
  held: Held[];
}

/** Per running container, what was published (containers are engine-unique objects). */
const PUBLISHED = new WeakMap<Container, Published>();

/** NetworkSettings.Ports of a running container (undefined when it has no published state). */
export function publishedPortMap(container: Container): PortMap | undefined {
  return PUBLISHED.get(container)?.map;
}

export class PortPublisher {
  /** Host ports are per node: two nodes may each publish 8080 (classic mode, swarm nodes). */
  private readonly allocators = new Map<string, HostPortAllocator>();
  private readonly published = PUBLISHED;
  private readonly listeners?: PortListeners;

  constructor(options: { listen?: boolean; warn?: (message: string) => void } = {}) {
    if (options.listen !== false) this.listeners = new PortListeners(options.warn);
  }

  /** The engine a Ryuk behaviour behind a published port reaps on. */
  set reaperEngine(engine: import('../engine.js').Engine) {
    if (this.listeners) this.listeners.reaperEngine = engine;
  }

  /** Allocate host ports and open listeners; throws "Bind for ... failed: port is already allocated". */
  publish(container: Container): void {
    const allocator = this.allocatorOf(container);
    const held: Held[] = [];
    const map: PortMap = {};
    const listen: ListenerSpec[] = [];
    try {
      for (const port of Object.keys(container.config.ExposedPorts ?? {})) map[normalizePort(port)] = null;
      for (const [port, bindings] of requestedBindings(container.hostConfig, container.config)) {
        const [num, proto] = splitPort(port);
        const out: PortBinding[] = [];
        for (const b of bindings) {
          const ip = String(b.HostIp ?? '');
          const [from, to] = parseHostPort(String(b.HostPort ?? ''));
          const hostPort = allocator.take(proto, ip, from, to, container.id);
          held.push({ proto, ip, port: hostPort });
          if (ip === '') out.push({ HostIp: '0.0.0.0', HostPort: String(hostPort) }, { HostIp: '::', HostPort: String(hostPort) });
          else out.push({ HostIp: ip, HostPort: String(hostPort) });
          if (proto === 'tcp' && !listen.some((l) => l.port === hostPort)) listen.push({ port: hostPort, containerPort: num });
        }
        map[port] = out;
      }
    } catch (err) {
      for (const h of held) allocator.release(container.id, h.proto, h.ip, h.port);
      throw err;
    }
    this.published.set(container, { map, held });
    this.listeners?.start(container, listen);
  }

  unpublish(container: Container): void {
    const p = this.published.get(container);
    if (!p) return;
    this.published.delete(container);
    const allocator = this.allocatorOf(container);
    for (const h of p.held) allocator.release(container.id, h.proto, h.ip, h.port);
    this.listeners?.stop(container);
  }

  private allocatorOf(container: Container): HostPortAllocator {
    let allocator = this.allocators.get(container.node);
    if (!allocator) this.allocators.set(container.node, (allocator = new HostPortAllocator()));
    return allocator;
  }

  /** NetworkSettings.Ports of a running container (undefined when nothing was published). */
  portMap(container: Container): PortMap | undefined {
    return this.published.get(container)?.map;
  }

  /** Containers with open listeners (for leak checks). */
  get openListeners(): number {
    return this.listeners?.size ?? 0;
  }

  shutdown(): void {
    this.listeners?.stopAll();
  }
}

/** PortBindings plus, with PublishAllPorts, every other exposed port on an ephemeral port. */
function requestedBindings(hc: Json, config: Json): Array<[string, Json[]]> {
  const out = new Map<string, Json[]>();
  for (const [port, bindings] of Object.entries((hc.PortBindings ?? {}) as Record<string, Json[] | null>)) {
    const list = bindings && bindings.length ? bindings : [{ HostIp: '', HostPort: '' }];
    out.set(normalizePort(port), list);
  }
  if (hc.PublishAllPorts) {
    for (const port of Object.keys(config.ExposedPorts ?? {})) {
      const key = normalizePort(port);
      if (!out.has(key)) out.set(key, [{ HostIp: '', HostPort: '' }]);
    }
  }
  return [...out];
}

export function normalizePort(port: string): string {
  return port.includes('/') ? port : `${port}/tcp`;
}

function splitPort(port: string): [number, string] {
  const [num, proto] = port.split('/');
  const n = Number(num);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalidParameter(`invalid port specification: "${num}"`);
  return [n, proto || 'tcp'];
}

function parseHostPort(text: string): [number, number] {
  if (text === '' || text === '0') return [0, 0];
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw invalidParameter(`invalid port specification: "${text}"`);
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from < 1 || to > 65535 || to < from) throw invalidParameter(`invalid port specification: "${text}"`);
  return [from, to];
}
