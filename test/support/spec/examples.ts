/**
 * Hand-written, realistic response bodies (shaped after what dockerd sends)
 * for the harness's own tests. `examplesFor(version)` gives the fields that
 * version's spec documents: e.g. ImageSummary.VirtualSize only below 1.44.
 */
import { compareVersions } from './versions.js';

export interface ExampleExchange {
  name: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

const CONTAINER_ID = '4fa6e0f0c6786287e131c3852c58a2e01cc697a68231826813597e4994f1d6e2';
const IMAGE_ID = 'sha256:ec3f0931a6e6b6855d76b2d7b0be30e81860baccd891b2e243280bf1cd8ad710';

function containerInspect(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Id: CONTAINER_ID,
    Created: '2025-01-20T10:00:00.000000000Z',
    Path: 'sleep',
    Args: ['3600'],
    State: {
      Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false,
      Pid: 4242, ExitCode: 0, Error: '', StartedAt: '2025-01-20T10:00:01.000000000Z', FinishedAt: '0001-01-01T00:00:00Z',
    },
    Image: IMAGE_ID,
    ResolvConfPath: `/var/lib/docker/containers/${CONTAINER_ID}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${CONTAINER_ID}/hostname`,
    HostsPath: `/var/lib/docker/containers/${CONTAINER_ID}/hosts`,
    LogPath: `/var/lib/docker/containers/${CONTAINER_ID}/${CONTAINER_ID}-json.log`,
    Name: '/web',
    RestartCount: 0,
    Driver: 'overlay2',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    HostConfig: {
      Binds: null, NetworkMode: 'default', PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
      RestartPolicy: { Name: 'always', MaximumRetryCount: 0 }, AutoRemove: false, Privileged: false,
      Memory: 0, CpuShares: 0, Ulimits: null, LogConfig: { Type: 'json-file', Config: {} },
    },
    GraphDriver: { Name: 'overlay2', Data: { MergedDir: '/var/lib/docker/overlay2/abc/merged' } },
    Mounts: [],
    Config: {
      Hostname: '4fa6e0f0c678', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
      ExposedPorts: { '80/tcp': {} }, Tty: false, OpenStdin: false, StdinOnce: false,
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sleep', '3600'],
      Image: 'busybox', Volumes: null, WorkingDir: '', Entrypoint: null, Labels: { app: 'web' },
    },
    NetworkSettings: {
      Bridge: '', SandboxID: 'b0c3e3dcd1c9', Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] },
      SandboxKey: '/var/run/docker/netns/b0c3e3dcd1c9',
      Networks: {
        bridge: {
          IPAMConfig: null, Links: null, Aliases: null, NetworkID: '7ea29fc1412292a2d7bba362f9253545fecdfa8ce9a6e37dd10ba8bee7129812',
          EndpointID: '2cdc4edb1ded3631c81f57966563e5c8525b81121bb3706a9a9a3ae102711f3f', Gateway: '172.17.0.1',
          IPAddress: '172.17.0.2', IPPrefixLen: 16, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0,
          MacAddress: '02:42:ac:11:00:02',
        },
      },
    },
  };
  // deprecated NetworkSettings fields, gone from API 1.52 on
  if (compareVersions(version, '1.52') >= 0) delete (body.NetworkSettings as Record<string, unknown>).Bridge;
  return body;
}

function systemVersion(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Version: '28.2.2', ApiVersion: version, MinAPIVersion: '1.24', GitCommit: 'e6534b4', GoVersion: 'go1.24.3',
    Os: 'linux', Arch: 'amd64', KernelVersion: '6.8.0-45-generic', BuildTime: '2025-05-30T12:07:26.000000000+00:00',
  };
  if (compareVersions(version, '1.35') >= 0) {
    body.Platform = { Name: 'Docker Engine - Community' };
    body.Components = [{ Name: 'Engine', Version: '28.2.2', Details: { ApiVersion: version, Os: 'linux' } }];
  }
  return body;
}

function imageSummary(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Id: IMAGE_ID, ParentId: '', RepoTags: ['busybox:latest'],
    RepoDigests: ['busybox@sha256:a5d0ce49aa801d475da48f8cb163c354ab95cab073cd3c138bd458fc8257fbf1'],
    Created: 1716311000, Size: 4261550, SharedSize: -1, Labels: {}, Containers: -1,
  };
  if (compareVersions(version, '1.44') < 0) body.VirtualSize = 4261550;
  return body;
}

