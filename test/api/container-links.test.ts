/** Legacy links on the default bridge: the linking container's environment and removing a link, as dockerd does. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { demultiplex } from '../../src/server/stdcopy.js';
import { apiClient } from '../support/api-client.js';
import { useDaemon } from '../support/daemon.js';

const t = useDaemon({ images: ['alpine:latest'] });
const api = () => apiClient(t.url);

async function started(name: string, body: object): Promise<string> {
  const id = (await api().post(`/containers/create?name=${name}`).send({ Image: 'alpine', ...body })).body.Id as string;
  await api().post(`/containers/${id}/start`);
  return id;
}

async function output(id: string): Promise<string> {
  const res = await request(t.url).get(`/containers/${id}/logs?stdout=1`).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  return demultiplex(res.body as Buffer).map((f) => f.payload.toString()).join('');
}

describe('legacy links', () => {
  it('give the linking container ALIAS_NAME, ALIAS_ENV_* and ALIAS_PORT_* of each running linked container', async () => {
    await started('link-db', { Cmd: ['sleep', '1000'], Env: ['FOO=1'], ExposedPorts: { '5432/tcp': {} } });
    const ip = (await api().get('/containers/link-db/json')).body.NetworkSettings.Networks.bridge.IPAddress as string;
    const app = await started('link-app', { Cmd: ['env'], HostConfig: { Links: ['link-db:db-main'] } });
    await api().post(`/containers/${app}/wait`);
    const env = (await output(app)).split('\n');
    expect(env).toEqual(expect.arrayContaining([
      'DB_MAIN_NAME=/link-app/db-main', 'DB_MAIN_ENV_FOO=1', `DB_MAIN_PORT=tcp://${ip}:5432`,
      `DB_MAIN_PORT_5432_TCP=tcp://${ip}:5432`, `DB_MAIN_PORT_5432_TCP_ADDR=${ip}`, 'DB_MAIN_PORT_5432_TCP_PORT=5432', 'DB_MAIN_PORT_5432_TCP_PROTO=tcp',
    ]));
    expect(env.some((e) => e.startsWith('DB_MAIN_ENV_PATH='))).toBe(false);
  });

  it('DELETE /containers/{parent}/{alias}?link=1 removes the link and keeps both containers', async () => {
    await started('rm-child', { Cmd: ['sleep', '1000'] });
    await started('rm-parent', { Cmd: ['sleep', '1000'], HostConfig: { Links: ['rm-child:mylink'] } });
    expect((await request(t.url).delete('/containers/rm-parent/mylink?link=1')).status).toBe(204);
    expect((await api().get('/containers/rm-parent/json')).body.HostConfig.Links).toBeNull();
    expect((await api().get('/containers/rm-child/json')).status).toBe(200);
    const again = await request(t.url).delete('/containers/rm-parent/mylink?link=1');
    expect([again.status, again.body]).toEqual([404, { message: 'No such container: rm-parent/mylink' }]);
  });
});
