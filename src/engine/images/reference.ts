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

/** A parsed image reference: repository plus an optional tag and digest. */
export interface ImageReference {
  name: RepositoryName;
  tag?: string;
  digest?: string;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
export const TAG_RE = new RegExp(`^${TAG}$`);
const ANCHORED_NAME = new RegExp(`^${NAME}$`);

/** The docker reference grammar, with dockerd's error texts. */
export function parseReference(ref: string): ImageReference {
  const first = ref.split('/')[0]!;
  const remainder = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? ref.slice(first.length + 1) : ref;
  if (remainder.toLowerCase() !== remainder && ref !== '') throw new ReferenceError('invalid reference format: repository name must be lowercase');
  const m = REFERENCE_RE.exec(ref);
  if (!m) {
    if (ref === '') throw new ReferenceError('invalid reference format');
    const lower = REFERENCE_RE.exec(ref.toLowerCase());
    if (lower) throw new ReferenceError('invalid reference format: repository name must be lowercase');
    throw new ReferenceError('invalid reference format');
  }
  const name = m[1]!;
  if (name.length > 255) throw new ReferenceError('invalid reference format: repository name must not be more than 255 characters');
  const repo = parseRepository(name);
  if (/[A-Z]/.test(repo.path)) throw new ReferenceError('invalid reference format: repository name must be lowercase');
  return { name: repo, tag: m[2], digest: m[3] };
}

/** True for a repository name that is valid on its own (no tag, no digest). */
export function isValidRepositoryName(name: string): boolean {
  return ANCHORED_NAME.test(name);
}

/** Thrown for a malformed reference (callers turn it into their own error kind). */
export class ReferenceError extends Error {}

/** "alpine:latest", "alpine@sha256:..", "alpine:3@sha256:.." as docker displays them. */
export function familiarString(ref: ImageReference): string {
  return `${ref.name.familiarName}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Add ":latest" when neither tag nor digest is given (docker's TagNameOnly). */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
}
