import Docker from 'dockerode';
import { apiClient } from '../support/api-client.js';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

// No real listeners here (the option under test): only test/cli/networks.test.ts binds ephemeral host ports.
const t = useDaemon({ images: ['alpine:latest', 'nginx:latest'], portListeners: false });
const api = () => apiClient(t.url);
const golden = (name: string) => loadGolden('volumes', name).response as { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const q = (f: object) => encodeURIComponent(JSON.stringify(f));

async function createContainer(body: object, name?: string): Promise<string> {
  const res = await api().post(`/containers/create${name ? `?name=${name}` : ''}`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.Id as string;
}

describe('volume create / inspect / list', () => {
  it('creates a named volume with dockerd fields, idempotently keeping the original labels', async () => {
    const res = await api().post('/volumes/create').send({ Name: 'v-one', Labels: { golden: '1' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(golden('create-ok').body).sort());
    expect(res.body).toMatchObject({ Driver: 'local', Labels: { golden: '1' }, Mountpoint: '/var/lib/docker/volumes/v-one/_data', Name: 'v-one', Options: null, Scope: 'local' });
    expect(res.body.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await api().post('/volumes/create').send({ Name: 'v-one', Labels: { other: 'x' } });
    expect(again.status).toBe(201);
    expect(again.body.Labels).toEqual({ golden: '1' });
    expect((await api().get('/volumes/v-one')).body).toEqual(res.body);
  });

  it('keeps empty Labels and DriverOpts as {} (what CLI 20.10 sends, dockerd 20.10 echoes), absent ones as null', async () => {
    const empty = await api().post('/volumes/create').send({ Name: 'v-empty', Driver: 'local', DriverOpts: {}, Labels: {} });
    expect(empty.body).toMatchObject({ Labels: {}, Options: {} });
    expect((await api().get('/volumes/v-empty')).body).toMatchObject({ Labels: {}, Options: {} });
    const absent = await api().post('/volumes/create').send({ Name: 'v-absent' });
    expect(absent.body).toMatchObject({ Labels: null, Options: null });
  });

  it('creates an anonymous volume (64-hex name, anonymous label) from an empty body', async () => {
    const res = await api().post('/volumes/create');
    expect(res.status).toBe(201);
    expect(res.body.Name).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.Labels).toEqual({ 'com.docker.volume.anonymous': '' });
  });

  it.each([
    ['a name with a space', { Name: 'a b' }, 'create-bad-name'],
    ['a name with a slash', { Name: 'a/b' }, 'create-bad-name-slash'],
    ['a one-character name', { Name: 'g' }, 'create-name-one-char'],
    ['an unknown driver', { Name: 'golden-vol-bad', Driver: 'nosuchdriver' }, 'create-bad-driver'],
    ['an unknown option', { Name: 'golden-vol-opts', DriverOpts: { bogus: 'x' } }, 'create-bad-opts'],
  ])('refuses %s with dockerd status and text', async (_what, body, fixture) => {
    const res = await api().post('/volumes/create').send(body);
    expect(res.status).toBe(golden(fixture).status);
    expect(res.body).toEqual(golden(fixture).body);
  });

  it('answers 404 for an unknown volume', async () => {
    const res = await api().get('/volumes/nosuchvolume');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(golden('inspect-not-found').body);
  });

  it('lists with filters and refuses bad ones', async () => {
    await api().post('/volumes/create').send({ Name: 'v-filter', Labels: { pick: 'me' } }).expect(201);
    const list = await api().get(`/volumes?filters=${q({ label: ['pick=me'] })}`);
    expect(list.body).toEqual({ Volumes: [expect.objectContaining({ Name: 'v-filter' })], Warnings: null });
    expect((await api().get(`/volumes?filters=${q({ name: ['v-fil'] })}`)).body.Volumes.map((v: { Name: string }) => v.Name)).toEqual(['v-filter']);
    expect((await api().get(`/volumes?filters=${q({ dangling: ['true'] })}`)).body.Volumes.map((v: { Name: string }) => v.Name)).toContain('v-filter');
    const badKey = await api().get(`/volumes?filters=${q({ bogus: ['x'] })}`);
    expect(badKey.status).toBe(400);
    expect(badKey.body).toEqual({ message: "invalid filter 'bogus'" });
    const badDangling = await api().get(`/volumes?filters=${q({ dangling: ['maybe'] })}`);
    expect(badDangling.status).toBe(400);
    expect(badDangling.body).toEqual({ message: "invalid filter 'dangling=[maybe]'" });
  });
});

describe('volume remove / prune / update', () => {
  it('refuses to remove a volume in use (even with force), with dockerd text', async () => {
    await api().post('/volumes/create').send({ Name: 'v-used' }).expect(201);
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '300'], HostConfig: { Binds: ['v-used:/data'] } });
    for (const url of ['/volumes/v-used', '/volumes/v-used?force=1']) {
      const res = await api().delete(url);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ message: `remove v-used: volume is in use - [${c}]` });
    }
    await api().delete(`/containers/${c}`).expect(204);
    await api().delete('/volumes/v-used').expect(204);
    const gone = await api().delete('/volumes/v-used');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ message: 'get v-used: no such volume' });
    expect((await api().delete('/volumes/nosuchvolume?force=1')).status).toBe(204);
  });

  it('prunes only anonymous volumes from API 1.42 unless all=true; everything unused before', async () => {
    await api().post('/volumes/create').send({ Name: 'p-named', Labels: { p: '1' } }).expect(201);
    const anon = (await api().post('/volumes/create').send({ Labels: { p: '1' } })).body.Name;
    const first = await api().post(`/volumes/prune?filters=${q({ label: ['p'] })}`);
    expect(first.body).toEqual({ VolumesDeleted: [anon], SpaceReclaimed: 0 });
    const nomatch = await api().post(`/volumes/prune?filters=${q({ label: ['golden.nomatch'] })}`);
    expect(nomatch.body).toEqual(golden('prune-label-nomatch').body);
    await api().post('/volumes/create').send({ Name: 'p-named2', Labels: { p: '1' } }).expect(201);
    const all = await api().post(`/volumes/prune?filters=${q({ label: ['p'], all: ['true'] })}`);
    expect(all.body.VolumesDeleted.sort()).toEqual(['p-named', 'p-named2']);
    await api().post('/volumes/create').send({ Name: 'p-old', Labels: { p: '2' } }).expect(201);
    const old = await api().post(`/v1.41/volumes/prune?filters=${q({ label: ['p=2'] })}`);
    expect(old.body.VolumesDeleted).toEqual(['p-old']);
    const bad = await api().post(`/volumes/prune?filters=${q({ bogus: ['x'] })}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: "invalid filter 'bogus'" });
  });

  it('answers cluster volume updates as dockerd outside a swarm', async () => {
    const res = await api().put('/volumes/v-one?version=1').send({});
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ message: 'volume update only valid for cluster volumes, but swarm is unavailable' });
  });
});

describe('container mounts', () => {
  it('reports Binds, Mounts and image VOLUMEs in Mounts, creating volumes as needed', async () => {
    const c = await createContainer({
      Image: 'alpine', Cmd: ['sleep', '300'], Volumes: { '/anon': {} },
      HostConfig: {
        Binds: ['m-named:/data', '/host/dir:/host:ro'],
        Mounts: [{ Type: 'tmpfs', Target: '/scratch' }, { Type: 'volume', Source: 'm-mount', Target: '/mnt', ReadOnly: true }],
      },
    });
    const mounts = (await api().get(`/containers/${c}/json`)).body.Mounts as Array<Record<string, unknown>>;
    const at = (d: string) => mounts.find((m) => m.Destination === d);
    expect(at('/data')).toEqual({ Type: 'volume', Name: 'm-named', Source: '/var/lib/docker/volumes/m-named/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' });
    expect(Object.keys(at('/data')!)).toEqual(Object.keys(golden('container-inspect-mounts').body.Mounts[0]));
    expect(at('/host')).toEqual({ Type: 'bind', Source: '/host/dir', Destination: '/host', Mode: 'ro', RW: false, Propagation: 'rprivate' });
    expect(at('/scratch')).toEqual({ Type: 'tmpfs', Source: '', Destination: '/scratch', Mode: '', RW: true, Propagation: '' });
    expect(at('/mnt')).toMatchObject({ Type: 'volume', Name: 'm-mount', RW: false });
    expect(at('/anon')).toMatchObject({ Type: 'volume', Name: expect.stringMatching(/^[0-9a-f]{64}$/), Driver: 'local', RW: true });
    expect((await api().get('/volumes/m-named')).status).toBe(200);
  });

  it('refuses duplicate mount points and bad volume names', async () => {
    const dup = await api().post('/containers/create').send({ Image: 'alpine', HostConfig: { Binds: ['a1:/x', 'a2:/x'] } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ message: 'Duplicate mount point: /x' });
    const badName = await api().post('/containers/create').send({ Image: 'alpine', HostConfig: { Mounts: [{ Type: 'volume', Source: 'a b', Target: '/x' }] } });
    expect(badName.status).toBe(400);
  });

  it('shares files through a volume, keeps them after the container is gone, and rm -v removes anonymous volumes', async () => {
    const writer = await createContainer({ Image: 'alpine', Cmd: ['sh', '-c', 'echo hi > /data/x'], Volumes: { '/anon': {} }, HostConfig: { Binds: ['shared-v:/data'] } });
    await api().post(`/containers/${writer}/start`).expect(204);
    await api().post(`/containers/${writer}/wait`).expect(200);
    const anon = ((await api().get(`/containers/${writer}/json`)).body.Mounts as Array<{ Destination: string; Name: string }>).find((m) => m.Destination === '/anon')!.Name;
    await api().delete(`/containers/${writer}?v=1`).expect(204);
    expect((await api().get(`/volumes/${anon}`)).status).toBe(404);
    const reader = await createContainer({ Image: 'alpine', Cmd: ['cat', '/data/x'], HostConfig: { Binds: ['shared-v:/data'] } });
    await api().post(`/containers/${reader}/start`).expect(204);
    await api().post(`/containers/${reader}/wait`).expect(200);
    const logs = await api().get(`/containers/${reader}/logs?stdout=1`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect((logs.body as Buffer).subarray(8).toString()).toBe('hi\n');
    const df = await api().get('/v1.50/system/df');
    const usage = df.body.Volumes.find((v: { Name: string }) => v.Name === 'shared-v');
    expect(usage.UsageData).toEqual({ Size: 3, RefCount: 1 });
  });

  it('publishes create, mount, unmount and destroy volume events', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const c = await createContainer({ Image: 'alpine', Cmd: ['true'], HostConfig: { Binds: ['ev-vol:/data'] } });
    await api().post(`/containers/${c}/start`).expect(204);
    await api().post(`/containers/${c}/wait`).expect(200);
    await api().delete(`/containers/${c}`).expect(204);
    await api().delete('/volumes/ev-vol').expect(204);
    const until = Math.floor(Date.now() / 1000) + 1;
    const text = await (await fetch(`${t.url}/events?since=${since}&until=${until}&filters=${q({ type: ['volume'], volume: ['ev-vol'] })}`)).text();
    const events = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.Action)).toEqual(['create', 'mount', 'unmount', 'destroy']);
    expect(events[1].Actor.Attributes).toEqual({ container: c, destination: '/data', driver: 'local', propagation: '', 'read/write': 'true' });
  });

  it('mounts the volumes of another container with --volumes-from', async () => {
    const src = await createContainer({ Image: 'alpine', Cmd: ['true'], HostConfig: { Binds: ['vf-vol:/shared'] } }, 'vf-src');
    const dst = await createContainer({ Image: 'alpine', Cmd: ['true'], HostConfig: { VolumesFrom: ['vf-src:ro'] } });
    const mounts = (await api().get(`/containers/${dst}/json`)).body.Mounts;
    expect(mounts).toEqual([expect.objectContaining({ Name: 'vf-vol', Destination: '/shared', RW: false })]);
    const missing = await api().post('/containers/create').send({ Image: 'alpine', HostConfig: { VolumesFrom: ['nosuch'] } });
    expect(missing.status).toBe(404);
    void src;
  });
});

describe('dockerode', () => {
  it('creates a network and a volume, runs a container on both with a published port, and cleans up', async () => {
    const { hostname, port } = new URL(t.url);
    const docker = new Docker({ host: hostname, port: Number(port) });
    const network = await docker.createNetwork({ Name: 'dn-net', Labels: { via: 'dockerode' } });
    const volume = await docker.createVolume({ Name: 'dn-vol' });
    expect(volume.name).toBe('dn-vol');
    const container = await docker.createContainer({
      Image: 'nginx', name: 'dn-nginx', ExposedPorts: { '80/tcp': {} },
      HostConfig: { NetworkMode: 'dn-net', Binds: ['dn-vol:/usr/share/nginx/html/extra'], PortBindings: { '80/tcp': [{ HostPort: '' }] } },
    });
    await container.start();
    const info = await container.inspect();
    const hostPort = info.NetworkSettings.Ports['80/tcp']![0]!.HostPort;
    expect(Number(hostPort)).toBeGreaterThanOrEqual(32768);
    expect(t.daemon.engine.ports.openListeners).toBe(0);
    expect(info.NetworkSettings.Networks['dn-net']!.IPAddress).toMatch(/^172\.\d+\.0\.2$/);
    expect(info.Mounts).toEqual([expect.objectContaining({ Name: 'dn-vol', Destination: '/usr/share/nginx/html/extra' })]);
    expect((await network.inspect()).Containers?.[info.Id]).toMatchObject({ Name: 'dn-nginx' });
    const listed = await docker.listNetworks({ filters: { label: ['via=dockerode'] } });
    expect(listed.map((n) => n.Name)).toEqual(['dn-net']);
    const vols = await docker.listVolumes({ filters: { name: ['dn-vol'] } });
    expect(vols.Volumes.map((v) => v.Name)).toEqual(['dn-vol']);
    await container.remove({ force: true });
    await network.remove();
    await docker.getVolume('dn-vol').remove();
    expect((await docker.listVolumes({ filters: { name: ['dn-vol'] } })).Volumes).toEqual([]);
  });
});

describe('cluster volumes (API >= 1.42, on a swarm manager)', () => {
  const swarm = useDaemon({ clock: 'virtual' });
  const sapi = () => apiClient(swarm.url);
  const spec = { Scope: 'single', Sharing: 'none', MountVolume: {} };
  const create = (body: object) => sapi().post('/volumes/create').send(body);

  it('creates a cluster volume that inspect and list show with its ClusterVolume', async () => {
    expect((await sapi().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
    const res = await create({ Name: 'shared', Driver: 'csi.example', Labels: { team: 'a' }, ClusterVolumeSpec: { AccessMode: spec } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ClusterVolume: {
        ID: expect.stringMatching(/^[a-z0-9]{25}$/), Version: { Index: expect.any(Number) },
        CreatedAt: expect.any(String), UpdatedAt: expect.any(String),
        Spec: { AccessMode: { Scope: 'single', Sharing: 'none', MountVolume: {} }, Availability: 'active' },
      },
      CreatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/),
      Driver: 'csi.example', Labels: { team: 'a' }, Mountpoint: '', Name: 'shared', Options: null, Scope: 'global',
    });
    expect((await sapi().get('/volumes/shared')).body).toEqual(res.body);
    expect((await sapi().get(`/volumes/${res.body.ClusterVolume.ID}`)).body.Name).toBe('shared');
    const names = (await sapi().get('/volumes')).body.Volumes.map((v: { Name: string }) => v.Name);
    expect(names).toContain('shared');
    // before 1.42 there are no cluster volumes
    expect((await sapi().get('/v1.41/volumes')).body.Volumes.map((v: { Name: string }) => v.Name)).not.toContain('shared');
    expect((await sapi().get('/v1.41/volumes/shared')).status).toBe(404);
  });

  it('refuses specs swarmkit refuses, with its texts', async () => {
    const cases: [object, number, string][] = [
      [{ Driver: 'csi.example', ClusterVolumeSpec: { AccessMode: spec } }, 400, 'rpc error: code = InvalidArgument desc = meta: name must be provided'],
      [{ Name: 'x', ClusterVolumeSpec: {} }, 400, 'rpc error: code = InvalidArgument desc = AccessMode must not be nil'],
      [{ Name: 'x', ClusterVolumeSpec: { AccessMode: { Scope: 'multi' } } }, 400, 'rpc error: code = InvalidArgument desc = Volume AccessMode must specify either Mount or Block access type'],
      [{ Name: 'x', ClusterVolumeSpec: { AccessMode: spec, Secrets: [{ Key: 'k', Secret: 'nosuch' }] } }, 400, 'rpc error: code = InvalidArgument desc = secret not found: nosuch'],
      [{ Name: 'shared', ClusterVolumeSpec: { AccessMode: spec } }, 500, 'rpc error: code = Unknown desc = name conflicts with an existing object'],
    ];
    for (const [body, status, message] of cases) {
      const res = await create(body);
      expect([res.status, res.body], JSON.stringify(body)).toEqual([status, { message }]);
    }
  });

  it('PUT /volumes/{id} changes the availability at the current version; other changes are ignored', async () => {
    const before = (await sapi().get('/volumes/shared')).body.ClusterVolume;
    const res = await sapi().put(`/volumes/${before.ID}?version=${before.Version.Index}`).send({ Spec: { ...before.Spec, Availability: 'drain', Group: 'ignored' } });
    expect([res.status, res.text]).toEqual([200, '']);
    const after = (await sapi().get('/volumes/shared')).body.ClusterVolume;
    expect(after.Spec).toEqual({ ...before.Spec, Availability: 'drain' });
    expect(after.Version.Index).toBeGreaterThan(before.Version.Index);

    const stale = await sapi().put(`/volumes/${before.ID}?version=${before.Version.Index}`).send({ Spec: { Availability: 'active' } });
    expect([stale.status, stale.body]).toEqual([500, { message: 'rpc error: code = Unknown desc = update out of sequence' }]);
    // dockerd finds the volume by name but asks swarmkit for the name as an ID (the CLI sends the ID)
    const byName = await sapi().put(`/volumes/shared?version=${after.Version.Index}`).send({ Spec: { Availability: 'active' } });
    expect([byName.status, byName.body]).toEqual([404, { message: 'rpc error: code = NotFound desc = volume shared not found' }]);
    const missing = await sapi().put('/volumes/nosuch?version=1').send({});
    expect([missing.status, missing.body]).toEqual([404, { message: 'volume nosuch not found' }]);
    const badVersion = await sapi().put('/volumes/shared?version=x').send({});
    expect([badVersion.status, badVersion.body]).toEqual([400, { message: `invalid swarm object version 'x': strconv.ParseUint: parsing "x": invalid syntax` }]);
  });

  it('remove without force only marks it for the (absent) CSI plugin to delete; force removes it', async () => {
    expect((await sapi().delete('/volumes/shared')).status).toBe(204);
    expect((await sapi().get('/volumes/shared')).status).toBe(200);
    expect((await sapi().delete('/volumes/shared?force=1')).status).toBe(204);
    const gone = await sapi().get('/volumes/shared');
    expect([gone.status, gone.body]).toEqual([404, { message: 'volume shared not found' }]);
    expect((await sapi().delete('/volumes/shared?force=1')).status).toBe(204);
    const again = await sapi().delete('/volumes/shared');
    expect([again.status, again.body]).toEqual([404, { message: 'volume shared not found' }]);
  });
});
