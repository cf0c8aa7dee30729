/**
 * Where dockerd itself does not answer what its swagger says, the spec is
 * patched here, one field at a time, for the versions where it matters. Every
 * entry names the definition (or inline response), the field, the versions,
 * and the evidence. Keep this list short and explicit; never loosen the
 * validator instead.
 */
import { loadSwagger } from './load.js';
import { compareVersions } from './versions.js';
import { HTTP_METHODS, type SwaggerDoc, type SwaggerSchema } from './swagger-types.js';

export type QuirkKind =
  /** dockerd sends a field the spec's object does not declare: accept any value */
  | 'undeclared-field'
  /** dockerd sends null where the spec does not say x-nullable */
  | 'nullable'
  /** dockerd omits a field the spec lists as required */
  | 'optional'
  /** the spec's schema for the field is wrong (a placeholder); use the one of a later spec (`from`) */
  | 'backport'
  /** the spec's schema for the field is wrong in a way `patch` corrects (a type, an enum) */
  | 'patch';

export interface SpecQuirk {
  kind: QuirkKind;
  /** spec versions the quirk applies to, inclusive ("1.25", "1.41") */
  versions: readonly [from: string, to: string];
  /** `definitions` entry, or `OperationId status` for an inline response schema */
  schema: string;
  /** dotted path from that schema to the object holding the field; "[]" steps into array items; "" = the schema itself */
  at: string;
  field: string;
  /** backport: the definition of a later spec that replaces the field's schema */
  from?: { version: string; definition: string };
  /** patch: the corrected schema, from the spec's own (absent: the field was undeclared) */
  patch?: (schema: SwaggerSchema | undefined, doc: SwaggerDoc) => SwaggerSchema;
  why: string;
}

const ALL: SpecQuirk['versions'] = ['1.25', '1.56'];
/** versions a dockerd 20.10 serves: the evidence in fixtures/golden/dockerd-20.10 */
const UP_TO_1_41: SpecQuirk['versions'] = ['1.25', '1.41'];

/** Fields undeclared by the spec from 1.25 up to `to` (inclusive), each its own entry. */
function undeclaredUntil(schema: string, at: string, to: string, fields: string[], why: string): SpecQuirk[] {
  return fields.map((field) => ({ kind: 'undeclared-field', versions: ['1.25', to], schema, at, field, why }));
}

