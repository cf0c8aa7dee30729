import { apiClient } from '../support/api-client.js';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';
import { loadGolden } from '../support/golden.js';

const t = useDaemon({ images: ['alpine:latest', 'nginx:latest'] });
const api = () => apiClient(t.url);

async function createNetwork(body: object): Promise<string> {
  const res = await api().post('/networks/create').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.Id as string;
}

async function createContainer(body: object, name?: string): Promise<string> {
  const res = await api().post(`/containers/create${name ? `?name=${name}` : ''}`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.Id as string;
}

const golden = (name: string) => loadGolden('networks', name).response as { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('predefined networks', () => {
  it('lists bridge, host and none with dockerd drivers, bridge on 172.17.0.0/16', async () => {
    const res = await api().get('/networks');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.map((n: { Name: string }) => [n.Name, n]));
    expect(byName.bridge).toMatchObject({ Driver: 'bridge', Scope: 'local', IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] } });
    expect(byName.bridge.Options['com.docker.network.bridge.default_bridge']).toBe('true');
    expect(byName.host).toMatchObject({ Driver: 'host', IPAM: { Config: [] } });
    expect(byName.none).toMatchObject({ Driver: 'null', IPAM: { Config: [] } });
    expect(byName.none.Containers).toBeUndefined();
  });

  it('keeps the network list shape of old API versions (Containers, no EnableIPv4)', async () => {
    const res = await api().get('/v1.41/networks?filters={"driver":["null"]}');
    expect(Object.keys(res.body[0]).sort()).toEqual(Object.keys(golden('list-filter-driver').body[0]).sort());
  });

  it.each([
    ['host', 'remove-predefined-host'],
    ['none', 'remove-predefined-none'],
  ])('refuses to remove %s with 403', async (name, fixture) => {
    const res = await api().delete(`/networks/${name}`);
    expect(res.status).toBe(golden(fixture).status);
    expect(res.body).toEqual(golden(fixture).body);
  });

  it('refuses to remove bridge with 403', async () => {
    const res = await api().delete('/networks/bridge');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'bridge is a pre-defined network and cannot be removed' });
  });

  it.each([
    ['bridge', 'create-name-bridge'],
    ['host', 'create-name-host'],
  ])('refuses to create a network named %s', async (name, fixture) => {
    const res = await api().post('/networks/create').send({ Name: name });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(golden(fixture).body);
  });
});

