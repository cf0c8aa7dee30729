/** What GET /networks and GET /networks/{id} report, in the newest API's shape. */
import { rfc3339Nano } from '../containers/time-format.js';
import { formatPrefix4, prefixSize } from './ipv4.js';
import type { Network } from './network.js';

export function networkSummaryView(n: Network): Record<string, unknown> {
  const s = n.spec;
  return {
    Name: s.name,
    Id: s.id,
    Created: rfc3339Nano(s.created),
    Scope: s.scope,
    Driver: s.driver,
    EnableIPv4: s.enableIPv4,
    EnableIPv6: s.enableIPv6,
    IPAM: { Driver: s.ipamDriver, Options: s.ipamOptions, Config: s.ipamConfig.map((c) => ({ ...c })) },
    Internal: s.internal,
    Attachable: s.attachable,
    Ingress: s.ingress,
    ConfigFrom: { Network: s.configFrom },
    ConfigOnly: s.configOnly,
    Options: { ...s.options },
    Labels: s.labels ? { ...s.labels } : null,
  };
}

export function networkInspectView(n: Network): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const [id, { container, endpoint }] of n.endpoints) {
    containers[id] = {
      Name: container.name.slice(1),
      EndpointID: endpoint.EndpointID,
      MacAddress: endpoint.MacAddress,
      IPv4Address: endpoint.IPAddress ? `${endpoint.IPAddress}/${endpoint.IPPrefixLen}` : '',
      IPv6Address: endpoint.GlobalIPv6Address ? `${endpoint.GlobalIPv6Address}/${endpoint.GlobalIPv6PrefixLen}` : '',
    };
  }
  const base = networkSummaryView(n);
  const { Options, Labels, ...head } = base;
  return {
    ...head,
    Containers: containers,
    Options,
    Labels,
    Status: {
      IPAM: {
        Subnets: Object.fromEntries(
          n.pools.map((p) => {
            const reserved = prefixSize(p.subnet) - p.capacity;
            return [formatPrefix4(p.subnet), { IPsInUse: p.allocatedCount + reserved, DynamicIPsAvailable: p.capacity - p.allocatedCount }];
          }),
        ),
      },
    },
  };
}
