import type { Recorder } from './lib.js';
import { mk, rm, waitExit } from './util.js';

const UPGRADE = { Connection: 'Upgrade', Upgrade: 'tcp' };
const OUT_ERR_3 = ['sh', '-c', 'echo out; echo err >&2; exit 3'];

export async function streamsSection(r: Recorder): Promise<void> {
  const T = 'streams';
  for (const tty of [false, true]) {
    const sfx = tty ? 'tty' : 'notty';
    for (const upgrade of [true, false]) {
      const id = await mk(r, `golden-att-${sfx}-${upgrade ? 'up' : 'noup'}`, { Tty: tty, AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR_3 });
      const name = `attach-${upgrade ? 'upgrade' : 'no-upgrade'}-${sfx}`;
      await r.recHijack(T, name, {
        method: 'POST',
        path: `/containers/${id}/attach?stream=1&stdout=1&stderr=1`,
        headers: upgrade ? UPGRADE : {},
        tty,
        timeoutMs: 10_000,
        note: `container runs sh -c 'echo out; echo err >&2; exit 3' (Tty=${tty}); attached before start; started once the response head arrived; dockerd closes the stream when the process exits`,
        during: async () => {
          await r.sleep(100);
          await r.do('POST', `/containers/${id}/start`);
        },
      });
      await r.rec(T, `${name}-then-wait`, { method: 'POST', path: `/containers/${id}/wait`, timeoutMs: 10_000 });
      if (upgrade) {
        await r.rec(T, `logs-after-${name}`, { method: 'GET', path: `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1` });
        await r.rec(T, `logs-after-${name}-no-ts`, { method: 'GET', path: `/containers/${id}/logs?stdout=1&stderr=1` });
        await r.recHijack(T, `attach-logs-replay-exited-${sfx}`, {
          method: 'POST',
          path: `/containers/${id}/attach?logs=1&stream=0&stdout=1&stderr=1`,
          headers: UPGRADE,
          tty,
          timeoutMs: 5000,
          note: 'attach with logs=1 to an exited container: replays the log and closes',
        });
        await r.recHijack(T, `attach-stream-exited-${sfx}`, {
          method: 'POST',
          path: `/containers/${id}/attach?stream=1&stdout=1&stderr=1`,
          headers: UPGRADE,
          tty,
          timeoutMs: 3000,
          note: 'attach stream=1 to an exited container',
        });
      }
      await rm(r, id);
    }
  }
  // stdin: cat echoes, stdin half-closed
  const cat = await mk(r, 'golden-att-cat', { OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['cat'] });
  await r.do('POST', `/containers/${cat}/start`);
  await r.recHijack(T, 'attach-stdin-cat-notty', {
    method: 'POST',
    path: `/containers/${cat}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
    headers: UPGRADE,
    stdin: 'hello from stdin\nsecond line\n',
    closeStdin: true,
    timeoutMs: 8000,
    note: 'running `cat` with OpenStdin+StdinOnce; the client writes two lines then half-closes (FIN); cat exits and dockerd closes',
  });
  await r.rec(T, 'attach-stdin-cat-notty-then-wait', { method: 'POST', path: `/containers/${cat}/wait`, timeoutMs: 8000 });
  await r.rec(T, 'attach-stdin-cat-notty-inspect', { method: 'GET', path: `/containers/${cat}/json` });
  await rm(r, cat);
  const catT = await mk(r, 'golden-att-cat-tty', { Tty: true, OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['cat'] });
  await r.do('POST', `/containers/${catT}/start`);
  await r.recHijack(T, 'attach-stdin-cat-tty', {
    method: 'POST',
    path: `/containers/${catT}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
    headers: UPGRADE,
    stdin: 'hello tty\n\u0004',
    tty: true,
    timeoutMs: 4000,
    note: 'TTY cat: terminal echoes input (CRLF) and cat output; ^D ends cat',
  });
  await rm(r, catT);
  // detach keys
  const dk = await mk(r, 'golden-att-detach', { Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true, Cmd: ['cat'] });
  await r.do('POST', `/containers/${dk}/start`);
  await r.recHijack(T, 'attach-detach-keys-ctrl-p-ctrl-q', {
    method: 'POST',
    path: `/containers/${dk}/attach?stream=1&stdin=1&stdout=1`,
    headers: UPGRADE,
    stdin: 'abc\n\u0010\u0011',
    tty: true,
    timeoutMs: 4000,
    note: 'default detach sequence ctrl-p ctrl-q: dockerd ends the attach, the container keeps running',
  });
  await r.rec(T, 'attach-detach-keys-inspect-still-running', { method: 'GET', path: `/containers/${dk}/json` });
  await r.recHijack(T, 'attach-detach-keys-invalid', {
    method: 'POST',
    path: `/containers/${dk}/attach?stream=1&stdin=1&stdout=1&detachKeys=${encodeURIComponent('ctrl-')}`,
    headers: UPGRADE,
    tty: true,
    timeoutMs: 3000,
  });
  await rm(r, dk);
  // errors
  await r.recHijack(T, 'attach-not-found', { method: 'POST', path: '/containers/nosuch/attach?stream=1&stdout=1', headers: UPGRADE, timeoutMs: 3000 });
  await r.recHijack(T, 'attach-v1.42-too-new', {
    method: 'POST',
    path: '/v1.42/containers/nosuch/attach?stream=1&stdout=1&stderr=1',
    headers: UPGRADE,
    timeoutMs: 3000,
    note: 'API >= 1.42 answers non-TTY hijacks with Content-Type application/vnd.docker.multiplexed-stream; dockerd 20.10 (max 1.41) cannot show it and rejects the version',
  });
  const v124 = await mk(r, 'golden-att-v124', { AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR_3 });
  await r.recHijack(T, 'attach-upgrade-notty-v1.24', {
    method: 'POST',
    path: `/v1.24/containers/${v124}/attach?stream=1&stdout=1&stderr=1`,
    headers: UPGRADE,
    timeoutMs: 8000,
    during: async () => {
      await r.sleep(100);
      await r.do('POST', `/containers/${v124}/start`);
    },
  });
  await rm(r, v124);
  // logs follow on a running container
  const lf = await mk(r, 'golden-logs-follow', { Cmd: ['sh', '-c', 'echo one; echo two >&2; sleep 1; echo three; sleep 300'] });
  await r.do('POST', `/containers/${lf}/start`);
  await r.rec(T, 'logs-follow-running', { method: 'GET', path: `/containers/${lf}/logs?stdout=1&stderr=1&follow=1&timestamps=1`, timeoutMs: 2500, note: 'follow on a running container: recorder aborted after 2.5s' });
  await r.rec(T, 'logs-running-no-follow', { method: 'GET', path: `/containers/${lf}/logs?stdout=1&stderr=1` });
  await r.recHijack(T, 'logs-running-raw-socket', {
    method: 'GET',
    path: `/containers/${lf}/logs?stdout=1&stderr=1&timestamps=1`,
    timeoutMs: 3000,
    note: 'same logs read on a raw socket: shows the chunked transfer encoding bytes (rawChunkedBase64) and the exact head',
  });
  await rm(r, lf);
  // events stream raw
  await r.recHijack(T, 'events-raw-socket', {
    method: 'GET',
    path: `/events?since=${Math.floor(Date.now() / 1000) - 5}&until=${Math.floor(Date.now() / 1000)}&filters=${encodeURIComponent('{"type":["container"]}')}`,
    timeoutMs: 3000,
  });
}