describe('network create', () => {
  it('answers 201 {Id, Warning} and allocates 172.18.0.0/16, then 172.19.0.0/16', async () => {
    const res = await api().post('/networks/create').send({ Name: 'n-first', Labels: { team: 'a' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{64}$/), Warning: '' });
    const second = await createNetwork({ Name: 'n-second' });
    const a = await api().get('/networks/n-first');
    const b = await api().get(`/networks/${second}`);
    expect(a.body.IPAM.Config).toEqual([{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }]);
    expect(b.body.IPAM.Config).toEqual([{ Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' }]);
    expect(a.body).toMatchObject({ Name: 'n-first', Driver: 'bridge', Scope: 'local', Labels: { team: 'a' }, Containers: {}, EnableIPv4: true });
  });

  it('refuses a duplicate name with 409 whatever CheckDuplicate says (API >= 1.44 rule)', async () => {
    await createNetwork({ Name: 'n-dup' });
    for (const body of [{ Name: 'n-dup', CheckDuplicate: true }, { Name: 'n-dup' }]) {
      const res = await api().post('/networks/create').send(body);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ message: 'network with name n-dup already exists' });
    }
    expect(golden('create-dup-name-checkduplicate').body).toEqual({ message: 'network with name golden-net1 already exists' });
  });

  it('refuses an overlapping subnet with 403 and current dockerd text (20.10 lacked the "invalid pool request" prefix)', async () => {
    await createNetwork({ Name: 'n-sub', IPAM: { Config: [{ Subnet: '10.231.0.0/24', Gateway: '10.231.0.1' }] } });
    const res = await api().post('/networks/create').send({ Name: 'n-overlap', IPAM: { Config: [{ Subnet: '10.231.0.0/16' }] } });
    expect(res.status).toBe(golden('create-overlapping-subnet').status);
    expect(res.body).toEqual({ message: `invalid pool request: ${golden('create-overlapping-subnet').body.message}` });
    const bridge = await api().post('/networks/create').send({ Name: 'n-overlap2', IPAM: { Config: [{ Subnet: '172.17.5.0/24' }] } });
    expect(bridge.status).toBe(403);
  });

  it.each([
    ['no name', { Driver: 'bridge' }, 400, 'invalid name: name is empty'],
    ['an unknown driver', { Name: 'x1', Driver: 'nosuchdriver' }, 404, 'plugin "nosuchdriver" not found'],
    ['an unknown IPAM driver', { Name: 'x2', IPAM: { Driver: 'nosuchipam' } }, 404, 'plugin "nosuchipam" not found'],
    ['a second host network', { Name: 'x3', Driver: 'host' }, 403, 'only one instance of "host" network is allowed'],
    ['an invalid subnet', { Name: 'x4', IPAM: { Config: [{ Subnet: 'not-a-subnet' }] } }, 400, 'invalid network config:\ninvalid subnet not-a-subnet: invalid CIDR block notation'],
    ['a gateway outside the subnet', { Name: 'x5', IPAM: { Config: [{ Subnet: '10.232.0.0/24', Gateway: '10.99.0.1' }] } }, 400, "invalid network config:\ninvalid gateway 10.99.0.1: parent subnet 10.232.0.0/24 doesn't contain this address"],
    ['host bits in the subnet', { Name: 'x6', IPAM: { Config: [{ Subnet: '10.233.0.5/24' }] } }, 400, 'invalid network config:\ninvalid subnet 10.233.0.5/24: it should be 10.233.0.0/24'],
    ['IPv6 without a subnet', { Name: 'x7', EnableIPv6: true }, 404, 'could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network'],
    ['overlay outside a swarm', { Name: 'x8', Driver: 'overlay' }, 403, 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'],
  ])('refuses %s', async (_what, body, status, message) => {
    const res = await api().post('/networks/create').send(body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ message });
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await api().post('/networks/create').set('Content-Type', 'application/json').send('{bad');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^invalid JSON: /);
  });

  it('reports Internal and Attachable', async () => {
    const id = await createNetwork({ Name: 'n-internal', Internal: true, Attachable: true });
    const res = await api().get(`/networks/${id.slice(0, 12)}`);
    expect(res.body).toMatchObject({ Internal: true, Attachable: true });
  });
});

