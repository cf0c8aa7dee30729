/** API versions: what mockerd accepts, and comparing "1.NN" strings. */
export const MAX_API_VERSION = '1.55';
export const DEFAULT_MIN_API_VERSION = '1.24';

/** Compare two "major.minor" versions numerically: <0, 0 or >0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const versionAtLeast = (v: string, min: string) => compareVersions(v, min) >= 0;
export const versionBefore = (v: string, bound: string) => compareVersions(v, bound) < 0;

/** "/v1.41/containers/json" -> { version: "1.41", path: "/containers/json" } */
export function splitVersionPrefix(path: string): { version?: string; path: string } {
  const m = /^\/v(\d+(?:\.\d+)*)(\/.*)$/.exec(path);
  if (!m) return { path };
  return { version: m[1], path: m[2]! };
}
