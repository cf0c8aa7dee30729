/** Listen addresses in dockerd's -H syntax: tcp://HOST:PORT, unix:///path. */
import os from 'node:os';
import path from 'node:path';

export type HostSpec = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export const DEFAULT_TCP_PORT = 2375;
export const DEFAULT_TLS_PORT = 2376;

export function parseHost(spec: string, tls = false): HostSpec {
  if (spec.startsWith('unix://')) {
    const p = spec.slice('unix://'.length);
    if (!p) throw new Error(`invalid host: ${spec}: unix socket path is empty`);
    return { kind: 'unix', path: p };
  }
  const rest = spec.startsWith('tcp://') ? spec.slice(6) : spec.includes('://') ? badScheme(spec) : spec;
  const m = /^(\[[^\]]+\]|[^:/]*)(?::(\d+))?\/?$/.exec(rest);
  if (!m) throw new Error(`invalid host: ${spec}`);
  const host = (m[1] || '127.0.0.1').replace(/^\[|\]$/g, '');
  const port = m[2] === undefined ? (tls ? DEFAULT_TLS_PORT : DEFAULT_TCP_PORT) : Number(m[2]);
  if (port > 65535) throw new Error(`invalid host: ${spec}: port out of range`);
  return { kind: 'tcp', host, port };
}

function badScheme(spec: string): never {
  throw new Error(`invalid host: ${spec}: only tcp:// and unix:// are supported`);
}

export function formatHost(spec: HostSpec): string {
  if (spec.kind === 'unix') return `unix://${spec.path}`;
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `tcp://${host}:${spec.port}`;
}

/** A per-user runtime directory for the default unix socket, as dockerd --rootless uses. */
export function defaultSocketPath(): string {
  const runtimeDir = process.env.XDG_RUNTIME_DIR || path.join(os.tmpdir(), `mockerd-${process.getuid?.() ?? 'user'}`);
  return path.join(runtimeDir, 'mockerd.sock');
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');
