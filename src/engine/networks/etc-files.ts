/**
 * The three files dockerd bind-mounts into every container when it starts:
 * /etc/hostname, /etc/hosts (localhost lines, ExtraHosts, legacy links, the container's own address)
 * and /etc/resolv.conf (the embedded DNS on user-defined networks, else the host's
 * servers or HostConfig.Dns). Clients read them through the archive endpoints
 * (dockerode's getArchive of /etc/resolv.conf) and processes read them like any file.
 */
import type { Container } from '../containers/container.js';
import { FsTree } from '../fs/volume.js';

export const LOCALHOST_LINES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];
/** What the simulated host's own /etc/resolv.conf names. */
export const HOST_NAMESERVER = '8.8.8.8';
export const EMBEDDED_DNS = '127.0.0.11';

/** ExtraHosts entries ("name:ip", dockerd also takes "name=ip") as /etc/hosts lines, in order. */
export function extraHostLines(entries: readonly string[]): Array<{ name: string; ip: string }> {
  return entries.flatMap((entry) => {
    const sep = entry.search(/[:=]/);
    return sep > 0 ? [{ name: entry.slice(0, sep), ip: entry.slice(sep + 1) }] : [];
  });
}

export interface EtcFiles {
  hostname: string;
  hosts: string;
  resolvConf: string;
}

/** A legacy link's /etc/hosts entry: the linked container's bridge address and its names. */
export interface LinkedHost {
  ip: string;
  /** alias, hostname, and the container name when it differs from the alias (dockerd's order) */
  names: string[];
}

export function etcFilesFor(container: Container, embeddedDns: boolean, links: readonly LinkedHost[] = []): EtcFiles {
  const hc = container.hostConfig;
  const hostname = String(container.config.Hostname ?? '');
  const hosts = [...LOCALHOST_LINES];
  for (const { name, ip } of extraHostLines((hc.ExtraHosts ?? []) as string[])) hosts.push(`${ip}\t${name}`);
  for (const link of links) hosts.push(`${link.ip}\t${link.names.join(' ')}`);
  const ip = Object.values(container.networks).find((ep) => ep?.IPAddress)?.IPAddress;
  if (ip) hosts.push(`${ip}\t${hostname}`);

  const resolv: string[] = [];
  if (embeddedDns) resolv.push(`nameserver ${EMBEDDED_DNS}`);
  else {
    const servers = ((hc.Dns ?? []) as string[]).length ? (hc.Dns as string[]) : [HOST_NAMESERVER];
    resolv.push(...servers.map((s) => `nameserver ${s}`));
  }
  if (((hc.DnsSearch ?? []) as string[]).length) resolv.push(`search ${(hc.DnsSearch as string[]).join(' ')}`);
  const options = [...((hc.DnsOptions ?? []) as string[])];
  if (embeddedDns && !options.some((o) => o.startsWith('ndots:'))) options.push('ndots:0');
  if (options.length) resolv.push(`options ${options.join(' ')}`);
  return { hostname: `${hostname}\n`, hosts: hosts.join('\n') + '\n', resolvConf: resolv.join('\n') + '\n' };
}

/** At create: the empty files of dockerd's init layer, there before the first start (archive, cp). */
export function mountEmptyEtcFiles(container: Container, now: number): void {
  for (const path of ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']) {
    container.fs.mount(path, FsTree.file(Buffer.alloc(0), { mode: 0o755, mtime: now }), { kernel: true });
  }
}

/** Mount (or replace, on a restart) the files; left out of `docker export` like dockerd's bind mounts. */
export function mountEtcFiles(container: Container, embeddedDns: boolean, now: number, links: readonly LinkedHost[] = []): void {
  const files = etcFilesFor(container, embeddedDns, links);
  const meta = { mode: 0o644, mtime: now };
  container.fs.mount('/etc/hostname', FsTree.file(Buffer.from(files.hostname), meta), { kernel: true });
  container.fs.mount('/etc/hosts', FsTree.file(Buffer.from(files.hosts), meta), { kernel: true });
  container.fs.mount('/etc/resolv.conf', FsTree.file(Buffer.from(files.resolvConf), meta), { kernel: true });
}