export const SPEC_QUIRKS: readonly SpecQuirk[] = [
  {
    kind: 'nullable', versions: ALL, schema: 'Resources', at: '', field: 'MemorySwappiness',
    why: 'Go *int64 without omitempty: null unless set (golden containers/inspect-*); unchanged in moby master',
  },
  {
    kind: 'nullable', versions: ALL, schema: 'Resources', at: '', field: 'OomKillDisable',
    why: 'Go *bool: on cgroup v2 (mockerd /info says CgroupVersion 2, OomKillDisable false) dockerd\'s verifyPlatformContainerResources discards it to nil, so inspect shows null (moby daemon/daemon_unix.go; pterodactyl/panel#3943); 20.10 on cgroup v1 sent false',
  },
  {
    kind: 'nullable', versions: ALL, schema: 'ExecInspect 200', at: '', field: 'ExitCode',
    why: 'Go *int without omitempty: null before the exec process has exited (golden exec/inspect-before-start; unchanged in moby master api/types/container/exec.go ExecInspectResponse)',
  },
  {
    kind: 'nullable', versions: ['1.25', '1.38'], schema: 'ContainerWait 200', at: '', field: 'Error',
    why: 'dockerd 20.10 sends "Error": null (golden containers/wait-*); moby 25+ omits it (omitempty)',
  },
  {
    kind: 'nullable', versions: ['1.39', '1.41'], schema: 'ContainerWaitResponse', at: '', field: 'Error',
    why: 'dockerd 20.10 sends "Error": null (golden containers/wait-*); moby 25+ omits it (omitempty)',
  },
  ...(['status', 'id', 'from'] as const).flatMap((field): SpecQuirk[] => [
    {
      kind: 'undeclared-field', versions: ['1.25', '1.39'], schema: 'SystemEvents 200', at: '', field,
      why: 'deprecated event fields dockerd kept sending until API 1.52 (version-history v1.52; golden */events-*)',
    },
    {
      kind: 'undeclared-field', versions: ['1.40', '1.51'], schema: 'EventMessage', at: '', field,
      why: 'deprecated event fields dockerd kept sending until API 1.52 (version-history v1.52; golden */events-*)',
    },
  ]),
  {
    kind: 'backport', versions: ['1.25', '1.31'], schema: 'ContainerInspect 200', at: '', field: 'NetworkSettings',
    from: { version: '1.32', definition: 'NetworkSettings' },
    why: 'specs before 1.32 describe NetworkSettings with a placeholder ("NetworkConfig: TODO: check is correct") that matches no dockerd answer',
  },
  {
    kind: 'backport', versions: ['1.25', '1.34'], schema: 'HostConfig', at: '', field: 'PortBindings',
    from: { version: '1.32', definition: 'PortMap' },
    why: 'specs before 1.35 type a PortBindings value as one object (1.32-1.34 define PortMap but HostConfig does not use it yet); dockerd has always sent a list of bindings (PortMap)',
  },
  {
    kind: 'nullable', versions: ['1.25', '1.31'], schema: 'EndpointSettings', at: '', field: 'IPAMConfig',
    why: 'Go pointer: null unless set (golden containers/list-v1.24); the spec says x-nullable from 1.32',
  },
  {
    kind: 'undeclared-field', versions: ['1.25', '1.29'], schema: 'NetworkContainer', at: '', field: 'Name',
    why: 'dockerd has always sent the endpoint\'s container name; the spec documents it from 1.30',
  },
  {
    kind: 'undeclared-field', versions: ['1.25', '1.43'], schema: 'Task', at: 'Status', field: 'PortStatus',
    why: 'dockerd 20.10 reports published ports of a task; the spec documents PortStatus only from 1.44 (golden tasks/*)',
  },
  {
    kind: 'undeclared-field', versions: UP_TO_1_41, schema: 'SystemDataUsage 200', at: '', field: 'BuilderSize',
    why: 'deprecated since API 1.38 but still sent by dockerd 20.10 (golden system/system-df)',
  },
  ...(['Secrets', 'AccessibilityRequirements', 'CapacityRange', 'Availability'] as const).map((field): SpecQuirk => ({
    kind: 'undeclared-field', versions: ['1.42', '1.56'], schema: 'ClusterVolumeSpec', at: '', field,
    why: 'the swagger indents these under AccessMode; dockerd marshals volume.ClusterVolumeSpec, where they are fields of the spec itself (moby api/types/volume/cluster_volume.go)',
  })),
  {
    kind: 'undeclared-field', versions: ['1.42', '1.56'], schema: 'ClusterVolumeSpec', at: 'AccessMode', field: 'BlockVolume',
    why: 'volume.AccessMode has BlockVolume *TypeBlock beside MountVolume (moby api/types/volume/cluster_volume.go); the swagger lists only MountVolume',
  },
  // ---- API 1.25 to the version whose swagger documents them: fields dockerd sends at every
  // version (no version gate in its routers), which the older swaggers omit. Evidence: the
  // dockerd 20.10 golden exchanges at /v1.24 and moby v20.10.24's types and routers.
  ...undeclaredUntil('SystemInfo 200', '', '1.31', [
    'CPUShares', 'CPUSet', 'LoggingDriver', 'CgroupDriver', 'GenericResources', 'Runtimes', 'DefaultRuntime', 'Swarm',
    'LiveRestoreEnabled', 'Isolation', 'InitBinary', 'ContainerdCommit', 'RuncCommit', 'InitCommit', 'SecurityOptions',
  ], 'the swagger documents SystemInfo fully only from 1.32; dockerd 20.10 sent these at /v1.24 (golden system/info-v1.24)'),
  ...undeclaredUntil('SystemInfo 200', 'Plugins', '1.31', ['Authorization', 'Log'], 'golden system/info-v1.24; documented from 1.32'),
  ...undeclaredUntil('SystemInfo 200', 'RegistryConfig', '1.31', ['Mirrors'], 'golden system/info-v1.24; documented from 1.32'),
  ...undeclaredUntil('SystemInfo 200', '', '1.39', ['PidsLimit', 'KernelMemoryTCP'], 'golden system/info-v1.24; documented from 1.40'),
  ...undeclaredUntil('SystemDataUsage 200', '', '1.38', ['BuildCache'],
    'moby v20.10.24 api/server/router/system/system_routes.go getDiskUsage always fills types.DiskUsage.BuildCache (no omitempty); documented from 1.39'),
  {
    kind: 'patch', versions: ['1.25', '1.39'], schema: 'SystemDataUsage 200', at: '', field: 'Containers',
    patch: (_, doc) => ({ type: 'array', items: doc.definitions.ContainerSummary!.items! }),
    why: 'before 1.40 the ContainerSummary definition is the list itself (an array), so "array of ContainerSummary" reads as a list of lists; dockerd sends a list of container objects (types.DiskUsage.Containers []*Container)',
  },
  ...undeclaredUntil('Volume', '', '1.30', ['CreatedAt'],
    'moby v20.10.24 api/types/volume.go Volume.CreatedAt (omitempty, set by the local driver); the volume routes have no version gate; documented from 1.31'),
  ...undeclaredUntil('EndpointSettings', '', '1.31', ['DriverOpts'], 'golden containers/list-v1.24 and inspect-v1.24; documented from 1.32'),
  ...undeclaredUntil('ContainerInspect 200', '', '1.39', ['Platform'], 'golden containers/inspect-v1.24; documented from 1.40'),
  ...undeclaredUntil('HostConfig', '', '1.40', ['CgroupnsMode'], 'golden containers/inspect-v1.24 (20.10 sends it to every version); documented from 1.41'),
  ...undeclaredUntil('HostConfig', '', '1.37', ['MaskedPaths', 'ReadonlyPaths'], 'golden containers/inspect-v1.24; documented from 1.38'),
  ...undeclaredUntil('Resources', '', '1.27', ['DeviceCgroupRules'], 'golden containers/inspect-v1.24 (HostConfig embeds Resources); documented from 1.28'),
  ...undeclaredUntil('Resources', '', '1.35', ['KernelMemory'], 'golden containers/inspect-v1.24 (HostConfig embeds Resources); documented from 1.36'),
  ...undeclaredUntil('Resources', '', '1.39', ['DeviceRequests', 'KernelMemoryTCP'], 'golden containers/inspect-v1.24 (HostConfig embeds Resources); documented from 1.40'),
  {
    kind: 'patch', versions: ['1.25', '1.38'], schema: 'ContainerInspect 200', at: '', field: 'ExecIDs',
    patch: () => ({ type: 'array', items: { type: 'string' }, 'x-nullable': true }),
    why: 'typed "string" before 1.39; dockerd sends a list of exec IDs, or null when there is none (golden containers/inspect-v1.24, Go []string)',
  },
  {
    kind: 'nullable', versions: ['1.25', '1.38'], schema: 'Resources', at: '', field: 'PidsLimit',
    why: 'Go *int64 (since moby 19.03) without omitempty: null unless set (golden containers/inspect-v1.24); x-nullable from 1.39',
  },
  {
    kind: 'patch', versions: ['1.25', '1.39'], schema: 'RestartPolicy', at: '', field: 'Name',
    patch: (schema) => ({ ...schema, enum: [...new Set(['', 'no', ...(schema?.enum ?? [])])] }),
    why: 'dockerd reports the default policy as "no" (golden containers/inspect-v1.24); the enum lists "" from 1.30 and "no" from 1.40',
  },
  ...undeclaredUntil('ImageInspect 200', '', '1.38', ['Metadata'], 'golden images/inspect-v1.24; documented from 1.39'),
  ...undeclaredUntil('Network', '', '1.26', ['Attachable'], 'moby v20.10.24 api/types/types.go NetworkResource (no omitempty), network routes without a version gate; documented from 1.27'),
  ...undeclaredUntil('Network', '', '1.28', ['Ingress'], 'as Attachable; documented from 1.29'),
  ...undeclaredUntil('Network', '', '1.40', ['ConfigFrom', 'ConfigOnly'], 'as Attachable; documented from 1.41'),
  ...undeclaredUntil('ClusterInfo', '', '1.29', ['TLSInfo', 'RootRotationInProgress'],
    'moby v20.10.24 api/types/swarm/swarm.go ClusterInfo (no omitempty); inspectCluster has no version gate; documented from 1.30'),
  ...undeclaredUntil('ClusterInfo', '', '1.38', ['DefaultAddrPool', 'SubnetSize'], 'as TLSInfo; documented from 1.39'),
  ...undeclaredUntil('ClusterInfo', '', '1.39', ['DataPathPort'], 'as TLSInfo; documented from 1.40'),
  ...undeclaredUntil('Node', '', '1.31', ['Status', 'ManagerStatus'], 'moby v20.10.24 api/types/swarm/node.go (getNodes has no version gate); documented from 1.32'),
  ...undeclaredUntil('Node', 'Description', '1.29', ['TLSInfo'], 'moby v20.10.24 api/types/swarm/node.go NodeDescription.TLSInfo; documented from 1.30'),
  ...undeclaredUntil('TaskSpec', '', '1.29', ['Runtime'],
    'moby v20.10.24 daemon/cluster/convert/service.go sets Runtime "container" on every service and task it reads; documented from 1.30'),
  ...undeclaredUntil('TaskSpec', 'ContainerSpec', '1.34', ['Isolation'],
    'moby v20.10.24 daemon/cluster/convert/container.go containerSpecFromGRPC sets Isolation ("default"); documented from 1.35'),
  ...undeclaredUntil('EndpointPortConfig', '', '1.33', ['PublishMode'],
    'moby v20.10.24 swarm.PortConfig.PublishMode, converted from swarmkit ("ingress"); documented from 1.34'),
  ...undeclaredUntil('ExecInspect 200', '', '1.35', ['CanRemove', 'DetachKeys'],
    'moby v20.10.24 api/types/backend/backend.go ExecInspect (no omitempty; getExecByID writes it for every version); documented from 1.36'),
  ...undeclaredUntil('ContainerWait 200', '', '1.33', ['Error'],
    'moby v20.10.24 container_routes.go postContainersWait encodes ContainerWaitOKBody{StatusCode, Error} at every version (Error null when the wait succeeded); documented from 1.34'),
  ...undeclaredUntil('NetworkPrune 200', '', '1.25', ['NetworksDeleted'],
    'the 1.25 swagger calls the list VolumesDeleted (copied from VolumePrune, fixed in 1.26); dockerd marshals types.NetworksPruneReport{NetworksDeleted}'),
  {
    kind: 'patch', versions: ['1.25', '1.27'], schema: 'ServiceUpdate 200', at: '', field: 'Warnings',
    patch: () => ({ type: 'array', items: { type: 'string' } }),
    why: 'before 1.28 the swagger points the answer at ImageDeleteResponse; dockerd writes types.ServiceUpdateResponse{Warnings} (moby v20.10.24 cluster_routes.go updateService)',
  },
  {
    kind: 'patch', versions: ALL, schema: 'Service', at: '', field: 'PreviousSpec',
    patch: () => ({ $ref: '#/definitions/ServiceSpec' }),
    why: 'swarm.Service.PreviousSpec (*ServiceSpec, omitempty): dockerd sends the spec before the last update (moby api/types/swarm/service.go, unchanged in master); no swagger declares it',
  },
  ...([['SecretCreate 201', '1.25'], ['ConfigCreate 201', '1.30']] as const).flatMap(([schema, since]): SpecQuirk[] => [
    {
      kind: 'undeclared-field', versions: [since, '1.56'], schema, at: '', field: 'ID',
      why: 'the spec says IdResponse {Id}; dockerd marshals swarm.*CreateResponse{ID} (golden secrets/create, configs/create)',
    },
    { kind: 'optional', versions: [since, '1.56'], schema, at: '', field: 'Id', why: 'see ID: dockerd never sends Id here' },
  ]),
];

