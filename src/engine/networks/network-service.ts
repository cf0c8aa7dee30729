/**
 * The network backend: the predefined networks, create/find/list/remove/prune,
 * connect/disconnect, and the container hooks that give a container its endpoints
 * when it starts (addresses, MAC, published ports) and take them back when it stops.
 */
import type { Clock } from '../clock.js';
import type { Container, Endpoint, Json } from '../containers/container.js';
import type { ContainerStore } from '../containers/container-store.js';
import type { CreateRequest } from '../containers/create-spec.js';
import type { ContainerHooks } from '../containers/hooks.js';
import { EngineError, conflict, forbidden, invalidParameter, notFound, systemError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Filters } from '../filters.js';
import type { RandomSource } from '../random.js';
import type { PortPublisher } from '../ports/publisher.js';
import { bindNameResolver } from '../process/programs/network.js';
import { EMBEDDED_DNS, HOST_NAMESERVER, mountEmptyEtcFiles, mountEtcFiles, type LinkedHost } from './etc-files.js';
import { parseLinks } from '../containers/links.js';
import { AddressPool, AddressSpace, defaultGateway } from './ipam.js';
import { contains4, formatAddr4, isIPv6Text, parseAddr4, parsePrefix4 } from './ipv4.js';
import { isPredefinedNetworkName, isUserDefinedMode, Network, subnetEntry, type IpamConfigEntry, type NetworkSpec } from './network.js';
import { matchesNetworkFilters, NETWORK_FILTER_KEYS, PRUNE_FILTER_KEYS } from './network-filters.js';
import { rpcFailedPrecondition } from '../swarm/swarm-errors.js';

export interface NetworkDeps {
  clock: Clock;
  random: RandomSource;
  events: EventBus;
  containers: ContainerStore;
  ports: PortPublisher;
  /** Whether this node manages an active swarm (overlay networks need it). */
  swarmManager: () => boolean;
  /** Whether swarm mode is active (ingress and docker_gwbridge exist then). */
  swarmActive?: () => boolean;
  /** Why a swarm network cannot go yet (a service or live task uses it), if it cannot. */
  swarmNetworkUser?: (networkId: string) => string | undefined;
}

