import type { Recorder } from './lib.js';

export const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Create a container (unrecorded); returns its ID. */
export async function mk(r: Recorder, name: string, config: Record<string, unknown>): Promise<string> {
  await r.do('DELETE', `/containers/${name}?force=1&v=1`);
  const res = await r.do('POST', `/containers/create?name=${encodeURIComponent(name)}`, { Image: 'busybox', ...config });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { Id: string }).Id;
}

export async function rm(r: Recorder, idOrName: string): Promise<void> {
  await r.do('DELETE', `/containers/${idOrName}?force=1&v=1`);
}

export async function inspect(r: Recorder, id: string): Promise<Record<string, unknown>> {
  return (await r.do('GET', `/containers/${id}/json`)).body as Record<string, unknown>;
}

/** Wait until the container stops running (polling). */
export async function waitExit(r: Recorder, id: string, ms = 10_000): Promise<void> {
  const t = Date.now();
  while (Date.now() - t < ms) {
    const c = await inspect(r, id);
    const st = c.State as { Running?: boolean } | undefined;
    if (st && !st.Running) return;
    await sleep(50);
  }
}

export async function cleanup(r: Recorder): Promise<void> {
  const list = (await r.do('GET', '/containers/json?all=1')).body as Array<{ Id: string; Names: string[] }>;
  for (const c of list ?? []) if (c.Names.some((n) => n.startsWith('/golden'))) await rm(r, c.Id);
  const nets = (await r.do('GET', '/networks')).body as Array<{ Id: string; Name: string }>;
  for (const n of nets ?? []) if (n.Name.startsWith('golden')) await r.do('DELETE', `/networks/${n.Id}`);
  const vols = (await r.do('GET', '/volumes')).body as { Volumes: Array<{ Name: string }> | null };
  for (const v of vols?.Volumes ?? []) if (v.Name.startsWith('golden')) await r.do('DELETE', `/volumes/${v.Name}?force=1`);
}

export const q = encodeURIComponent;