/** A status an operation does not document, answered by dockerd with a non-JSON or absent body. */
export interface StatusQuirk {
  operationId: string;
  status: number;
  why: string;
  /** what the body must be then; absent: anything */
  body?: 'json-messages';
}

/** The fields of a progress stream's lines (moby pkg/jsonmessage.JSONMessage). */
export const JSON_MESSAGE_FIELDS = ['stream', 'status', 'progress', 'progressDetail', 'id', 'from', 'time', 'timeNano', 'error', 'errorDetail', 'aux'];

export const STATUS_QUIRKS: readonly StatusQuirk[] = [
  { operationId: 'ExecStart', status: 101, why: 'hijacked with Upgrade: tcp (as the CLI always asks): 101 UPGRADED, then raw stream' },
  {
    operationId: 'ContainerAttachWebsocket', status: 400,
    why: 'x/net/websocket answers a non-websocket GET with text "not websocket protocol", no Content-Type (golden streams/attach-ws-plain-get)',
  },
  ...(['PluginPull', 'PluginUpgrade'] as const).map((operationId): StatusQuirk => ({
    operationId, status: 200, body: 'json-messages',
    why: 'the spec says 204; dockerd sets Content-Type application/json and writes the pull progress as JSON messages, so the answer is 200 with a body (moby daemon/server/router/plugin/plugin_routes.go pullPlugin/upgradePlugin)',
  })),
];