describe('network inspect and list filters', () => {
  it('finds by full ID, name and ID prefix; 404 otherwise', async () => {
    const id = await createNetwork({ Name: 'n-find' });
    for (const term of [id, 'n-find', id.slice(0, 5)]) expect((await api().get(`/networks/${term}`)).body.Id).toBe(id);
    const missing = await api().get('/networks/nosuchnet');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(golden('inspect-not-found').body);
  });

  it('applies scope and verbose like dockerd', async () => {
    expect((await api().get('/networks/host?scope=bogus')).body).toEqual(golden('inspect-bad-scope').body);
    expect((await api().get('/networks/host?verbose=true&scope=local')).status).toBe(200);
  });

  it('shapes inspect for old API versions (no EnableIPv4, no Status)', async () => {
    const res = await api().get('/v1.41/networks/none');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(golden('inspect-none').body).sort());
  });

  it('filters by driver, label, type, dangling; refuses unknown keys and bad values', async () => {
    await createNetwork({ Name: 'n-lab', Labels: { pick: 'me' } });
    const names = async (f: object) => (await api().get(`/networks?filters=${encodeURIComponent(JSON.stringify(f))}`)).body.map((n: { Name: string }) => n.Name);
    expect(await names({ label: ['pick=me'] })).toEqual(['n-lab']);
    expect((await names({ type: ['builtin'] })).sort()).toEqual(['bridge', 'host', 'none']);
    expect(await names({ type: ['custom'] })).not.toContain('bridge');
    expect(await names({ dangling: ['true'] })).toContain('n-lab');
    expect(await names({ dangling: ['true'] })).not.toContain('bridge');
    const bad = await api().get(`/networks?filters=${encodeURIComponent('{"bogus":["x"]}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: "invalid filter 'bogus'" });
    const badType = await api().get(`/networks?filters=${encodeURIComponent('{"type":["bogus"]}')}`);
    expect(badType.status).toBe(golden('list-filter-type-bad').status);
    expect(badType.body).toEqual(golden('list-filter-type-bad').body);
  });
});

describe('endpoints', () => {
  it('allocates addresses at start, serially, and releases them at stop', async () => {
    await createNetwork({ Name: 'n-ep', IPAM: { Config: [{ Subnet: '10.240.0.0/24' }] } });
    const a = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n-ep' }, NetworkingConfig: { EndpointsConfig: { 'n-ep': { Aliases: ['alpha'] } } } }, 'ep-a');
    const before = await api().get(`/containers/${a}/json`);
    expect(before.body.NetworkSettings.Networks['n-ep']).toMatchObject({ IPAddress: '', EndpointID: '', Aliases: ['alpha'], DNSNames: ['ep-a', 'alpha', a.slice(0, 12)] });
    await api().post(`/containers/${a}/start`).expect(204);
    const b = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n-ep' } }, 'ep-b');
    await api().post(`/containers/${b}/start`).expect(204);
    const ia = (await api().get(`/containers/${a}/json`)).body.NetworkSettings.Networks['n-ep'];
    const ib = (await api().get(`/containers/${b}/json`)).body.NetworkSettings.Networks['n-ep'];
    expect(ia).toMatchObject({ IPAddress: '10.240.0.2', IPPrefixLen: 24, Gateway: '10.240.0.1', MacAddress: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/) });
    expect(ib.IPAddress).toBe('10.240.0.3');
    const net = (await api().get('/networks/n-ep')).body;
    expect(net.Containers[a]).toEqual({ Name: 'ep-a', EndpointID: ia.EndpointID, MacAddress: ia.MacAddress, IPv4Address: '10.240.0.2/24', IPv6Address: '' });
    await api().post(`/containers/${a}/stop?t=0`).expect(204);
    expect((await api().get('/networks/n-ep')).body.Containers[a]).toBeUndefined();
    const stopped = (await api().get(`/containers/${a}/json`)).body.NetworkSettings.Networks['n-ep'];
    expect(stopped).toMatchObject({ IPAddress: '', EndpointID: '', NetworkID: net.Id });
    // Serial allocation: the next address is .4, not the released .2.
    await api().post(`/containers/${a}/start`).expect(204);
    expect((await api().get(`/containers/${a}/json`)).body.NetworkSettings.Networks['n-ep'].IPAddress).toBe('10.240.0.4');
  });

  it('gives a static IP and refuses one already in use', async () => {
    await createNetwork({ Name: 'n-static', IPAM: { Config: [{ Subnet: '10.241.0.0/24' }] } });
    const cfg = { EndpointsConfig: { 'n-static': { IPAMConfig: { IPv4Address: '10.241.0.50' } } } };
    const a = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n-static' }, NetworkingConfig: cfg });
    await api().post(`/containers/${a}/start`).expect(204);
    expect((await api().get(`/containers/${a}/json`)).body.NetworkSettings.Networks['n-static'].IPAddress).toBe('10.241.0.50');
    const b = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'n-static' }, NetworkingConfig: cfg });
    const res = await api().post(`/containers/${b}/start`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Address already in use' });
  });

  it('refuses a static IP on a network without user subnets and on bridge', async () => {
    await createNetwork({ Name: 'n-nosub' });
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'] });
    await api().post(`/containers/${c}/start`).expect(204);
    const res = await api().post('/networks/n-nosub/connect').send({ Container: c, EndpointConfig: { IPAMConfig: { IPv4Address: '10.231.0.50' } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets' });
    const bridge = await api().post('/containers/create').send({ Image: 'alpine', NetworkingConfig: { EndpointsConfig: { bridge: { IPAMConfig: { IPv4Address: '172.17.0.9' } } } } });
    expect(bridge.status).toBe(400);
    expect(bridge.body).toEqual({ message: 'invalid endpoint settings:\nuser specified IP address is supported on user defined networks only' });
  });

  it('creating in an unknown network is a 404; host/none/container modes have no address', async () => {
    const missing = await api().post('/containers/create').send({ Image: 'alpine', HostConfig: { NetworkMode: 'nosuchnet' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'network nosuchnet not found' });
    const host = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'host' } });
    await api().post(`/containers/${host}/start`).expect(204);
    const h = (await api().get(`/containers/${host}/json`)).body.NetworkSettings.Networks;
    expect(Object.keys(h)).toEqual(['host']);
    expect(h.host).toMatchObject({ IPAddress: '', EndpointID: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const shared = await createContainer({ Image: 'alpine', Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: `container:${host}` } });
    await api().post(`/containers/${shared}/start`).expect(204);
    expect((await api().get(`/containers/${shared}/json`)).body.NetworkSettings.Networks).toEqual({});
    const connect = await api().post('/networks/bridge/connect').send({ Container: shared });
    expect(connect.status).toBe(400);
    expect(connect.body).toEqual({ message: 'container sharing network namespace with another container or host cannot be connected to any other network' });
  });
});

describe('connect and disconnect', () => {
  it('follows dockerd on created containers: unknown networks and repeats are accepted', async () => {
    await createNetwork({ Name: 'n-c1' });
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] }, 'cc-created');
    expect((await api().post('/networks/n-c1/connect').send({ Container: c, EndpointConfig: { Aliases: ['cc-alias'] } })).status).toBe(200);
    expect((await api().post('/networks/n-c1/connect').send({ Container: c })).status).toBe(200);
    expect((await api().post('/networks/nosuchnet/connect').send({ Container: c })).status).toBe(golden('connect-network-not-found').status);
    const nets = (await api().get(`/containers/${c}/json`)).body.NetworkSettings.Networks;
    expect(Object.keys(nets).sort()).toEqual(['bridge', 'n-c1', 'nosuchnet']);
    expect(nets['n-c1'].Aliases).toEqual(['cc-alias']);
    // Starting with a network that does not exist fails, as dockerd does.
    const start = await api().post(`/containers/${c}/start`);
    expect(start.status).toBe(404);
    expect(start.body.message).toBe('failed to set up container networking: network nosuchnet not found');
    expect((await api().post('/networks/nosuchnet/disconnect').send({ Container: c })).status).toBe(200);
    const notConnected = await api().post('/networks/n-c1/disconnect').send({ Container: c });
    expect(notConnected.status).toBe(200);
    const again = await api().post('/networks/n-c1/disconnect').send({ Container: c });
    expect(again.status).toBe(500);
    expect(again.body).toEqual({ message: `container ${c} is not connected to the network n-c1` });
  });

  it('connects and disconnects a running container with events', async () => {
    const id = await createNetwork({ Name: 'n-run' });
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] }, 'cc-run');
    await api().post(`/containers/${c}/start`).expect(204);
    const since = Math.floor(Date.now() / 1000) - 1;
    await api().post('/networks/n-run/connect').send({ Container: 'cc-run', EndpointConfig: { Aliases: ['runner'] } }).expect(200);
    const ep = (await api().get(`/containers/${c}/json`)).body.NetworkSettings.Networks['n-run'];
    expect(ep).toMatchObject({ NetworkID: id, Aliases: ['runner'], DNSNames: ['cc-run', 'runner', c.slice(0, 12)] });
    expect(ep.IPAddress).toMatch(/^172\.\d+\.0\.2$/);
    const twice = await api().post('/networks/n-run/connect').send({ Container: c });
    expect(twice.status).toBe(403);
    expect(twice.body).toEqual({ message: 'endpoint with name cc-run already exists in network n-run' });
    const busy = await api().delete('/networks/n-run');
    expect(busy.status).toBe(403);
    expect(busy.body.message).toBe(`error while removing network: network n-run has active endpoints (name:"cc-run" id:"${ep.EndpointID.slice(0, 12)}")`);
    await api().post('/networks/n-run/disconnect').send({ Container: c }).expect(200);
    expect((await api().get(`/containers/${c}/json`)).body.NetworkSettings.Networks['n-run']).toBeUndefined();
    await api().delete('/networks/n-run').expect(204);
    const until = Math.floor(Date.now() / 1000) + 1;
    const text = await (await fetch(`${t.url}/events?since=${since}&until=${until}&filters=${encodeURIComponent('{"type":["network"]}')}`)).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.Actor.ID === id);
    expect(lines.map((e) => e.Action).filter((a) => a !== 'create')).toEqual(['connect', 'disconnect', 'destroy']);
    expect(lines.find((e) => e.Action === 'connect').Actor.Attributes).toEqual({ container: c, name: 'n-run', type: 'bridge' });
  });

  it('answers dockerd texts for missing containers and host networks', async () => {
    await createNetwork({ Name: 'n-err' });
    const nf = await api().post('/networks/n-err/connect').send({ Container: 'nosuch' });
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual(golden('connect-container-not-found').body);
    const dnf = await api().post('/networks/n-err/disconnect').send({ Container: 'nosuch' });
    expect(dnf.body).toEqual(golden('disconnect-container-not-found').body);
    const force = await api().post('/networks/n-err/disconnect').send({ Container: 'nosuch', Force: true });
    expect(force.status).toBe(404);
    expect(force.body).toEqual(golden('disconnect-force-not-found-container').body);
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '300'] });
    const host = await api().post('/networks/host/connect').send({ Container: c });
    expect(host.status).toBe(400);
    expect(host.body).toEqual({ message: 'cannot connect container to host network - container must be created in host network mode' });
  });
});

describe('network prune', () => {
  it('removes unused custom networks only, and validates filters', async () => {
    await createNetwork({ Name: 'p-unused', Labels: { prune: 'yes' } });
    const keep = await createNetwork({ Name: 'p-used' });
    const c = await createContainer({ Image: 'alpine', Cmd: ['sleep', '300'], HostConfig: { NetworkMode: 'p-used' } });
    await api().post(`/containers/${c}/start`).expect(204);
    const nomatch = await api().post(`/networks/prune?filters=${encodeURIComponent('{"label":["nomatch"]}')}`);
    expect(nomatch.body).toEqual(golden('prune-label-nomatch').body);
    const res = await api().post('/networks/prune');
    expect(res.status).toBe(200);
    expect(res.body.NetworksDeleted).toContain('p-unused');
    expect(res.body.NetworksDeleted).not.toContain('p-used');
    expect(res.body.NetworksDeleted).not.toContain('bridge');
    expect((await api().get(`/networks/${keep}`)).status).toBe(200);
    const bad = await api().post(`/networks/prune?filters=${encodeURIComponent('{"bogus":["x"]}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ message: "invalid filter 'bogus'" });
  });
});

describe('swarm networks', () => {
  it('adds ingress and docker_gwbridge with swarm mode, and overlay networks become creatable', async () => {
    const init = await api().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    try {
      const list = (await api().get('/networks')).body as Array<{ Name: string; Driver: string; Scope: string; Ingress: boolean }>;
      expect(list.find((n) => n.Name === 'ingress')).toMatchObject({ Driver: 'overlay', Scope: 'swarm', Ingress: true });
      expect(list.find((n) => n.Name === 'docker_gwbridge')).toMatchObject({ Driver: 'bridge', Scope: 'local' });
      const res = await api().post('/networks/create').send({ Name: 'sw-overlay', Driver: 'overlay', Attachable: true });
      expect(res.status).toBe(201);
      expect(res.body.Id).toMatch(/^[0-9a-z]{25}$/);
      expect((await api().get('/networks/sw-overlay')).body).toMatchObject({ Scope: 'swarm', Driver: 'overlay', Attachable: true, IPAM: { Config: [{ Subnet: '10.0.1.0/24', Gateway: '10.0.1.1' }] } });
      await api().delete('/networks/sw-overlay').expect(204);
    } finally {
      await api().post('/swarm/leave?force=1');
    }
    expect((await api().get('/networks')).body.map((n: { Name: string }) => n.Name)).not.toContain('ingress');
  });

  it('an overlay network a service uses cannot be removed until the service is gone (swarmkit FailedPrecondition)', async () => {
    expect((await api().post('/swarm/init').send({ ListenAddr: '0.0.0.0:2377' })).status).toBe(200);
    try {
      const net = (await api().post('/networks/create').send({ Name: 'sw-used', Driver: 'overlay' })).body.Id as string;
      const svc = await api().post('/services/create').send({ Name: 'on-net', TaskTemplate: { ContainerSpec: { Image: 'alpine:latest' }, Networks: [{ Target: net }] } });
      expect(svc.status).toBe(201);
      const refused = await api().delete('/networks/sw-used');
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ message: `rpc error: code = FailedPrecondition desc = network ${net} is in use by service ${svc.body.ID}` });
      await api().delete(`/services/${svc.body.ID}`).expect(200);
      await api().delete('/networks/sw-used').expect(204);
    } finally {
      await api().post('/swarm/leave?force=1');
    }
  });
});
