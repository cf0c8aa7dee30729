/** A dockerode client for an in-process mockerd (its tcp:// DOCKER_HOST). */
import Docker from 'dockerode';

export function dockerodeFor(dockerHost: string): Docker {
  const { hostname, port } = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return new Docker({ host: hostname, port: Number(port) });
}