export interface NetworkCreateRequest {
  Name?: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network?: string } | null;
  EnableIPv4?: boolean | null;
  EnableIPv6?: boolean | null;
  IPAM?: { Driver?: string; Config?: IpamConfigEntry[] | null; Options?: Record<string, string> | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

const KNOWN_DRIVERS = new Set(['bridge', 'overlay', 'macvlan', 'ipvlan', 'host', 'null']);
const SINGLETON_DRIVERS = new Set(['host', 'null']);

const BRIDGE_OPTIONS = {
  'com.docker.network.bridge.default_bridge': 'true',
  'com.docker.network.bridge.enable_icc': 'true',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
  'com.docker.network.bridge.name': 'docker0',
  'com.docker.network.driver.mtu': '1500',
};

export class NetworkService {
  private readonly byId = new Map<string, Network>();
  private readonly space = new AddressSpace();
  private swarmSeen = false;
  readonly hooks: ContainerHooks;

  constructor(private readonly deps: NetworkDeps) {
    this.addPredefined('bridge', 'bridge', { ...BRIDGE_OPTIONS });
    this.addPredefined('host', 'host', {});
    this.addPredefined('none', 'null', {});
    this.hooks = {
      created: (c, req) => this.setUpContainer(c, req),
      starting: (c) => this.attachAll(c),
      stopped: (c) => this.detachAll(c),
      removing: (c) => this.detachAll(c),
    };
  }

  list(filters: Filters): Network[] {
    filters.validate(NETWORK_FILTER_KEYS);
    this.syncSwarmNetworks();
    return [...this.byId.values()].filter((n) => matchesNetworkFilters(n, filters)).sort((a, b) => a.created - b.created);
  }

  /** Find by full ID, exact name, then unique ID prefix (dockerd's order and texts). */
  find(term: string): Network | undefined {
    this.syncSwarmNetworks();
    const exact = this.byId.get(term);
    if (exact) return exact;
    const byName = [...this.byId.values()].filter((n) => n.name === term);
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) throw invalidParameter(`network ${term} is ambiguous (${byName.length} matches found based on name)`);
    const byPrefix = term ? [...this.byId.values()].filter((n) => n.id.startsWith(term)) : [];
    if (byPrefix.length === 1) return byPrefix[0];
    if (byPrefix.length > 1) throw invalidParameter(`network ${term} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
    return undefined;
  }

  get(term: string): Network {
    const n = this.find(term);
    if (!n) throw notFound(`network ${term} not found`);
    return n;
  }

  create(req: NetworkCreateRequest): Network {
    const name = req.Name ?? '';
    if (isPredefinedNetworkName(name)) throw forbidden(`operation is not permitted on predefined ${name} network `);
    const driver = req.Driver || 'bridge';
    if (driver === 'overlay' && !this.deps.swarmManager()) {
      throw forbidden('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
    }
    if (!name.trim()) throw invalidParameter('invalid name: name is empty');
    if ([...this.byId.values()].some((n) => n.name === name)) throw conflict(`network with name ${name} already exists`);
    const ipam = req.IPAM ?? {};
    validateIpamConfig(ipam.Config ?? [], !!req.EnableIPv6);
    if (!KNOWN_DRIVERS.has(driver)) throw notFound(`plugin "${driver}" not found`);
    if (ipam.Driver && ipam.Driver !== 'default' && ipam.Driver !== 'null') throw notFound(`plugin "${ipam.Driver}" not found`);
    if (SINGLETON_DRIVERS.has(driver) && !req.ConfigOnly) throw forbidden(`only one instance of "${driver}" network is allowed`);
    if (req.Ingress && driver !== 'overlay') throw forbidden('Ingress network can only be global scope network');
    if (req.ConfigFrom?.Network) {
      const from = this.get(req.ConfigFrom.Network);
      if (!from.spec.configOnly) throw forbidden(`config network ${from.name} is not a configuration-only network`);
    }
    const scope = driver === 'overlay' ? 'swarm' : 'local';
    const id = scope === 'swarm' ? this.deps.random.swarmId() : this.deps.random.hexId();
    const configs = (ipam.Config ?? []).filter((c) => !c.Subnet || !isIPv6Text(c.Subnet));
    const v6 = (ipam.Config ?? []).filter((c) => c.Subnet && isIPv6Text(c.Subnet));
    if (req.EnableIPv6 && v6.length === 0 && !req.ConfigOnly) {
      throw notFound('could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network');
    }
    const enableIPv4 = req.EnableIPv4 ?? true;
    const { pools, entries } = req.ConfigOnly || req.ConfigFrom?.Network || !enableIPv4 ? { pools: [], entries: configs } : this.claimSubnets(id, configs, scope);
    const spec: NetworkSpec = {
      id, name, driver, scope, created: this.deps.clock.now(),
      internal: !!req.Internal, attachable: !!req.Attachable, ingress: !!req.Ingress,
      enableIPv4, enableIPv6: !!req.EnableIPv6, configOnly: !!req.ConfigOnly, configFrom: req.ConfigFrom?.Network ?? '',
      options: { ...(req.Options ?? {}) }, labels: req.Labels ?? {},
      ipamDriver: ipam.Driver || 'default', ipamOptions: ipam.Options ?? null,
      ipamConfig: [...entries, ...v6], userSubnets: configs.some((c) => !!c.Subnet),
    };
    if (req.ConfigFrom?.Network) {
      const from = this.get(req.ConfigFrom.Network);
      const claimed = this.claimSubnets(id, from.spec.ipamConfig.filter((c) => !c.Subnet || !isIPv6Text(c.Subnet)), scope);
      spec.ipamConfig = claimed.entries;
      spec.userSubnets = from.spec.userSubnets;
      spec.options = { ...from.spec.options, ...spec.options };
      pools.push(...claimed.pools);
    }
    const network = new Network(spec, pools);
    this.byId.set(id, network);
    this.deps.events.publish({ type: 'network', action: 'create', id, attributes: network.eventAttributes(), scope: spec.scope });
    return network;
  }

  remove(term: string): void {
    const n = this.get(term);
    if (n.predefined) throw forbidden(`${n.name} is a pre-defined network and cannot be removed`);
    const swarmUser = n.spec.scope === 'swarm' ? this.deps.swarmNetworkUser?.(n.id) : undefined;
    if (swarmUser) throw rpcFailedPrecondition(swarmUser);
    if (n.endpoints.size > 0) {
      const eps = [...n.endpoints.values()].map((e) => `name:"${e.container.name.slice(1)}" id:"${e.endpoint.EndpointID.slice(0, 12)}"`);
      throw forbidden(`error while removing network: network ${n.name} has active endpoints (${eps.join(', ')})`);
    }
    if (n.spec.configOnly && [...this.byId.values()].some((o) => o.spec.configFrom === n.name)) {
      throw forbidden(`error while removing network: configuration network "${n.name}" is in use`);
    }
    this.destroy(n);
  }

  prune(filters: Filters): { NetworksDeleted: string[] | null } {
    filters.validate(PRUNE_FILTER_KEYS);
    const until = filters.get('until')[0];
    const untilMs = until === undefined ? undefined : parseUntil(until, this.deps.clock.now());
    const deleted: string[] = [];
    for (const n of [...this.byId.values()]) {
      if (n.predefined || n.endpoints.size > 0 || n.spec.scope !== 'local') continue;
      if (!filters.labels('label', n.spec.labels ?? {})) continue;
      if (filters.has('label!') && !filters.labels('label!', n.spec.labels ?? {})) continue;
      if (untilMs !== undefined && n.created >= untilMs) continue;
      this.destroy(n);
      deleted.push(n.name);
    }
    this.deps.events.publish({ type: 'network', action: 'prune', id: '', attributes: { reclaimed: '0' } });
    return { NetworksDeleted: deleted.length ? deleted : null };
  }

  /** POST /networks/{id}/connect. */
  connect(containerRef: string, term: string, config: Json | null | undefined): void {
    const container = this.deps.containers.get(containerRef);
    const settings = config ?? {};
    if (!container.running) {
      if (container.state.status === 'removing' || container.state.status === 'dead') throw removalError(container);
      const n = this.find(term);
      if (n) this.addEndpointConfig(container, n, settings);
      else container.networks[term] = endpointFrom(settings);
      return;
    }
    if (String(container.hostConfig.NetworkMode ?? '').startsWith('container:')) throw invalidParameter(SHARED_NETWORK);
    const n = this.get(term);
    const existing = container.networks[n.name];
    if (existing?.EndpointID) throw forbidden(`endpoint with name ${container.name.slice(1)} already exists in network ${n.name}`);
    this.checkCompatible(container, n);
    const endpoint = this.configuredEndpoint(container, n, settings);
    container.networks[n.name] = endpoint;
    try {
      this.attach(container, n, endpoint);
    } catch (err) {
      delete container.networks[n.name];
      throw err;
    }
    this.publishEndpoint(container, n, 'connect');
  }

  /** POST /networks/{id}/disconnect. */
  disconnect(containerRef: string, term: string, force: boolean): void {
    const container = this.deps.containers.find(containerRef);
    if (!container) {
      if (!force) throw notFound(`No such container: ${containerRef}`);
      const n = this.get(term);
      const hit = [...n.endpoints.values()].find((e) => e.container.name.slice(1) === containerRef || e.endpoint.EndpointID === containerRef);
      if (!hit) throw notFound(`endpoint ${containerRef} not found`);
      this.detach(hit.container, n);
      return;
    }
    let n: Network | undefined;
    let lookupError: unknown;
    try {
      n = this.get(term);
    } catch (err) {
      lookupError = err;
    }
    if (!container.running || (lookupError && force)) {
      if (container.state.status === 'removing' || container.state.status === 'dead') throw removalError(container);
      const name = n?.name ?? term;
      if (!(name in container.networks)) throw systemError(`container ${container.id} is not connected to the network ${name}`);
      delete container.networks[name];
      return;
    }
    if (!n) throw lookupError;
    if (container.hostConfig.NetworkMode === 'host' && n.driver === 'host') {
      throw invalidParameter('cannot disconnect container from host network - container was created in host network mode');
    }
    if (!n.endpoints.has(container.id)) throw systemError(`container ${container.id} is not connected to network ${n.name}`);
    this.detach(container, n);
    delete container.networks[n.name];
  }

  /** The networks a running container is attached to, with its endpoint in each. */
  attachmentsOf(container: Container): Array<{ network: Network; endpoint: Endpoint }> {
    const out: Array<{ network: Network; endpoint: Endpoint }> = [];
    for (const [name, ep] of Object.entries(container.networks)) {
      const n = (ep.NetworkID && this.byId.get(ep.NetworkID)) || this.findQuiet(name);
      if (n?.endpoints.has(container.id)) out.push({ network: n, endpoint: ep });
    }
    return out;
  }

  /** Every network, without filters (views, DNS). */
  all(): Network[] {
    return [...this.byId.values()];
  }

  // ---- container lifecycle ----

  private setUpContainer(container: Container, req: CreateRequest): void {
    const hc = container.hostConfig;
    const mode = String(hc.NetworkMode || 'default');
    const service = this;
    bindNameResolver(container.fs, {
      lookup: (name) => this.resolveName(container, name),
      get server() {
        return service.usesEmbeddedDns(container) ? EMBEDDED_DNS : HOST_NAMESERVER;
      },
    });
    mountEmptyEtcFiles(container, this.deps.clock.now());
    const endpointsConfig = (req.networkingConfig?.EndpointsConfig ?? {}) as Record<string, Json | null>;
    container.networks = {};
    if (mode.startsWith('container:')) {
      const ref = mode.slice('container:'.length);
      const target = this.deps.containers.get(ref);
      if (target.id === container.id) throw invalidParameter('cannot join own network namespace');
      if (Object.keys(hc.PortBindings ?? {}).length || hc.PublishAllPorts) throw invalidParameter('conflicting options: port publishing and the container type network mode');
      return;
    }
    const primary = mode === 'default' ? 'bridge' : mode;
    const primaryNet = this.find(primary);
    if (!primaryNet) throw notFound(`network ${primary} not found`);
    let primaryConfig = endpointsConfig[mode] ?? endpointsConfig[primary] ?? endpointsConfig[primaryNet.name] ?? endpointsConfig[primaryNet.id] ?? {};
    // Config.MacAddress (API < 1.44 clients such as docker-py's mac_address) is the primary endpoint's MAC, as dockerd migrates it.
    const legacyMac = req.config?.MacAddress;
    if (legacyMac && !primaryConfig.MacAddress) primaryConfig = { ...primaryConfig, MacAddress: legacyMac };
    container.networks[primaryNet.name] = this.configuredEndpoint(container, primaryNet, primaryConfig);
    for (const [key, cfg] of Object.entries(endpointsConfig)) {
      if (key === primary || key === mode || key === primaryNet.name || key === primaryNet.id) continue;
      const n = this.get(key);
      if (n.name in container.networks) continue;
      this.checkCompatible(container, n);
      container.networks[n.name] = this.configuredEndpoint(container, n, cfg ?? {});
    }
  }

  /** At start: endpoints in every configured network, then published ports. */
  private attachAll(container: Container): void {
    const mode = String(container.hostConfig.NetworkMode || 'default');
    if (mode.startsWith('container:')) {
      const target = this.deps.containers.get(mode.slice('container:'.length));
      if (!target.running) {
        throw conflict(`cannot join network namespace of a non running container: container ${target.name.slice(1)} is ${target.state.status}`);
      }
      return;
    }
    const attached: Network[] = [];
    try {
      for (const [name, ep] of Object.entries(container.networks)) {
        const n = this.find(name) ?? (ep.NetworkID ? this.byId.get(ep.NetworkID) : undefined);
        if (!n) throw notFound(`failed to set up container networking: network ${name} not found`);
        if (n.endpoints.has(container.id)) continue;
        this.attach(container, n, ep);
        attached.push(n);
      }
      if (mode !== 'host' && mode !== 'none') {
        try {
          this.deps.ports.publish(container);
        } catch (err) {
          const ep = Object.values(container.networks)[0];
          const message = err instanceof Error ? err.message : String(err);
          throw systemError(`failed to set up container networking: driver failed programming external connectivity on endpoint ${container.name.slice(1)} (${ep?.EndpointID ?? ''}): ${message}`);
        }
      }
    } catch (err) {
      for (const n of attached) this.detach(container, n, false);
      throw err;
    }
    mountEtcFiles(container, this.usesEmbeddedDns(container), this.deps.clock.now(), this.linkedHosts(container));
    for (const n of attached) this.publishEndpoint(container, n, 'connect');
  }

  private detachAll(container: Container): void {
    this.deps.ports.unpublish(container);
    for (const { network } of this.attachmentsOf(container)) this.detach(container, network);
  }

  /** Give the container an endpoint (address, MAC, IDs) in the network. */
  private attach(container: Container, n: Network, ep: Endpoint): void {
    const { random } = this.deps;
    let address: number | undefined;
    let pool: AddressPool | undefined;
    if (n.pools.length > 0) {
      const wanted = ep.IPAMConfig?.IPv4Address ? parseAddr4(String(ep.IPAMConfig.IPv4Address)) : undefined;
      if (wanted !== undefined) {
        pool = n.pools.find((p) => contains4(p.subnet, wanted));
        if (!pool) throw invalidParameter('requested address is out of range');
        pool.reserve(wanted);
        address = wanted;
      } else {
        pool = n.pools.find((p) => p.allocatedCount < p.capacity) ?? n.pools[0]!;
        address = pool.allocate();
      }
    }
    ep.NetworkID = n.id;
    ep.EndpointID = random.hexId();
    if (address !== undefined && pool) {
      ep.IPAddress = formatAddr4(address);
      ep.IPPrefixLen = pool.subnet.bits;
      ep.Gateway = pool.gateway !== undefined && !n.spec.internal ? formatAddr4(pool.gateway) : '';
      ep.MacAddress = ep.MacAddress || randomMac(random);
    }
    n.endpoints.set(container.id, { container, endpoint: ep, address, pool });
  }

  private detach(container: Container, n: Network, announce = true): void {
    const active = n.endpoints.get(container.id);
    if (!active) return;
    n.endpoints.delete(container.id);
    if (active.address !== undefined) active.pool?.release(active.address);
    const ep = active.endpoint;
    if (announce) this.publishEndpoint(container, n, 'disconnect');
    ep.EndpointID = '';
    ep.Gateway = '';
    ep.IPAddress = '';
    ep.IPPrefixLen = 0;
    ep.IPv6Gateway = '';
    ep.GlobalIPv6Address = '';
    ep.GlobalIPv6PrefixLen = 0;
    if (!ep.IPAMConfig?.MacAddress) ep.MacAddress = '';
  }

  private publishEndpoint(container: Container, n: Network, action: 'connect' | 'disconnect'): void {
    this.deps.events.publish({ type: 'network', action, id: n.id, attributes: n.eventAttributes({ container: container.id }), scope: n.spec.scope, node: container.node });
  }

  // ---- embedded DNS ----

  /**
   * What the embedded DNS answers a container: its own hostname (from /etc/hosts),
   * then the names and aliases of containers running on a user-defined network it
   * shares. Names on the default bridge do not resolve, as on dockerd.
   */
  resolveName(from: Container, name: string): string | undefined {
    const wanted = name.toLowerCase().replace(/\.$/, '');
    const own = this.attachmentsOf(this.namespaceOwner(from));
    if (wanted === String(from.config.Hostname ?? '').toLowerCase()) return own.find((a) => a.endpoint.IPAddress)?.endpoint.IPAddress ?? '127.0.0.1';
    for (const { network, endpoint } of own) {
      if (!isUserDefinedMode(network.name)) continue;
      const linked = this.resolveLink(network, endpoint.Links ?? [], wanted);
      if (linked) return linked;
    }
    for (const { network } of own) {
      if (!isUserDefinedMode(network.name)) continue;
      for (const { endpoint } of network.endpoints.values()) {
        if (endpoint.IPAddress && (endpoint.DNSNames ?? []).some((n) => n.toLowerCase() === wanted)) return endpoint.IPAddress;
      }
    }
    return undefined;
  }

  /** A name as the embedded DNS of a user-defined network answers it (build RUN steps with networkmode). */
  resolveOnNetwork(networkRef: string, name: string): string | undefined {
    const network = this.findQuiet(networkRef);
    if (!network || !isUserDefinedMode(network.name)) return undefined;
    const wanted = name.toLowerCase().replace(/\.$/, '');
    for (const { endpoint } of network.endpoints.values()) {
      if (endpoint.IPAddress && (endpoint.DNSNames ?? []).some((n) => n.toLowerCase() === wanted)) return endpoint.IPAddress;
    }
    return undefined;
  }

  /** A link ("container:alias") of this endpoint names another container on the network: its address, by alias or name. */
  private resolveLink(network: Network, links: readonly string[], wanted: string): string | undefined {
    for (const link of links) {
      const [target = '', alias = target] = String(link).replace(/^\//, '').split(':');
      if (alias.toLowerCase() !== wanted && target.toLowerCase() !== wanted) continue;
      const other = this.deps.containers.find(target);
      const address = other && network.endpoints.get(other.id)?.endpoint.IPAddress;
      if (address) return address;
    }
    return undefined;
  }

  /** Legacy links on the default bridge get /etc/hosts lines (user networks resolve them by DNS). */
  private linkedHosts(container: Container): LinkedHost[] {
    if (!container.networks.bridge) return [];
    return parseLinks(container.hostConfig.Links).flatMap((link) => {
      const child = this.deps.containers.find(link.target);
      const ip = child?.networks.bridge?.IPAddress;
      if (!child || !ip) return [];
      const name = child.name.slice(1);
      return [{ ip, names: [link.alias, String(child.config.Hostname ?? ''), ...(link.alias === name ? [] : [name])] }];
    });
  }

  /** On a user-defined network (or sharing the namespace of a container on one) resolv.conf names 127.0.0.11. */
  private usesEmbeddedDns(c: Container): boolean {
    return Object.keys(c.networks).some((n) => isUserDefinedMode(n)) || this.sharesUserNetwork(c);
  }

  private sharesUserNetwork(c: Container): boolean {
    return Object.keys(this.namespaceOwner(c).networks).some((n) => isUserDefinedMode(n));
  }

  /** A container:<id> mode container uses the other container's network namespace. */
  private namespaceOwner(c: Container): Container {
    const mode = String(c.hostConfig.NetworkMode ?? '');
    return (mode.startsWith('container:') && this.deps.containers.find(mode.slice('container:'.length))) || c;
  }

  // ---- helpers ----

  /** A created container gains (or keeps) an endpoint config for the network. */
  private addEndpointConfig(container: Container, n: Network, settings: Json): void {
    if (container.hostConfig.NetworkMode !== 'host' && n.driver === 'host') {
      throw invalidParameter('cannot connect container to host network - container must be created in host network mode');
    }
    if (n.name in container.networks) return;
    this.checkCompatible(container, n);
    container.networks[n.name] = this.configuredEndpoint(container, n, settings);
  }

  /** dockerd refuses mixing host/none/container networking with other networks. */
  private checkCompatible(container: Container, n: Network): void {
    for (const name of Object.keys(container.networks)) {
      const other = this.findQuiet(name);
      if (!other || other.name === n.name) continue;
      const isPrivate = (x: Network) => x.driver !== 'host';
      if (!isPrivate(other) || !isPrivate(n)) throw invalidParameter(SHARED_NETWORK);
      if (other.name === 'none' || n.name === 'none') {
        throw invalidParameter('container cannot be connected to multiple networks with one of the networks in private (none) mode');
      }
    }
  }

  /** Validate endpoint settings as dockerd does and build the (not yet active) Endpoint. */
  private configuredEndpoint(container: Container, n: Network, settings: Json): Endpoint {
    const errors: string[] = [];
    const ipam = (settings.IPAMConfig ?? null) as Json | null;
    const v4 = ipam?.IPv4Address ? String(ipam.IPv4Address) : '';
    const v6 = ipam?.IPv6Address ? String(ipam.IPv6Address) : '';
    const userDefined = isUserDefinedMode(n.name);
    if (!userDefined) {
      if (v4 || v6) errors.push('user specified IP address is supported on user defined networks only');
      if ((settings.Aliases ?? []).length > 0) errors.push('network-scoped alias is supported only for containers in user defined networks');
    }
    if (v4) {
      const addr = parseAddr4(v4);
      if (addr === undefined) errors.push(`invalid IPv4 address: ${v4}`);
      else if (userDefined && !n.spec.userSubnets) errors.push('user specified IP address is supported only when connecting to networks with user configured subnets');
      else if (userDefined && !n.pools.some((p) => contains4(p.subnet, addr))) {
        errors.push(`no configured subnet or ip-range contain the IP address ${v4}`);
      }
    }
    if (settings.MacAddress && !/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(String(settings.MacAddress))) {
      throw invalidParameter(`invalid MAC address ${settings.MacAddress}`);
    }
    if (errors.length) throw invalidParameter(`invalid endpoint settings:\n${errors.join('\n')}`);
    const ep = endpointFrom(settings);
    if (userDefined) ep.DNSNames = dnsNamesOf(container, ep.Aliases ?? []);
    return ep;
  }

  private claimSubnets(owner: string, configs: IpamConfigEntry[], scope: 'local' | 'swarm'): { pools: AddressPool[]; entries: IpamConfigEntry[] } {
    const pools: AddressPool[] = [];
    const entries: IpamConfigEntry[] = [];
    try {
      if (configs.length === 0 || configs.every((c) => !c.Subnet)) {
        const subnet = this.space.claimDefault(owner, scope);
        const gateway = configs[0]?.Gateway ? parseAddr4(configs[0].Gateway) : defaultGateway(subnet);
        pools.push(new AddressPool(subnet, gateway));
        entries.push(subnetEntry(subnet, gateway));
        return { pools, entries };
      }
      for (const [i, c] of configs.entries()) {
        const subnet = parsePrefix4(c.Subnet!)!.prefix;
        this.space.claim(configs.length > 1 ? `${owner}#${i}` : owner, subnet);
        const gateway = c.Gateway ? parseAddr4(c.Gateway)! : defaultGateway(subnet);
        const range = c.IPRange ? parsePrefix4(c.IPRange)!.prefix : undefined;
        const aux = Object.values(c.AuxiliaryAddresses ?? {}).map((a) => parseAddr4(a)!).filter((a) => a !== undefined);
        pools.push(new AddressPool(subnet, gateway, range, aux));
        entries.push(subnetEntry(subnet, gateway, { ...(c.IPRange ? { IPRange: c.IPRange } : {}), ...(c.AuxiliaryAddresses ? { AuxiliaryAddresses: c.AuxiliaryAddresses } : {}) }));
      }
    } catch (err) {
      this.releaseSubnets(owner, configs.length);
      throw err;
    }
    return { pools, entries };
  }

  private releaseSubnets(owner: string, count: number): void {
    this.space.release(owner);
    for (let i = 0; i < count; i++) this.space.release(`${owner}#${i}`);
  }

  private destroy(n: Network): void {
    this.byId.delete(n.id);
    this.releaseSubnets(n.id, n.spec.ipamConfig.length);
    this.deps.events.publish({ type: 'network', action: 'destroy', id: n.id, attributes: n.eventAttributes(), scope: n.spec.scope });
    if (n.spec.scope === 'swarm') this.deps.events.publish({ type: 'network', action: 'remove', id: n.id, attributes: n.eventAttributes(), scope: 'swarm' });
  }

  private findQuiet(term: string): Network | undefined {
    try {
      return this.find(term);
    } catch (err) {
      if (err instanceof EngineError) return undefined;
      throw err;
    }
  }

  /** `ingress` and `docker_gwbridge` appear with swarm mode (ingress goes when it ends). */
  private syncSwarmNetworks(): void {
    const active = this.deps.swarmActive?.() ?? false;
    if (active === this.swarmSeen) return;
    this.swarmSeen = active;
    const ingress = [...this.byId.values()].find((n) => n.name === 'ingress' && n.spec.ingress);
    if (!active) {
      if (ingress && ingress.endpoints.size === 0) {
        this.byId.delete(ingress.id);
        this.releaseSubnets(ingress.id, 1);
      }
      return;
    }
    if (![...this.byId.values()].some((n) => n.name === 'docker_gwbridge')) {
      this.addPredefined('docker_gwbridge', 'bridge', {
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'true',
        'com.docker.network.bridge.name': 'docker_gwbridge',
      });
    }
    if (!ingress) {
      const id = this.deps.random.swarmId();
      const subnet = this.space.claimDefault(id, 'swarm');
      const gateway = defaultGateway(subnet);
      const spec: NetworkSpec = {
        id, name: 'ingress', driver: 'overlay', scope: 'swarm', created: this.deps.clock.now(), internal: false, attachable: false, ingress: true,
        enableIPv4: true, enableIPv6: false, configOnly: false, configFrom: '', options: { 'com.docker.network.driver.overlay.vxlanid_list': '4096' }, labels: null,
        ipamDriver: 'default', ipamOptions: null, ipamConfig: [subnetEntry(subnet, gateway)], userSubnets: false,
      };
      this.byId.set(id, new Network(spec, [new AddressPool(subnet, gateway)]));
    }
  }

  private addPredefined(name: string, driver: string, options: Record<string, string>): void {
    const id = this.deps.random.hexId();
    let pools: AddressPool[] = [];
    let ipamConfig: IpamConfigEntry[] = [];
    if (driver === 'bridge') {
      const subnet = this.space.claimDefault(id);
      const gateway = defaultGateway(subnet);
      pools = [new AddressPool(subnet, gateway)];
      ipamConfig = [subnetEntry(subnet, gateway)];
    }
    const spec: NetworkSpec = {
      id, name, driver, scope: 'local', created: this.deps.clock.now(), internal: false, attachable: false, ingress: false,
      enableIPv4: true, enableIPv6: false, configOnly: false, configFrom: '', options, labels: {},
      ipamDriver: 'default', ipamOptions: null, ipamConfig, userSubnets: false,
    };
    this.byId.set(id, new Network(spec, pools));
  }
}

