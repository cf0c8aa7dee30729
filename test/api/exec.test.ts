import { beforeAll, describe, expect, it } from 'vitest';
import { demultiplex } from '../../src/server/stdcopy.js';
import { eventually, useDaemon } from '../support/daemon.js';
import { goldenBodyBytes, loadGolden } from '../support/golden.js';
import { apiClient, apiStream } from '../support/api-client.js';

const t = useDaemon({ images: ['alpine:latest', 'busybox:latest'] });
const api = () => apiClient(t.url);
const OUT_ERR = ['sh', '-c', 'echo out; echo err >&2; exit 3'];

let cid = '';
beforeAll(async () => {
  cid = await running(['sleep', '300']);
});

async function running(cmd: string[], extra: object = {}): Promise<string> {
  const res = await api().post('/containers/create').send({ Image: 'alpine', Cmd: cmd, ...extra });
  expect(res.status).toBe(201);
  await api().post(`/containers/${res.body.Id}/start`).expect(204);
  return res.body.Id;
}

async function createExec(body: object, container = cid): Promise<string> {
  const res = await api().post(`/containers/${container}/exec`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body).toEqual({ Id: expect.stringMatching(/^[0-9a-f]{64}$/) });
  return res.body.Id;
}

const inspect = async (id: string) => (await api().get(`/exec/${id}/json`)).body;
/** The spec-validated hijacked start; `Tty` in the body says what framing to expect. */
const startUpgraded = (id: string, body: { Tty?: boolean; Detach?: boolean }, version = 'v1.41') =>
  apiStream(t.url, { method: 'POST', path: `/${version}/exec/${id}/start`, body: JSON.stringify(body) }, body.Tty === undefined ? {} : { tty: body.Tty });

describe('exec create', () => {
  it('describes the instance before it starts', async () => {
    const id = await createExec({ AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR });
    const golden = loadGolden('exec', 'inspect-before-start').response.body as Record<string, unknown>;
    expect(await inspect(id)).toEqual({ ...golden, ID: id, ContainerID: cid });
    const container = await api().get(`/containers/${cid}/json`);
    expect(container.body.ExecIDs).toContain(id);
  });

  it('keeps parsed detach keys', async () => {
    const id = await createExec({ Cmd: ['true'], DetachKeys: 'ctrl-x,y' });
    expect((await inspect(id)).DetachKeys).toBe('\x18y');
  });

  it.each([
    ['no Cmd', { AttachStdout: true }, 400, 'No exec command specified'],
    ['an empty Cmd', { Cmd: [] }, 400, 'No exec command specified'],
    ['an unknown user', { Cmd: ['true'], User: 'nosuchuser' }, 400, 'unable to find user nosuchuser: no matching entries in passwd file'],
    ['bad detach keys', { Cmd: ['true'], DetachKeys: 'ctrl-' }, 500, 'Invalid escape keys (ctrl-) provided'],
  ])('refuses %s like dockerd', async (_what, body, status, message) => {
    const res = await api().post(`/containers/${cid}/exec`).send(body);
    expect([res.status, res.body]).toEqual([status, { message }]);
  });

  it('answers 404 for an unknown container and 409 for created, paused and stopped ones', async () => {
    expect((await api().post('/containers/nosuch/exec').send({ Cmd: ['true'] })).body).toEqual({ message: 'No such container: nosuch' });
    const created = (await api().post('/containers/create').send({ Image: 'alpine', Cmd: ['true'] })).body.Id;
    const notRunning = await api().post(`/containers/${created}/exec`).send({ Cmd: ['true'] });
    expect([notRunning.status, notRunning.body]).toEqual([409, { message: `Container ${created} is not running` }]);
    const paused = await running(['sleep', '300']);
    await api().post(`/containers/${paused}/pause`).expect(204);
    const onPaused = await api().post(`/containers/${paused}/exec`).send({ Cmd: ['true'] });
    expect([onPaused.status, onPaused.body]).toEqual([409, { message: `Container ${paused} is paused, unpause the container before exec` }]);
    await api().post(`/containers/${paused}/kill`).expect(204);
  });
});