export async function execSection(r: Recorder): Promise<void> {
  const T = 'exec';
  const c = await mk(r, 'golden-exec', { Cmd: ['sleep', '300'] });
  await r.do('POST', `/containers/${c}/start`);
  const create = async (name: string, body: Record<string, unknown>): Promise<string> => {
    const ex = await r.rec(T, name, { method: 'POST', path: `/containers/${c}/exec`, body });
    return (ex.response.body as { Id?: string }).Id ?? '';
  };
  // non-tty hijacked
  const e1 = await create('create-notty', { AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR_3 });
  await r.rec(T, 'inspect-before-start', { method: 'GET', path: `/exec/${e1}/json` });
  await r.recHijack(T, 'start-upgrade-notty', { method: 'POST', path: `/exec/${e1}/start`, headers: UPGRADE, body: { Detach: false, Tty: false }, timeoutMs: 8000 });
  await r.sleep(200);
  await r.rec(T, 'inspect-after-exit', { method: 'GET', path: `/exec/${e1}/json` });
  await r.rec(T, 'start-again', { method: 'POST', path: `/exec/${e1}/start`, body: { Detach: true } });
  // tty
  const e2 = await create('create-tty', { AttachStdout: true, AttachStderr: true, Tty: true, Cmd: OUT_ERR_3 });
  await r.recHijack(T, 'start-upgrade-tty', { method: 'POST', path: `/exec/${e2}/start`, headers: UPGRADE, body: { Detach: false, Tty: true }, tty: true, timeoutMs: 8000 });
  await r.sleep(200);
  await r.rec(T, 'inspect-after-exit-tty', { method: 'GET', path: `/exec/${e2}/json` });
  // no upgrade header
  const e3 = await create('create-for-no-upgrade', { AttachStdout: true, AttachStderr: true, Cmd: OUT_ERR_3 });
  await r.recHijack(T, 'start-no-upgrade-notty', { method: 'POST', path: `/exec/${e3}/start`, body: { Detach: false, Tty: false }, timeoutMs: 8000 });
  // detached
  const e4 = await create('create-for-detach', { Cmd: ['sh', '-c', 'sleep 1; exit 4'] });
  await r.rec(T, 'start-detached', { method: 'POST', path: `/exec/${e4}/start`, body: { Detach: true, Tty: false } });
  await r.rec(T, 'inspect-detached-running', { method: 'GET', path: `/exec/${e4}/json` });
  await r.rec(T, 'resize-running-exec-no-tty', { method: 'POST', path: `/exec/${e4}/resize?h=40&w=80` });
  await r.sleep(1500, 'clock');
  await r.rec(T, 'inspect-detached-exited', { method: 'GET', path: `/exec/${e4}/json` });
  // stdin
  const e5 = await create('create-stdin-cat', { AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['cat'] });
  await r.recHijack(T, 'start-upgrade-stdin-cat', {
    method: 'POST',
    path: `/exec/${e5}/start`,
    headers: UPGRADE,
    body: { Detach: false, Tty: false },
    stdin: 'exec stdin line\n',
    closeStdin: true,
    timeoutMs: 8000,
    note: 'client writes a line then half-closes; cat exits',
  });
  await r.sleep(200);
  await r.rec(T, 'inspect-after-stdin-cat', { method: 'GET', path: `/exec/${e5}/json` });
  // unknown executable
  const e6 = await create('create-unknown-executable', { AttachStdout: true, AttachStderr: true, Cmd: ['/nonexistent'] });
  await r.recHijack(T, 'start-unknown-executable', { method: 'POST', path: `/exec/${e6}/start`, headers: UPGRADE, body: { Detach: false, Tty: false }, timeoutMs: 8000 });
  await r.sleep(200);
  await r.rec(T, 'inspect-after-unknown-executable', { method: 'GET', path: `/exec/${e6}/json` });
  const e7 = await create('create-unknown-executable-detached', { Cmd: ['nosuchcmd'] });
  await r.rec(T, 'start-unknown-executable-detached', { method: 'POST', path: `/exec/${e7}/start`, body: { Detach: true } });
  await r.sleep(200);
  await r.rec(T, 'inspect-after-unknown-executable-detached', { method: 'GET', path: `/exec/${e7}/json` });
  // env / workdir / user
  const e8 = await create('create-env-workdir-user', { AttachStdout: true, Cmd: ['sh', '-c', 'echo $FOO; pwd; id -u'], Env: ['FOO=bar'], WorkingDir: '/tmp', User: 'nobody' });
  await r.recHijack(T, 'start-env-workdir-user', { method: 'POST', path: `/exec/${e8}/start`, headers: UPGRADE, body: { Detach: false, Tty: false }, timeoutMs: 8000 });
  // errors
  await r.rec(T, 'create-no-cmd', { method: 'POST', path: `/containers/${c}/exec`, body: { AttachStdout: true } });
  await r.rec(T, 'create-empty-cmd', { method: 'POST', path: `/containers/${c}/exec`, body: { Cmd: [] } });
  await r.rec(T, 'create-invalid-json', { method: 'POST', path: `/containers/${c}/exec`, body: '{bad' });
  await r.rec(T, 'create-container-not-found', { method: 'POST', path: `/containers/nosuch/exec`, body: { Cmd: ['true'] } });
  await r.rec(T, 'create-bad-detach-keys', { method: 'POST', path: `/containers/${c}/exec`, body: { Cmd: ['true'], DetachKeys: 'ctrl-' } });
  await r.rec(T, 'inspect-not-found', { method: 'GET', path: `/exec/nosuch/json` });
  await r.rec(T, 'start-not-found', { method: 'POST', path: `/exec/nosuch/start`, body: { Detach: true } });
  await r.recHijack(T, 'start-not-found-upgrade', { method: 'POST', path: `/exec/nosuch/start`, headers: UPGRADE, body: { Detach: false }, timeoutMs: 3000 });
  await r.rec(T, 'start-invalid-json', { method: 'POST', path: `/exec/${e1}/start`, body: '{bad' });
  await r.rec(T, 'resize-not-found', { method: 'POST', path: `/exec/nosuch/resize?h=40&w=80` });
  await r.rec(T, 'resize-bad-height', { method: 'POST', path: `/exec/${e1}/resize?h=abc&w=80` });
  // paused
  await r.do('POST', `/containers/${c}/pause`);
  await r.rec(T, 'create-on-paused', { method: 'POST', path: `/containers/${c}/exec`, body: { Cmd: ['true'] } });
  await r.do('POST', `/containers/${c}/unpause`);
  // exec created, then container stopped, then start
  const e9 = await create('create-then-stop', { AttachStdout: true, Cmd: ['echo', 'late'] });
  await r.do('POST', `/containers/${c}/kill`);
  await waitExit(r, c);
  await r.rec(T, 'create-on-stopped', { method: 'POST', path: `/containers/${c}/exec`, body: { Cmd: ['true'] } });
  await r.rec(T, 'start-on-stopped-container', { method: 'POST', path: `/exec/${e9}/start`, body: { Detach: true } });
  await r.rec(T, 'inspect-exec-of-stopped-container', { method: 'GET', path: `/exec/${e9}/json` });
  await r.rec(T, 'inspect-exec-after-container-stop-e1', { method: 'GET', path: `/exec/${e1}/json` });
  await r.rec(T, 'container-inspect-execids', { method: 'GET', path: `/containers/${c}/json` });
  const created = await mk(r, 'golden-exec-created', { Cmd: ['true'] });
  await r.rec(T, 'create-on-created-container', { method: 'POST', path: `/containers/${created}/exec`, body: { Cmd: ['true'] } });
  await rm(r, created);
  await rm(r, c);
  await r.rec(T, 'inspect-exec-after-container-removed', { method: 'GET', path: `/exec/${e1}/json` });
}
