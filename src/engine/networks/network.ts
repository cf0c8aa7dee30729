/**
 * A network as dockerd keeps it: its configuration (driver, IPAM, options, labels)
 * and the endpoints of running containers attached to it, each holding an address
 * from the network's pool.
 */
import type { Container, Endpoint } from '../containers/container.js';
import { formatAddr4, formatPrefix4, type Prefix4 } from './ipv4.js';
import type { AddressPool } from './ipam.js';

export interface IpamConfigEntry {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** A running container's attachment: the container's Endpoint plus what it holds. */
export interface ActiveEndpoint {
  container: Container;
  endpoint: Endpoint;
  /** The IPv4 address taken from the pool (none on host/null networks). */
  address?: number;
  pool?: AddressPool;
}

export interface NetworkSpec {
  id: string;
  name: string;
  driver: string;
  scope: 'local' | 'swarm';
  created: number;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  enableIPv4: boolean;
  enableIPv6: boolean;
  configOnly: boolean;
  configFrom: string;
  options: Record<string, string>;
  labels: Record<string, string> | null;
  ipamDriver: string;
  ipamOptions: Record<string, string> | null;
  /** Subnets as IPAM.Config shows them. */
  ipamConfig: IpamConfigEntry[];
  /** The user gave the subnets (static IPs are allowed only then). */
  userSubnets: boolean;
}

export class Network {
  readonly endpoints = new Map<string, ActiveEndpoint>();

  constructor(
    readonly spec: NetworkSpec,
    /** IPv4 pools, one per subnet (empty for host/null/config-only networks). */
    readonly pools: AddressPool[],
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get name(): string {
    return this.spec.name;
  }

  get driver(): string {
    return this.spec.driver;
  }

  get created(): number {
    return this.spec.created;
  }

  get predefined(): boolean {
    return isPredefinedNetworkName(this.name) && this.spec.scope === 'local';
  }

  /** Event attributes dockerd puts on network events. */
  eventAttributes(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, name: this.name, type: this.driver };
  }
}

export function isPredefinedNetworkName(name: string): boolean {
  return name === 'bridge' || name === 'host' || name === 'none' || name === 'default';
}

/** A network mode naming a user-defined network (not bridge/host/none/default/container:). */
export function isUserDefinedMode(mode: string): boolean {
  return !isPredefinedNetworkName(mode) && !mode.startsWith('container:') && mode !== '';
}

export function subnetEntry(subnet: Prefix4, gateway: number | undefined, extra: Omit<IpamConfigEntry, 'Subnet' | 'Gateway'> = {}): IpamConfigEntry {
  return { Subnet: formatPrefix4(subnet), ...extra, ...(gateway !== undefined ? { Gateway: formatAddr4(gateway) } : {}) };
}
