/**
 * Legacy container links (HostConfig.Links "name:alias" on the default bridge): the
 * environment dockerd gives the linking container (daemon/links: ALIAS_NAME, ALIAS_ENV_*,
 * ALIAS_PORT*) and link names ("/parent/alias") for DELETE /containers/{parent}/{alias}?link=1.
 */
import type { Container } from './container.js';

export interface Link {
  target: string;
  alias: string;
}

export function parseLinks(links: readonly string[] | null | undefined): Link[] {
  return (links ?? []).map((spec) => {
    const [target = '', alias] = String(spec).split(':');
    const name = target.replace(/^\//, '');
    return { target: name, alias: (alias ?? name).replace(/^.*\//, '') };
  });
}

/** The variables for one linked (running) container, in dockerd's order. */
export function linkEnvironment(parent: Container, link: Link, child: Container): string[] {
  const prefix = link.alias.toUpperCase().replace(/-/g, '_');
  const ip = Object.values(child.networks).find((ep) => ep?.IPAddress)?.IPAddress ?? '';
  const env: string[] = [];
  const ports = Object.keys(child.config.ExposedPorts ?? {})
    .map((p) => {
      const [port = '', proto = 'tcp'] = p.split('/');
      return { port: Number(port), proto };
    })
    .filter((p) => Number.isInteger(p.port))
    .sort((a, b) => a.port - b.port || a.proto.localeCompare(b.proto));
  if (ports.length > 0) {
    const first = ports[0]!;
    env.push(`${prefix}_PORT=${first.proto}://${ip}:${first.port}`);
    for (const { port, proto } of ports) {
      const key = `${prefix}_PORT_${port}_${proto.toUpperCase()}`;
      env.push(`${key}=${proto}://${ip}:${port}`, `${key}_ADDR=${ip}`, `${key}_PORT=${port}`, `${key}_PROTO=${proto}`);
    }
  }
  env.push(`${prefix}_NAME=${parent.name}/${link.alias}`);
  for (const entry of child.config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq < 0) continue;
    const key = entry.slice(0, eq);
    if (key === 'HOME' || key === 'PATH') continue;
    env.push(`${prefix}_ENV_${key}=${entry.slice(eq + 1)}`);
  }
  return env;
}
