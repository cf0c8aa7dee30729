/**
 * The image config blob (what an image ID is the sha256 of), with keys in the order
 * dockerd's Go structs marshal them, so the JSON looks like a real one.
 */
export interface HistoryEntry {
  created?: string;
  author?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfigBlob {
  architecture: string;
  config: Record<string, unknown>;
  created: string;
  history: HistoryEntry[];
  os: string;
  rootfs: { type: 'layers'; diff_ids: string[] };
  variant?: string;
  /** Set by commit and the classic builder (legacy V1Image fields). */
  parent?: string;
  comment?: string;
  author?: string;
  container?: string;
  container_config?: Record<string, unknown>;
  docker_version?: string;
}

/** Field order of Go's container.Config. */
const CONTAINER_CONFIG_KEYS = [
  'Hostname', 'Domainname', 'User', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'ExposedPorts', 'Tty',
  'OpenStdin', 'StdinOnce', 'Env', 'Cmd', 'Healthcheck', 'ArgsEscaped', 'Image', 'Volumes', 'WorkingDir',
  'Entrypoint', 'NetworkDisabled', 'MacAddress', 'OnBuild', 'Labels', 'StopSignal', 'StopTimeout', 'Shell',
];

export function orderContainerConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CONTAINER_CONFIG_KEYS) if (key in config) out[key] = config[key];
  for (const key of Object.keys(config)) if (!(key in out)) out[key] = config[key];
  return out;
}

function orderHistory(entry: HistoryEntry): HistoryEntry {
  const out: HistoryEntry = {};
  if (entry.created !== undefined) out.created = entry.created;
  if (entry.author !== undefined) out.author = entry.author;
  if (entry.created_by !== undefined) out.created_by = entry.created_by;
  if (entry.comment !== undefined) out.comment = entry.comment;
  if (entry.empty_layer) out.empty_layer = true;
  return out;
}

/**
 * The canonical JSON bytes of a config blob (no trailing newline). dockerd marshals
 * the image through a map, so top-level keys come out sorted; `config` keeps Go's
 * struct order.
 */
export function canonicalConfigJson(blob: ImageConfigBlob): string {
  const fields: Record<string, unknown> = {
    architecture: blob.architecture,
    config: orderContainerConfig(blob.config),
    created: blob.created,
    history: blob.history.map(orderHistory),
    os: blob.os,
    rootfs: { type: blob.rootfs.type, diff_ids: blob.rootfs.diff_ids },
  };
  if (blob.variant) fields.variant = blob.variant;
  if (blob.parent) fields.parent = blob.parent;
  if (blob.comment) fields.comment = blob.comment;
  if (blob.author) fields.author = blob.author;
  if (blob.container) fields.container = blob.container;
  if (blob.container_config) fields.container_config = orderContainerConfig(blob.container_config);
  if (blob.docker_version) fields.docker_version = blob.docker_version;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort()) ordered[key] = fields[key];
  return JSON.stringify(ordered);
}