function network(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Name: 'bridge', Id: '7ea29fc1412292a2d7bba362f9253545fecdfa8ce9a6e37dd10ba8bee7129812',
    Created: '2025-01-20T09:58:00.000000000Z', Scope: 'local', Driver: 'bridge', EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] },
    Internal: false,
    Containers: {
      [CONTAINER_ID]: {
        Name: 'web', EndpointID: '2cdc4edb1ded3631c81f57966563e5c8525b81121bb3706a9a9a3ae102711f3f',
        MacAddress: '02:42:ac:11:00:02', IPv4Address: '172.17.0.2/16', IPv6Address: '',
      },
    },
    Options: { 'com.docker.network.bridge.default_bridge': 'true' },
    Labels: {},
  };
  if (compareVersions(version, '1.26') >= 0) Object.assign(body, { Attachable: false, Ingress: false });
  return body;
}

function volume(): Record<string, unknown> {
  return {
    Name: 'data', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/data/_data',
    Labels: { project: 'demo' }, Scope: 'local', Options: null,
  };
}

function service(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ID: '9mnpnzenvg8p8tdbtq4wvbkcz',
    Version: { Index: 19 },
    CreatedAt: '2025-01-20T10:00:00.000000000Z',
    UpdatedAt: '2025-01-20T10:00:00.000000000Z',
    Spec: {
      Name: 'web', Labels: {},
      TaskTemplate: {
        ContainerSpec: { Image: 'nginx:latest', Args: ['nginx', '-g', 'daemon off;'] },
        Resources: { Limits: {}, Reservations: {} },
        RestartPolicy: { Condition: 'any', MaxAttempts: 0 },
        Placement: {},
        ForceUpdate: 0,
      },
      Mode: { Replicated: { Replicas: 3 } },
      UpdateConfig: { Parallelism: 1, FailureAction: 'pause', MaxFailureRatio: 0 },
      EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }] },
    },
    Endpoint: {
      Spec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }] },
      Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }],
      VirtualIPs: [{ NetworkID: '4qvuz4ko70xaltuqbt8956gd1', Addr: '10.255.0.2/16' }],
    },
  };
  if (compareVersions(version, '1.28') >= 0) {
    (body.Spec as { UpdateConfig: Record<string, unknown> }).UpdateConfig.Order = 'stop-first';
  }
  return body;
}

function node(version: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ID: '24ifsmvkjbyhk',
    Version: { Index: 373531 },
    CreatedAt: '2025-01-20T09:58:00.000000000Z',
    UpdatedAt: '2025-01-20T10:00:00.000000000Z',
    Spec: { Labels: {}, Role: 'manager', Availability: 'active' },
    Description: {
      Hostname: 'node-1',
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: 4000000000, MemoryBytes: 8272408576 },
      Engine: { EngineVersion: '28.2.2', Labels: {}, Plugins: [{ Type: 'Volume', Name: 'local' }] },
    },
  };
  if (compareVersions(version, '1.26') >= 0) {
    body.Status = { State: 'ready', Addr: '172.17.0.2' };
    body.ManagerStatus = { Leader: true, Reachability: 'reachable', Addr: '172.17.0.2:2377' };
  }
  return body;
}

export function examplesFor(version: string): ExampleExchange[] {
  const v = `/v${version}`;
  return [
    { name: 'ContainerInspect', method: 'GET', path: `${v}/containers/web/json?size=0`, status: 200, body: containerInspect(version) },
    { name: 'ContainerInspect 404', method: 'GET', path: `${v}/containers/nosuch/json`, status: 404, body: { message: 'No such container: nosuch' } },
    { name: 'SystemVersion', method: 'GET', path: `${v}/version`, status: 200, body: systemVersion(version) },
    { name: 'ImageList', method: 'GET', path: `${v}/images/json`, status: 200, body: [imageSummary(version)] },
    { name: 'NetworkInspect', method: 'GET', path: `${v}/networks/bridge`, status: 200, body: network(version) },
    { name: 'VolumeList', method: 'GET', path: `${v}/volumes`, status: 200, body: { Volumes: [volume()], Warnings: null } },
    { name: 'ServiceInspect', method: 'GET', path: `${v}/services/web`, status: 200, body: service(version) },
    { name: 'NodeInspect', method: 'GET', path: `${v}/nodes/node-1`, status: 200, body: node(version) },
  ];
}
