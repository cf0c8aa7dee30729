/**
 * What classic Swarm read from a create request: constraints and affinities given as
 * `-e constraint:k==v` / `-e affinity:k==v` (moved out of Env into the
 * `com.docker.swarm.*` labels, as swarm's BuildContainerConfig did) or as those labels.
 */
export const SWARM_LABEL_NAMESPACE = 'com.docker.swarm';
export const CONSTRAINTS_LABEL = `${SWARM_LABEL_NAMESPACE}.constraints`;
export const AFFINITIES_LABEL = `${SWARM_LABEL_NAMESPACE}.affinities`;
export const ID_LABEL = `${SWARM_LABEL_NAMESPACE}.id`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SchedulingRequest {
  constraints: string[];
  affinities: string[];
  image: string;
  cpuShares: number;
  memory: number;
  hostConfig: Json;
  exposedPorts: string[];
}

function jsonList(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Rewrite Config the way swarm did (Env without the scheduler entries, labels with them). */
export function buildContainerConfig(config: Json): { config: Json; constraints: string[]; affinities: string[] } {
  const labels: Record<string, string> = { ...(config.Labels ?? {}) };
  const affinities = jsonList(labels[AFFINITIES_LABEL]);
  const constraints = jsonList(labels[CONSTRAINTS_LABEL]);
  const env: string[] = [];
  let moved = false;
  for (const e of (config.Env ?? []) as string[]) {
    const colon = e.indexOf(':');
    const key = colon >= 0 ? e.slice(0, colon) : '';
    if (key === 'affinity') affinities.push(e.slice(colon + 1));
    else if (key === 'constraint') constraints.push(e.slice(colon + 1));
    else if (key === 'reschedule') {
      /* reschedule policies: accepted, nodes never fail here */
    } else {
      env.push(e);
      continue;
    }
    moved = true;
  }
  if (affinities.length) labels[AFFINITIES_LABEL] = JSON.stringify(affinities);
  if (constraints.length) labels[CONSTRAINTS_LABEL] = JSON.stringify(constraints);
  const out: Json = { ...config, Labels: labels };
  if (moved) out.Env = env;
  return { config: out, constraints, affinities };
}