describe('exec start', () => {
  it('streams dockerd bytes with its head (non-TTY) and has the exit code before the stream closes', async () => {
    const id = await createExec({ AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR });
    const conn = startUpgraded(id, { Detach: false, Tty: false });
    const head = await conn.head;
    expect(head).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\nContent-Type: application\/vnd\.docker\.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: [\d.]+\r\nOstype: linux\r\nServer: Docker\/[^\r]+ \(linux\)\r\n\r\n$/);
    const body = await conn.closed;
    expect(body).toEqual(goldenBodyBytes(loadGolden('exec', 'start-upgrade-notty')));
    const after = await inspect(id);
    const golden = loadGolden('exec', 'inspect-after-exit').response.body as Record<string, unknown>;
    expect(after).toEqual({ ...golden, ID: id, ContainerID: cid, Pid: expect.any(Number) });
    expect(after.Pid).toBeGreaterThan(0);
  });

  it('streams raw bytes with a TTY', async () => {
    const id = await createExec({ AttachStdout: true, AttachStderr: true, Tty: true, Cmd: OUT_ERR });
    const conn = startUpgraded(id, { Detach: false, Tty: true });
    expect(await conn.closed).toEqual(goldenBodyBytes(loadGolden('exec', 'start-upgrade-tty')));
    expect((await inspect(id)).ExitCode).toBe(3);
  });

  it('says multiplexed-stream on API >= 1.42 without a TTY', async () => {
    const id = await createExec({ AttachStdout: true, Cmd: ['true'] });
    const conn = startUpgraded(id, { Detach: false, Tty: false }, 'v1.44');
    expect(await conn.head).toContain('Content-Type: application/vnd.docker.multiplexed-stream\r\n');
    await conn.closed;
  });

  it('answers 200 with the raw-stream head without Upgrade', async () => {
    const id = await createExec({ AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR });
    const conn = apiStream(t.url, { method: 'POST', path: `/v1.41/exec/${id}/start`, body: '{"Detach":false,"Tty":false}', upgrade: false }, { tty: false });
    expect(await conn.head).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/vnd\.docker\.raw-stream\r\nApi-Version: [\d.]+\r\nOstype: linux\r\nServer: [^\r]+\r\n\r\n$/);
    expect(demultiplex(await conn.closed).map((f) => f.payload.toString()).sort()).toEqual(['err\n', 'out\n']);
  });

  it('uses Env, WorkingDir and User (dockerd bytes)', async () => {
    const id = await createExec({ AttachStdout: true, Cmd: ['sh', '-c', 'echo $FOO; pwd; id -u'], Env: ['FOO=bar'], WorkingDir: '/tmp', User: 'nobody' }, cid);
    const conn = startUpgraded(id, { Detach: false, Tty: false });
    const text = demultiplex(await conn.closed).map((f) => f.payload.toString()).join('');
    expect(text).toBe(demultiplex(goldenBodyBytes(loadGolden('exec', 'start-env-workdir-user'))).map((f) => f.payload.toString()).join(''));
  });

  it('feeds stdin; the client half-close is EOF', async () => {
    const id = await createExec({ AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['cat'] });
    const conn = startUpgraded(id, { Detach: false, Tty: false });
    await conn.head;
    conn.write('exec stdin line\n');
    conn.halfClose();
    expect(await conn.closed).toEqual(goldenBodyBytes(loadGolden('exec', 'start-upgrade-stdin-cat')));
    expect(await inspect(id)).toMatchObject({ Running: false, ExitCode: 0, OpenStdin: true });
  });

  it('runs detached: 200 with no body, Running then ExitCode', async () => {
    const id = await createExec({ Cmd: ['sh', '-c', 'sleep 0.3; exit 4'] });
    const res = await api().post(`/exec/${id}/start`).send({ Detach: true, Tty: false });
    expect([res.status, res.text]).toEqual([200, '']);
    expect(await inspect(id)).toMatchObject({ Running: true, ExitCode: null, OpenStdout: false });
    expect((await api().post(`/exec/${id}/resize?h=40&w=80`)).status).toBe(200);
    await eventually(async () => (await inspect(id)).ExitCode === 4);
  });

  it('refuses a second start with 409', async () => {
    const id = await createExec({ Cmd: ['true'] });
    await api().post(`/exec/${id}/start`).send({ Detach: true });
    await eventually(async () => (await inspect(id)).ExitCode === 0);
    const again = await api().post(`/exec/${id}/start`).send({ Detach: true });
    expect([again.status, again.body]).toEqual([409, { message: `exec command ${id} has already run` }]);
  });

  it('reports an unknown executable in the stream when attached (exit code 126, as dockerd 20.10) and as 400 when detached', async () => {
    const attached = await createExec({ AttachStdout: true, AttachStderr: true, Cmd: ['/nonexistent'] });
    const conn = startUpgraded(attached, { Detach: false, Tty: false });
    expect(demultiplex(await conn.closed).map((f) => [f.stream, f.payload.toString()])).toEqual(demultiplex(goldenBodyBytes(loadGolden('exec', 'start-unknown-executable'))).map((f) => [f.stream, f.payload.toString()]));
    expect((await inspect(attached)).ExitCode).toBe(126);
    const detached = await createExec({ Cmd: ['nosuchcmd'] });
    const res = await api().post(`/exec/${detached}/start`).send({ Detach: true });
    expect([res.status, res.body]).toEqual([400, loadGolden('exec', 'start-unknown-executable-detached').response.body]);
    expect((await inspect(detached)).ExitCode).toBe(126);
  });

  it('answers unknown instances and bad parameters like dockerd', async () => {
    expect((await api().get('/exec/nosuch/json')).body).toEqual({ message: 'No such exec instance: nosuch' });
    expect((await api().post('/exec/nosuch/start').send({ Detach: true })).body).toEqual({ message: 'No such exec instance: nosuch' });
    expect((await api().post('/exec/nosuch/resize?h=40&w=80')).status).toBe(404);
    const upgraded = apiStream(t.url, { method: 'POST', path: '/exec/nosuch/start', body: '{"Detach":false}' });
    expect(await upgraded.head).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    const id = await createExec({ Cmd: ['true'] });
    const bad = await api().post(`/exec/${id}/resize?h=abc&w=80`);
    expect([bad.status, bad.body]).toEqual([400, { message: 'invalid resize height "abc": strconv.ParseUint: parsing "abc": invalid syntax' }]);
  });
});

