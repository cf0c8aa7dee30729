/**
 * Fixes found by the golden replay (containers): create validates Healthcheck
 * durations/retries and JSON value types like dockerd, instead of accepting them
 * (or crashing on `Cmd: 5`).
 */
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const d = useDaemon({ images: ['busybox:latest'] });

async function create(body: unknown): Promise<{ status: number; body: { message?: string; Id?: string } }> {
  const res = await fetch(`${d.url}/v1.41/containers/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

describe('container create validation (golden replay fixes)', () => {
  it.each(['create-bad-healthcheck-interval', 'create-bad-healthcheck-retries'])('%s: 400 with dockerd\'s text', async (name) => {
    const ex = loadGolden('containers', name);
    const res = await create(ex.request.body);
    expect(res.status).toBe(ex.response.status);
    expect(res.body.message).toBe((ex.response.body as { message: string }).message);
  });

  it.each(['create-wrong-type-image', 'create-wrong-type-cmd', 'create-wrong-type-hostconfig-memory'])('%s: 400 `invalid JSON: <Go decoder text>`', async (name) => {
    const ex = loadGolden('containers', name);
    const res = await create(ex.request.body);
    // dockerd 20.10 answered 500 with the bare decoder text; current dockerd 400 with an `invalid JSON: ` prefix
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`invalid JSON: ${(ex.response.body as { message: string }).message}`);
  });

  it('a valid Healthcheck and a string Cmd are still accepted', async () => {
    const res = await create({ Image: 'busybox', Cmd: 'echo hi', Healthcheck: { Test: ['CMD', 'true'], Interval: 1_000_000, Retries: 0 } });
    expect(res.status).toBe(201);
  });
});
