/**
 * A service's endpoint: published ports (the ingress routing mesh allocates
 * 30000-32767 for ports without a published number) and a virtual IP on the ingress
 * network for each. The ingress network itself is the networks module's job; until it
 * exists the swarm names one of its own.
 */
import { invalidParameter } from '../errors.js';
import type { Swarm } from './swarm.js';
import type { Json, Service } from './types.js';

const FIRST_DYNAMIC_PORT = 30000;
const LAST_DYNAMIC_PORT = 32767;

export function allocateEndpoint(swarm: Swarm, service: Service, previous: Json | undefined): Json {
  const spec: Json = service.spec.EndpointSpec ?? {};
  const mode = spec.Mode ?? 'vip';
  const wanted: Json[] = spec.Ports ?? [];
  const used = new Set<number>();
  for (const s of swarm.services.values()) {
    if (s.id === service.id) continue;
    for (const p of s.endpoint?.Ports ?? []) if (p.PublishMode !== 'host') used.add(p.PublishedPort);
  }
  const ports: Json[] = [];
  for (const p of wanted) {
    const protocol = p.Protocol ?? 'tcp';
    const publishMode = p.PublishMode ?? 'ingress';
    let published = p.PublishedPort ?? 0;
    if (published && publishMode === 'ingress' && used.has(published)) {
      throw invalidParameter(`rpc error: code = InvalidArgument desc = port '${published}' is already in use by service '${ownerOf(swarm, published)}' (${ownerId(swarm, published)}) as an ingress port`);
    }
    if (!published && publishMode === 'ingress') {
      const kept = previous?.Ports?.find((q: Json) => q.TargetPort === p.TargetPort && q.Protocol === protocol);
      published = kept?.PublishedPort ?? nextFree(used);
    }
    used.add(published);
    ports.push({ Protocol: protocol, TargetPort: p.TargetPort, PublishedPort: published, PublishMode: publishMode, ...(p.Name ? { Name: p.Name } : {}) });
  }
  const endpoint: Json = { Spec: service.spec.EndpointSpec ? { Mode: mode, ...(wanted.length ? { Ports: wanted } : {}) } : {} };
  if (ports.length) endpoint.Ports = ports;
  if (ports.some((p) => p.PublishMode === 'ingress') && mode === 'vip') {
    const prior = previous?.VirtualIPs?.[0]?.Addr;
    endpoint.VirtualIPs = [{ NetworkID: swarm.ingressId, Addr: prior ?? `10.0.0.${(swarm.services.size % 250) + 2}/24` }];
  }
  return endpoint;
}

function nextFree(used: Set<number>): number {
  for (let p = FIRST_DYNAMIC_PORT; p <= LAST_DYNAMIC_PORT; p++) if (!used.has(p)) return p;
  throw invalidParameter('rpc error: code = ResourceExhausted desc = could not find a free port in the dynamic range');
}

function ownerOf(swarm: Swarm, port: number): string {
  for (const s of swarm.services.values()) if (s.endpoint?.Ports?.some((p: Json) => p.PublishedPort === port)) return s.spec.Name;
  return '';
}

function ownerId(swarm: Swarm, port: number): string {
  for (const s of swarm.services.values()) if (s.endpoint?.Ports?.some((p: Json) => p.PublishedPort === port)) return s.id;
  return '';
}