const SHARED_NETWORK = 'container sharing network namespace with another container or host cannot be connected to any other network';

function removalError(c: Container): EngineError {
  return conflict(`Container ${c.id} is marked for removal and cannot be connected or disconnected to the network`);
}

/** An endpoint as the request configured it, before it is active. */
export function endpointFrom(settings: Json): Endpoint {
  const aliases = (settings.Aliases ?? null) as string[] | null;
  return {
    IPAMConfig: settings.IPAMConfig ?? null,
    Links: settings.Links ?? null,
    Aliases: aliases && aliases.length ? [...aliases] : null,
    MacAddress: settings.MacAddress ?? '',
    DriverOpts: settings.DriverOpts ?? null,
    GwPriority: settings.GwPriority ?? 0,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

/** dockerd's buildEndpointDNSNames: name, aliases, short ID, hostname (deduplicated). */
function dnsNamesOf(c: Container, aliases: string[]): string[] {
  return [...new Set([c.name.slice(1), ...aliases, c.shortId, ...(c.config.Hostname ? [c.config.Hostname] : [])].filter(Boolean))];
}

/** A random, locally administered unicast MAC (dockerd 26+ no longer derives it from the IP). */
function randomMac(random: RandomSource): string {
  const b = random.bytes(6);
  b[0] = (b[0]! & 0xfe) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** IPAM.Config checks with dockerd's texts (400, all problems listed). */
function validateIpamConfig(configs: IpamConfigEntry[], enableIPv6: boolean): void {
  const errors: string[] = [];
  for (const c of configs) {
    if (!c.Subnet) continue;
    if (isIPv6Text(c.Subnet)) {
      if (!enableIPv6) continue;
      continue;
    }
    const parsed = parsePrefix4(c.Subnet);
    if (!parsed) {
      errors.push(`invalid subnet ${c.Subnet}: invalid CIDR block notation`);
      continue;
    }
    const subnet = parsed.prefix;
    const subnetText = `${formatAddr4(subnet.base)}/${subnet.bits}`;
    if (!parsed.exact) errors.push(`invalid subnet ${c.Subnet}: it should be ${subnetText}`);
    if (c.IPRange) {
      const r = parsePrefix4(c.IPRange);
      if (!r) errors.push(`invalid ip-range ${c.IPRange}: invalid CIDR block notation`);
      else {
        if (r.prefix.bits < subnet.bits) errors.push(`invalid ip-range ${c.IPRange}: CIDR block is bigger than its parent subnet ${subnetText}`);
        if (!r.exact) errors.push(`invalid ip-range ${c.IPRange}: it should be ${formatAddr4(r.prefix.base)}/${r.prefix.bits}`);
        if (!contains4(subnet, r.prefix.base) && !contains4(r.prefix, subnet.base)) errors.push(`invalid ip-range ${c.IPRange}: parent subnet ${subnetText} doesn't contain ip-range`);
      }
    }
    const addrProblem = (a: string) => {
      const v = parseAddr4(a);
      if (v === undefined) return isIPv6Text(a) ? 'parent subnet is an IPv4 block' : 'invalid address';
      return contains4(subnet, v) ? undefined : `parent subnet ${subnetText} doesn't contain this address`;
    };
    if (c.Gateway) {
      const p = addrProblem(c.Gateway);
      if (p) errors.push(`invalid gateway ${c.Gateway}: ${p}`);
    }
    for (const [k, a] of Object.entries(c.AuxiliaryAddresses ?? {})) {
      const p = addrProblem(a);
      if (p) errors.push(`invalid auxiliary address ${k}: ${p}`);
    }
  }
  if (errors.length) throw invalidParameter(`invalid network config:\n${errors.join('\n')}`);
}

/** `until` as a Unix timestamp, RFC 3339 time or a Go duration before now. */
function parseUntil(value: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const d = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (d) return now - Number(d[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[d[2] as 'ms' | 's' | 'm' | 'h'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`failed to parse value as time or duration: "${value}"`);
  return t;
}

