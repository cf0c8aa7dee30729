import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { demultiplex } from '../../src/server/stdcopy.js';
import { eventually, useDaemon } from '../support/daemon.js';
import { goldenBodyBytes, loadGolden } from '../support/golden.js';
import { apiClient, apiStream, apiWebSocket } from '../support/api-client.js';

const t = useDaemon({ images: ['alpine:latest', 'busybox:latest'] });
const api = () => apiClient(t.url);
const OUT_ERR = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
const UPGRADED_RAW = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n';

async function create(body: object): Promise<string> {
  const res = await api().post('/containers/create').send({ Image: 'alpine', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.Id;
}
const start = (id: string) => api().post(`/containers/${id}/start`).expect(204);
const container = (id: string) => t.daemon.engine.containers.get(id);

let baselineListeners = 0;
beforeAll(() => {
  baselineListeners = t.daemon.engine.events.listenerCount();
});

/** Nothing of a finished stream may stay behind: log followers, waiters, event subscriptions. */
async function expectNothingLeft(id?: string) {
  const { engine } = t.daemon;
  const state = () => ({ waiters: engine.runtime.waiterCount(), listeners: engine.events.listenerCount() - baselineListeners, followers: id ? container(id).logs.followerCount() : 0 });
  await eventually(() => Object.values(state()).every((n) => n === 0)).catch(() => expect(state()).toEqual({ waiters: 0, listeners: 0, followers: 0 }));
}

describe('attach (hijacked)', () => {
  it('answers 101 with dockerd head and the same stdcopy bytes as dockerd (non-TTY)', async () => {
    const id = await create({ Cmd: OUT_ERR });
    const conn = apiStream(t.url, { method: 'POST', path: `/v1.41/containers/${id}/attach?stream=1&stdout=1&stderr=1` }, { tty: false });
    expect(await conn.head).toBe(loadGolden('streams', 'attach-upgrade-notty').response.rawHead);
    await start(id);
    expect(await conn.closed).toEqual(goldenBodyBytes(loadGolden('streams', 'attach-upgrade-notty')));
    expect((await api().post(`/containers/${id}/wait`)).body).toEqual({ StatusCode: 3 }); // Error omitempty since API 1.42
    await expectNothingLeft(id);
  });

  it('streams raw CRLF bytes with a TTY, like dockerd', async () => {
    const id = await create({ Cmd: OUT_ERR, Tty: true });
    const conn = apiStream(t.url, { method: 'POST', path: `/v1.41/containers/${id}/attach?stream=1&stdout=1&stderr=1` }, { tty: true });
    expect(await conn.head).toBe(UPGRADED_RAW);
    await start(id);
    expect(await conn.closed).toEqual(goldenBodyBytes(loadGolden('streams', 'attach-upgrade-tty')));
  });

  it('answers 200 with a raw-stream head and the same bytes without Upgrade', async () => {
    const id = await create({ Cmd: OUT_ERR });
    const conn = apiStream(t.url, { method: 'POST', path: `/v1.41/containers/${id}/attach?stream=1&stdout=1&stderr=1`, upgrade: false }, { tty: false });
    expect(await conn.head).toBe(loadGolden('streams', 'attach-no-upgrade-notty').response.rawHead);
    await start(id);
    expect(demultiplex(await conn.closed).map((f) => [f.stream, f.payload.toString()])).toEqual([[1, 'out\n'], [2, 'err\n']]);
  });

  it('says multiplexed-stream on API >= 1.42 without a TTY, raw-stream with one', async () => {
    const plain = await create({ Cmd: ['true'] });
    const tty = await create({ Cmd: ['true'], Tty: true });
    const a = apiStream(t.url, { method: 'POST', path: `/v1.45/containers/${plain}/attach?stream=1&stdout=1` }, { tty: false });
    const b = apiStream(t.url, { method: 'POST', path: `/v1.45/containers/${tty}/attach?stream=1&stdout=1` }, { tty: true });
    expect(await a.head).toContain('Content-Type: application/vnd.docker.multiplexed-stream\r\n');
    expect(await b.head).toBe(UPGRADED_RAW);
    await start(plain);
    await start(tty);
    await Promise.all([a.closed, b.closed]);
  });

  it('only writes the selected streams', async () => {
    const id = await create({ Cmd: OUT_ERR });
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stderr=1` });
    await conn.head;
    await start(id);
    expect(demultiplex(await conn.closed).map((f) => [f.stream, f.payload.toString()])).toEqual([[2, 'err\n']]);
  });

  it('reports errors as plain text in a raw-stream answer, like dockerd', async () => {
    const notFound = apiStream(t.url, { method: 'POST', path: '/containers/nosuch/attach?stream=1&stdout=1' });
    const golden = loadGolden('streams', 'attach-not-found');
    expect(await notFound.head).toBe(golden.response.rawHead);
    expect((await notFound.closed).toString()).toBe('No such container: nosuch\r\n');

    const id = await create({ Cmd: ['cat'], OpenStdin: true, Tty: true });
    const badKeys = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-` });
    expect(await badKeys.head).toBe(loadGolden('streams', 'attach-detach-keys-invalid').response.rawHead);
    expect((await badKeys.closed).toString()).toBe('Invalid detach keys (ctrl-) provided\r\n');
  });

  it('replays the log of an exited container with logs=1&stream=0 and closes', async () => {
    const id = await create({ Cmd: OUT_ERR });
    await start(id);
    await api().post(`/containers/${id}/wait`);
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?logs=1&stream=0&stdout=1&stderr=1` });
    expect(await conn.closed).toEqual(goldenBodyBytes(loadGolden('streams', 'attach-logs-replay-exited-notty')));
  });

  it('writes "Error attaching" into the stream for logs=1 with the none log driver', async () => {
    const id = await create({ Cmd: ['true'], HostConfig: { LogConfig: { Type: 'none', Config: {} } } });
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?logs=1&stream=1&stdout=1` });
    expect(demultiplex(await conn.closed).map((f) => [f.stream, f.payload.toString()])).toEqual([[1, 'Error attaching: configured logging driver does not support reading\n']]);
  });

  it('keeps writing after the client half-closes when it sends no stdin (the CLI does that)', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'sleep 0.2; echo late'] });
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdout=1&stderr=1` });
    await conn.head;
    conn.halfClose();
    await start(id);
    expect(demultiplex(await conn.closed).map((f) => f.payload.toString())).toEqual(['late\n']);
  });

  it('feeds stdin to the process; half-close is EOF with StdinOnce (dockerd bytes)', async () => {
    const id = await create({ Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true });
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1` });
    await conn.head;
    await start(id);
    conn.write('hello from stdin\nsecond line\n');
    await conn.until((b) => b.includes('second line\n'));
    conn.halfClose();
    const body = await conn.closed;
    expect(demultiplex(body).map((f) => f.payload.toString()).join('')).toBe(demultiplex(goldenBodyBytes(loadGolden('streams', 'attach-stdin-cat-notty'))).map((f) => f.payload.toString()).join(''));
    expect((await api().post(`/containers/${id}/wait`)).body.StatusCode).toBe(0);
    await expectNothingLeft(id);
  });

  it('echoes typed input on a TTY and ends cat with ^D', async () => {
    const id = await create({ Cmd: ['cat'], OpenStdin: true, Tty: true });
    await start(id);
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1` });
    await conn.head;
    conn.write('hello tty\n');
    await conn.until((b) => b.toString() === 'hello tty\r\nhello tty\r\n');
    conn.write('\x04');
    expect((await conn.closed).toString()).toBe(goldenBodyBytes(loadGolden('streams', 'attach-stdin-cat-tty')).toString());
  });

  it('detaches on ctrl-p ctrl-q (TTY) and leaves the container running', async () => {
    const since = Math.floor(Date.now() / 1000);
    const id = await create({ Cmd: ['cat'], OpenStdin: true, Tty: true });
    await start(id);
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdin=1&stdout=1` });
    await conn.head;
    conn.write('abc\n');
    await conn.until((b) => b.toString().endsWith('abc\r\n'));
    conn.write('\x10');
    conn.write('\x11');
    expect((await conn.closed).toString()).toBe('abc\r\nabc\r\n');
    expect((await api().get(`/containers/${id}/json`)).body.State.Running).toBe(true);
    const events = await (await fetch(`${t.url}/events?since=${since}&until=${Math.ceil(Date.now() / 1000)}&filters=${encodeURIComponent(JSON.stringify({ container: [id] }))}`)).text();
    expect(events.split('\n').filter(Boolean).map((l) => JSON.parse(l).Action)).toEqual(['create', 'start', 'attach', 'detach']);
    await api().post(`/containers/${id}/kill`).expect(204);
    await expectNothingLeft(id);
  });

  it('honours custom detach keys', async () => {
    const id = await create({ Cmd: ['cat'], OpenStdin: true, Tty: true });
    await start(id);
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x,y` });
    await conn.head;
    conn.write('q\x18y');
    expect((await conn.closed).toString()).toBe('q');
    expect(container(id).running).toBe(true);
    await api().post(`/containers/${id}/kill`).expect(204);
  });

  it('forgets the session when the client hangs up', async () => {
    const id = await create({ Cmd: ['sleep', '300'] });
    await start(id);
    const conn = apiStream(t.url, { method: 'POST', path: `/containers/${id}/attach?stream=1&stdout=1&stderr=1` });
    await conn.head;
    await eventually(() => container(id).logs.followerCount() === 1);
    conn.hangUp();
    await expectNothingLeft(id);
    await api().post(`/containers/${id}/kill`).expect(204);
  });
});

describe('attach over websocket', () => {

  it('sends one binary message per write and closes with 1000', async () => {
    const id = await create({ Cmd: OUT_ERR });
    const ws = apiWebSocket(t.url, `/v1.41/containers/${id}/attach/ws?stream=1&stdout=1&stderr=1`, { origin: 'http://localhost' });
    const messages: Array<{ data: string; binary: boolean }> = [];
    ws.on('message', (data, binary) => messages.push({ data: data.toString(), binary }));
    await new Promise((r) => ws.once('open', r));
    await start(id);
    const code = await new Promise((r) => ws.once('close', r));
    expect(messages).toEqual([{ data: 'out\n', binary: true }, { data: 'err\n', binary: true }]);
    expect(code).toBe(1000);
    await expectNothingLeft(id);
  });

  it('passes messages to stdin', async () => {
    const id = await create({ Cmd: ['cat'], OpenStdin: true });
    await start(id);
    const ws = apiWebSocket(t.url, `/containers/${id}/attach/ws?stream=1&stdin=1&stdout=1`);
    await new Promise((r) => ws.once('open', r));
    const got = new Promise((r) => ws.once('message', (d) => r(d.toString())));
    ws.send('ping\n');
    expect(await got).toBe('ping\n');
    ws.close();
    await eventually(() => container(id).logs.followerCount() === 0);
    await api().post(`/containers/${id}/kill`).expect(204);
  });

  it('answers a plain GET with 400 and an unknown container with a JSON 404', async () => {
    const id = await create({ Cmd: ['true'] });
    const plain = await api().get(`/containers/${id}/attach/ws?stream=1&stdout=1`);
    expect([plain.status, plain.text]).toEqual([400, 'not websocket protocol']);
    const ws = apiWebSocket(t.url, '/containers/nosuch/attach/ws?stream=1&stdout=1');
    const res = await new Promise<{ statusCode?: number }>((r) => ws.once('unexpected-response', (_req, response) => r(response)));
    expect(res.statusCode).toBe(404);
  });
});

describe('logs', () => {
  async function exited(cmd: string[], extra: object = {}) {
    const id = await create({ Cmd: cmd, ...extra });
    await start(id);
    await api().post(`/containers/${id}/wait`);
    return id;
  }
  const buffer = (req: request.Test) =>
    req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z $/;

  it('frames stdout and stderr like dockerd and has a raw-stream content type (API 1.41)', async () => {
    const id = await exited(OUT_ERR);
    const res = await buffer(api().get(`/v1.41/containers/${id}/logs?stdout=1&stderr=1`));
    expect(res.headers['content-type']).toBe('application/vnd.docker.raw-stream');
    expect(res.body).toEqual(goldenBodyBytes(loadGolden('streams', 'logs-after-attach-upgrade-notty-no-ts')));
    const multiplexed = await buffer(api().get(`/v1.45/containers/${id}/logs?stdout=1&stderr=1`));
    expect(multiplexed.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
  });

  it('puts an RFC3339Nano timestamp (nine digits) in each frame', async () => {
    const id = await exited(OUT_ERR);
    const res = await buffer(api().get(`/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`));
    const golden = demultiplex(goldenBodyBytes(loadGolden('streams', 'logs-after-attach-upgrade-notty')));
    const ours = demultiplex(res.body);
    const strip = (s: string) => s.slice(0, 31).replace(/\d/g, '0') + s.slice(31);
    expect(ours.map((f) => [f.stream, strip(f.payload.toString())])).toEqual(golden.map((f) => [f.stream, strip(f.payload.toString())]));
    expect(ours.every((f) => TS.test(f.payload.toString().slice(0, 31)))).toBe(true);
  });

  it('writes raw bytes for a TTY container', async () => {
    const id = await exited(OUT_ERR, { Tty: true });
    const res = await buffer(api().get(`/containers/${id}/logs?stdout=1&stderr=1`));
    expect(res.body.toString()).toBe('out\r\nerr\r\n');
  });

  it('splits writes into lines and applies tail, then since/until', async () => {
    const id = await exited(['sh', '-c', 'echo one; echo two; echo three; echo four >&2']);
    const text = async (q: string) => demultiplex((await buffer(api().get(`/containers/${id}/logs?${q}`))).body).map((f) => f.payload.toString()).join('');
    expect(await text('stdout=1&stderr=1&tail=2')).toBe('three\nfour\n');
    expect(await text('stdout=1&tail=all')).toBe('one\ntwo\nthree\n');
    expect(await text('stdout=1&tail=0')).toBe('');
    expect(await text('stderr=1&tail=abc')).toBe('four\n');
    expect(await text(`stdout=1&since=${Math.floor(Date.now() / 1000) + 10}`)).toBe('');
    expect(await text('stdout=1&until=1')).toBe('');
    const withDetails = demultiplex((await buffer(api().get(`/containers/${id}/logs?stdout=1&tail=2&details=1`))).body);
    expect(withDetails[0]!.payload.toString()).toBe(' three\n');
  });

  it('refuses what dockerd refuses', async () => {
    const id = await exited(['true']);
    expect((await api().get(`/containers/${id}/logs`)).body).toEqual({ message: "must specify at least one of 'stdout' or 'stderr'" });
    const since = await api().get(`/containers/${id}/logs?stdout=1&since=abc`);
    expect([since.status, since.body]).toEqual([500, { message: 'strconv.ParseInt: parsing "abc": invalid syntax' }]);
    const none = await exited(['true'], { HostConfig: { LogConfig: { Type: 'none', Config: {} } } });
    const res = await api().get(`/containers/${none}/logs?stdout=1`);
    expect([res.status, res.body]).toEqual([501, { message: 'configured logging driver does not support reading' }]);
    expect((await api().get('/containers/nosuch/logs?stdout=1')).status).toBe(404);
  });

  it('follows new output and ends when the container stops', async () => {
    const id = await create({ Cmd: ['sh', '-c', 'echo first; sleep 0.3; echo second; sleep 0.3'] });
    await start(id);
    const res = await buffer(api().get(`/containers/${id}/logs?stdout=1&follow=1`));
    expect(demultiplex(res.body).map((f) => f.payload.toString())).toEqual(['first\n', 'second\n']);
    await expectNothingLeft(id);
  });

  it('leaves no follower, waiter or timer behind when the client goes away', async () => {
    const id = await create({ Cmd: ['sleep', '300'] });
    await start(id);
    const conn = apiStream(t.url, { method: 'GET', path: `/containers/${id}/logs?stdout=1&follow=1&until=${Math.floor(Date.now() / 1000) + 600}`, upgrade: false });
    await conn.head;
    await eventually(() => container(id).logs.followerCount() === 1);
    conn.hangUp();
    await expectNothingLeft(id);
    await api().post(`/containers/${id}/kill`).expect(204);
  });
});

describe('stats stream', () => {
  it('sends documents until the client leaves, then cancels its timer', async () => {
    const id = await create({ Cmd: ['sleep', '300'] });
    await start(id);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const conn = apiStream(t.url, { method: 'GET', path: `/containers/${id}/stats`, upgrade: false });
    await conn.until((b) => b.toString().includes('"cpu_stats"'));
    conn.hangUp();
    await eventually(() => timers() <= before);
    const once = await api().get(`/containers/${id}/stats?stream=false`);
    expect(once.body.id).toBe(id);
    await api().post(`/containers/${id}/kill`).expect(204);
  });
});