describe('exec lifecycle', () => {
  it('publishes exec_create, exec_start and exec_die with the command and exit code', async () => {
    const since = Math.floor(Date.now() / 1000);
    const id = await createExec({ AttachStdout: true, Cmd: ['sh', '-c', 'echo in-exec; exit 2'] });
    await startUpgraded(id, { Detach: false, Tty: false }).closed;
    const text = await (await fetch(`${t.url}/events?since=${since}&until=${Math.ceil(Date.now() / 1000)}&filters=${encodeURIComponent(JSON.stringify({ container: [cid] }))}`)).text();
    const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.Actor.Attributes.execID === id);
    expect(events.map((e) => e.Action)).toEqual(['exec_create: sh -c echo in-exec; exit 2', 'exec_start: sh -c echo in-exec; exit 2', 'exec_die']);
    expect(events[2].Actor.Attributes).toMatchObject({ execID: id, exitCode: '2', image: 'alpine' });
  });

  it('forgets unstarted instances and kills running ones when the container stops; all go with the container', async () => {
    const c = await running(['sleep', '300']);
    const done = await createExec({ Cmd: ['true'] }, c);
    await api().post(`/exec/${done}/start`).send({ Detach: true });
    await eventually(async () => (await inspect(done)).ExitCode === 0);
    const unstarted = await createExec({ Cmd: ['true'] }, c);
    const busy = await createExec({ AttachStdout: true, Cmd: ['sleep', '300'] }, c);
    const stream = startUpgraded(busy, { Detach: false, Tty: false });
    await stream.head;
    await eventually(async () => (await inspect(busy)).Running);
    await api().post(`/containers/${c}/stop?t=0`).expect(204);
    await stream.closed;
    expect((await api().get(`/exec/${unstarted}/json`)).status).toBe(404);
    expect((await api().post(`/exec/${unstarted}/start`).send({ Detach: true })).body).toEqual({ message: `No such exec instance: ${unstarted}` });
    expect(await inspect(busy)).toMatchObject({ Running: false, ExitCode: 137 });
    expect((await inspect(done)).ExitCode).toBe(0);
    expect((await api().get(`/containers/${c}/json`)).body.ExecIDs).toBeNull();
    await api().delete(`/containers/${c}`).expect(204);
    expect((await api().get(`/exec/${done}/json`)).status).toBe(404);
  });

  it('detaches from a TTY exec with ctrl-p ctrl-q and leaves it running', async () => {
    const id = await createExec({ AttachStdin: true, AttachStdout: true, Tty: true, Cmd: ['cat'] });
    const conn = startUpgraded(id, { Detach: false, Tty: true });
    await conn.head;
    conn.write('hi\n');
    await conn.until((b) => b.toString() === 'hi\r\nhi\r\n');
    conn.write('\x10\x11');
    await conn.closed;
    expect((await inspect(id)).Running).toBe(true);
  });

  it('keeps the process when the client leaves, and leaves nothing of the stream behind', async () => {
    const id = await createExec({ AttachStdout: true, Cmd: ['sleep', '300'] });
    const conn = startUpgraded(id, { Detach: false, Tty: false });
    await conn.head;
    conn.hangUp();
    await eventually(async () => (await inspect(id)).Running);
    expect(t.daemon.engine.runtime.waiterCount()).toBe(0);
  });
});
