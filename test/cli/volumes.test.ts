import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['nginx:latest', 'alpine:latest'] });

async function ok(args: string[]): Promise<string> {
  const r = await t.docker.run(args);
  expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('docker volume', () => {
  it('create / ls / inspect / rm / prune with dockerd texts', async () => {
    expect((await ok(['volume', 'create', '--label', 'a=b', 'cli-vol'])).trim()).toBe('cli-vol');
    expect(await ok(['volume', 'ls', '--format', '{{.Driver}} {{.Name}}'])).toContain('local cli-vol');
    expect((await ok(['volume', 'inspect', '-f', '{{.Mountpoint}} {{.Labels.a}}', 'cli-vol'])).trim()).toBe('/var/lib/docker/volumes/cli-vol/_data b');
    const bad = await t.docker.run(['volume', 'create', 'a b']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Error response from daemon: create a b: "a b" includes invalid characters for a local volume name');
    await ok(['run', '--name', 'cli-vol-user', '-v', 'cli-vol:/data', 'alpine', 'true']);
    const inUse = await t.docker.run(['volume', 'rm', 'cli-vol']);
    expect(inUse.stderr).toMatch(/Error response from daemon: remove cli-vol: volume is in use - \[[0-9a-f]{64}\]/);
    await ok(['rm', 'cli-vol-user']);
    expect((await ok(['volume', 'rm', 'cli-vol'])).trim()).toBe('cli-vol');
    const anon = (await ok(['volume', 'create'])).trim();
    await ok(['volume', 'create', 'cli-named']);
    const pruned = await ok(['volume', 'prune', '-f']);
    expect(pruned).toContain(anon);
    expect(pruned).not.toContain('cli-named');
    expect(await ok(['volume', 'prune', '-a', '-f'])).toContain('cli-named');
  });

  it('two containers share a volume: echo hi > /data/x in one, cat /data/x in the other', async () => {
    await ok(['run', '--rm', '-v', 'cli-share:/data', 'alpine', 'sh', '-c', 'echo hi > /data/x']);
    expect(await ok(['run', '--rm', '-v', 'cli-share:/data', 'alpine', 'cat', '/data/x'])).toBe('hi\n');
    expect(await ok(['run', '--rm', '--mount', 'source=cli-share,target=/m,readonly', 'alpine', 'cat', '/m/x'])).toBe('hi\n');
    const ro = await t.docker.run(['run', '--rm', '-v', 'cli-share:/data:ro', 'alpine', 'sh', '-c', 'echo no > /data/y']);
    expect(ro.code).not.toBe(0);
  });

  it('run --mount of type volume, bind and tmpfs shows in inspect; --volumes-from shares; rm -v drops anonymous volumes', async () => {
    await ok(['create', '--name', 'cli-mounts', '--mount', 'type=volume,source=cli-m1,target=/v', '--mount', 'type=tmpfs,target=/t', '-v', '/srv/host:/h', '-v', '/anon', 'alpine', 'true']);
    const mounts = JSON.parse(await ok(['inspect', '-f', '{{json .Mounts}}', 'cli-mounts'])) as Array<Record<string, unknown>>;
    expect(mounts.map((m) => `${m.Type}:${m.Destination}`).sort()).toEqual(['bind:/h', 'tmpfs:/t', 'volume:/anon', 'volume:/v']);
    const anonName = mounts.find((m) => m.Destination === '/anon')!.Name as string;
    await ok(['run', '--rm', '--volumes-from', 'cli-mounts', 'alpine', 'sh', '-c', 'echo shared > /v/f']);
    expect(await ok(['run', '--rm', '-v', 'cli-m1:/x', 'alpine', 'cat', '/x/f'])).toBe('shared\n');
    await ok(['rm', '-v', 'cli-mounts']);
    const gone = await t.docker.run(['volume', 'inspect', anonName]);
    expect(gone.code).toBe(1);
    expect(await ok(['volume', 'ls', '-q'])).toContain('cli-m1');
  });

  it('reports volumes in docker system df -v', async () => {
    await ok(['volume', 'create', 'cli-df']);
    const out = await ok(['system', 'df', '-v']);
    expect(out).toMatch(/cli-df\s+0\s+0B/);
  });
});