export function statusQuirk(operationId: string, status: number): StatusQuirk | undefined {
  return STATUS_QUIRKS.find((quirk) => quirk.operationId === operationId && quirk.status === status);
}

function quirkApplies(quirk: SpecQuirk, specVersion: string): boolean {
  const [from, to] = quirk.versions;
  return compareVersions(specVersion, from) >= 0 && compareVersions(specVersion, to) <= 0;
}

/**
 * The schema a quirk patches. An operation's response that is a `$ref` gets
 * its own copy of the definition first, so the patch stays local to it.
 */
function rootSchema(doc: SwaggerDoc, name: string): SwaggerSchema | undefined {
  const [operationId, status] = name.split(' ');
  if (status === undefined) return doc.definitions[name];
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const response = item[method]?.operationId === operationId ? item[method]?.responses?.[status] : undefined;
      if (!response?.schema) continue;
      const ref = response.schema.$ref;
      if (ref) response.schema = structuredClone(doc.definitions[ref.replace('#/definitions/', '')] ?? {});
      return response.schema;
    }
  }
  return undefined;
}

/** The object schema that declares properties: for an allOf, its inline member. */
function propertyHolder(schema: SwaggerSchema): SwaggerSchema {
  if (!schema.allOf) return schema;
  return [...schema.allOf].reverse().find((member) => member.properties) ?? schema;
}

