/** Image references normalised the way docker does ("alpine" -> docker.io/library/alpine). */
export const DOCKER_HUB = 'docker.io';

export interface RepositoryName {
  /** Registry host ("docker.io", "private.registry.test", "localhost:5000"). */
  registry: string;
  /** Path inside the registry ("library/alpine", "team/app"). */
  path: string;
  /** "docker.io/library/alpine" */
  fullName: string;
  /** What docker shows: "alpine", "testcontainers/ryuk", "private.registry.test/team/app". */
  familiarName: string;
}

export function parseRepository(name: string): RepositoryName {
  const first = name.split('/')[0]!;
  const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasHost ? first : DOCKER_HUB;
  let path = hasHost ? name.slice(first.length + 1) : name;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  const familiarName = registry === DOCKER_HUB ? path.replace(/^library\//, '') : `${registry}/${path}`;
  return { registry, path, fullName: `${registry}/${path}`, familiarName };
}
