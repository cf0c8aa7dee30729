/**
 * API version arithmetic for the spec harness: which swagger file documents a
 * requested version, and splitting a concrete request path into its version
 * prefix and the path the swagger templates describe.
 */

/** Oldest and newest API versions that have a swagger file. */
export const OLDEST_SPEC_MINOR = 25;
export const NEWEST_SPEC_MINOR = 56;

export const NEWEST_SPEC_VERSION = `1.${NEWEST_SPEC_MINOR}`;

const VERSION = /^v?1\.(\d+)$/;
const PATH_VERSION_PREFIX = /^\/v1\.(\d+)(?=\/|$)/;

/**
 * "1.44" / "v1.44" -> "1.44". Versions without a swagger file map to the
 * nearest documented one: 1.24 (Markdown only upstream) and older -> 1.25,
 * anything newer than the newest spec -> the newest spec.
 */
export function specVersionFor(version: string | undefined): string {
  if (version === undefined || version === '') return NEWEST_SPEC_VERSION;
  const match = VERSION.exec(version.trim());
  if (!match) throw new Error(`not an API version: ${JSON.stringify(version)}`);
  const minor = Math.min(Math.max(Number(match[1]), OLDEST_SPEC_MINOR), NEWEST_SPEC_MINOR);
  return `1.${minor}`;
}

/** Compare two "1.NN" versions numerically. */
export function compareVersions(a: string, b: string): number {
  const minor = (v: string) => Number(VERSION.exec(v)?.[1] ?? NaN);
  return minor(a) - minor(b);
}

export interface SplitPath {
  /** "1.44" when the path carried a /v1.44 prefix */
  version?: string;
  /** the path without version prefix, query string or fragment */
  path: string;
}

/** "/v1.44/containers/abc/json?size=1" -> { version: "1.44", path: "/containers/abc/json" } */
export function splitRequestPath(concretePath: string): SplitPath {
  let path = concretePath.replace(/^[a-z]+:\/\/[^/]+/i, '');
  path = path.split(/[?#]/, 1)[0]!;
  const prefix = PATH_VERSION_PREFIX.exec(path);
  if (!prefix) return { path: path || '/' };
  return { version: `1.${prefix[1]}`, path: path.slice(prefix[0].length) || '/' };
}