function walk(schema: SwaggerSchema | undefined, at: string): SwaggerSchema | undefined {
  let node = schema;
  for (const step of at.split('.').filter(Boolean)) {
    if (!node) return undefined;
    node = step === '[]' ? node.items : propertyHolder(node).properties?.[step];
  }
  return node && propertyHolder(node);
}

function applyQuirk(doc: SwaggerDoc, quirk: SpecQuirk): void {
  const holder = walk(rootSchema(doc, quirk.schema), quirk.at);
  if (!holder) throw new Error(`spec quirk for ${quirk.schema} ${quirk.at}: no such schema in this version`);
  holder.properties ??= {};
  if (quirk.kind === 'undeclared-field') holder.properties[quirk.field] ??= {};
  if (quirk.kind === 'nullable') {
    const property = holder.properties[quirk.field];
    // absent in some versions of the range (added later): nothing to patch
    if (property) holder.properties[quirk.field] = { ...property, 'x-nullable': true };
  }
  if (quirk.kind === 'optional') holder.required = holder.required?.filter((name) => name !== quirk.field);
  if (quirk.kind === 'backport') holder.properties[quirk.field] = backported(doc, quirk);
  if (quirk.kind === 'patch') holder.properties[quirk.field] = quirk.patch!(holder.properties[quirk.field], doc);
}

/**
 * A $ref to the later spec's definition, copied into `doc` together with the
 * definitions it refers to that `doc` lacks; those `doc` has keep this
 * version's own text (e.g. EndpointSettings).
 */
function backported(doc: SwaggerDoc, quirk: SpecQuirk): SwaggerSchema {
  const { version, definition: root } = quirk.from!;
  const source = loadSwagger(version);
  const copy = (name: string): void => {
    const definition = source.definitions[name];
    if (!definition) throw new Error(`spec quirk: ${version} has no definition ${name}`);
    if (doc.definitions[name]) {
      if (name !== root || JSON.stringify(doc.definitions[name]) === JSON.stringify(definition)) return;
      throw new Error(`spec quirk: ${root} already exists in this version; patch it instead of backporting`);
    }
    doc.definitions[name] = structuredClone(definition);
    for (const match of JSON.stringify(definition).matchAll(/"#\/definitions\/([^"]+)"/g)) copy(match[1]!);
  };
  copy(root);
  return { $ref: `#/definitions/${root}` };
}

/** A copy of `doc` with the quirks for `specVersion` applied (the original stays the official text). */
export function withQuirks(doc: SwaggerDoc, specVersion: string, quirks: readonly SpecQuirk[] = SPEC_QUIRKS): SwaggerDoc {
  const applicable = quirks.filter((quirk) => quirkApplies(quirk, specVersion));
  if (applicable.length === 0) return doc;
  const copy = structuredClone(doc);
  for (const quirk of applicable) applyQuirk(copy, quirk);
  return copy;
}
