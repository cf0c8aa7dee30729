/** Classic Swarm mode over HTTP: label constraints, soft preferences, expression errors, random strategy, import, engine mode untouched. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ nodes: 3, mode: 'classic', portListeners: false, seed: 5, nodeOptions: [{}, { engineLabels: { storage: 'ssd' } }, {}] });
const r1 = useDaemon({ nodes: 3, mode: 'classic', strategy: 'random', portListeners: false, seed: 9 });
const r2 = useDaemon({ nodes: 3, mode: 'classic', strategy: 'random', portListeners: false, seed: 9 });
const plain = useDaemon({ nodes: 3, portListeners: false, images: ['alpine:latest'] });

const create = (url: string, body: object) => request(url).post('/containers/create').send({ Image: 'alpine', Cmd: ['true'], ...body });
const nodeName = async (url: string, id: string) => (await request(url).get(`/containers/${id}/json`)).body.Node.Name as string;

describe('classic mode scheduling over HTTP', () => {
  it('constraint on an engine label; a label constraint as the com.docker.swarm.constraints label', async () => {
    const a = await create(t.url, { Env: ['constraint:storage==ssd'] });
    expect(await nodeName(t.url, a.body.Id)).toBe('node-2');
    const b = await create(t.url, { Labels: { 'com.docker.swarm.constraints': '["storage==ssd"]' } });
    expect(await nodeName(t.url, b.body.Id)).toBe('node-2');
    const c = await create(t.url, { Env: ['constraint:storage!=ssd', 'constraint:node==/node-[23]/'] });
    expect(await nodeName(t.url, c.body.Id)).toBe('node-3');
  });

  it('a soft constraint (==~) nobody meets is dropped; a hard one is not', async () => {
    const soft = await create(t.url, { Env: ['constraint:storage==~nvme'] });
    expect(soft.status).toBe(201);
    const hard = await create(t.url, { Env: ['constraint:storage==nvme', 'affinity:image==alpine'] });
    expect(hard.status).toBe(500);
    expect(hard.body.message).toBe('Unable to find a node that satisfies the following conditions \n[image==alpine]\n[storage==nvme]');
  });

  it('expressions swarm could not parse get its texts', async () => {
    expect((await create(t.url, { Env: ['constraint:node=node-1'] })).body.message).toBe('One of operator ==, != is expected');
    expect((await create(t.url, { Env: ['constraint:n==x'] })).body.message).toBe("Key 'n' is invalid");
  });

  it('random placement is seeded: the same seed places the same way', async () => {
    const place = async (url: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) out.push(await nodeName(url, (await create(url, {})).body.Id));
      return out;
    };
    const a = await place(r1.url);
    expect(await place(r2.url)).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('import (fromSrc) answers 404', async () => {
    const res = await request(t.url).post('/images/create?fromSrc=-').send('');
    expect(res.status).toBe(404);
  });

  it('pull onto one node with ?node=; progress lines carry the node as id, as swarm manage wrote them', async () => {
    const res = await request(t.url).post('/images/create?fromImage=redis&tag=latest&node=node-3').buffer(true).parse((r, cb) => { let s = ''; r.on('data', (d) => (s += d)); r.on('end', () => cb(null, s)); });
    const lines = String(res.body).trim().split(/\r?\n/).map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ status: 'Pulling redis:latest...', id: 'node-3' });
    expect(lines.every((l) => l.id === 'node-3' && l.status.startsWith('Pulling redis:latest...'))).toBe(true);
    expect(lines).toContainEqual({ status: 'Pulling redis:latest... : Pulling from library/redis', id: 'node-3' });
    expect(lines.some((l) => /^Pulling redis:latest\.\.\. : Downloading$/.test(l.status) && l.progressDetail?.total > 0)).toBe(true);
    expect(lines.at(-1)).toEqual({ status: 'Pulling redis:latest...', id: 'node-3' });
    const on1 = await request(t.url).get('/images/json').query({ filters: JSON.stringify({ node: ['node-1'] }) });
    expect(on1.body.flatMap((i: any) => i.RepoTags)).not.toContain('redis:latest');
  });
});

describe('engine mode is untouched', () => {
  it('no node prefix, no Node, no agents, the node filter refused', async () => {
    const c = await request(plain.url).post('/containers/create?name=solo').send({ Image: 'alpine', Cmd: ['true'] });
    const list = await request(plain.url).get('/containers/json?all=1');
    expect(list.body.map((x: any) => x.Names[0])).toEqual(['/solo']);
    expect((await request(plain.url).get(`/containers/${c.body.Id}/json`)).body.Node).toBeUndefined();
    const imgs = await request(plain.url).get('/images/json').query({ filters: JSON.stringify({ node: ['node-1'] }) });
    expect(imgs.status).toBe(400);
  });
});
