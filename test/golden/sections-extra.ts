import type { Recorder } from './lib.js';
import { mk, q, rm } from './util.js';

/** Container states that need time: health checks, restart policies; plus attach/ws. */
export async function extraSection(r: Recorder): Promise<void> {
  const T = 'containers';
  const healthy = await mk(r, 'golden-healthy', { Cmd: ['sleep', '300'], Healthcheck: { Test: ['CMD', 'true'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 1, StartPeriod: 0 } });
  const unhealthy = await mk(r, 'golden-unhealthy', { Cmd: ['sleep', '300'], Healthcheck: { Test: ['CMD-SHELL', 'echo failing; exit 1'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 1 } });
  const starting = await mk(r, 'golden-health-starting', { Cmd: ['sleep', '300'], Healthcheck: { Test: ['CMD', 'true'], Interval: 60_000_000_000 } });
  await r.rec(T, 'create-bad-healthcheck-interval', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Healthcheck: { Test: ['CMD', 'true'], Interval: 1000 } } });
  await r.rec(T, 'create-bad-healthcheck-retries', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Healthcheck: { Test: ['CMD', 'true'], Retries: -1 } } });
  for (const id of [healthy, unhealthy, starting]) await r.do('POST', `/containers/${id}/start`);
  await r.rec(T, 'inspect-health-starting', { method: 'GET', path: `/containers/${starting}/json` });
  await r.sleep(2500);
  await r.rec(T, 'inspect-healthy', { method: 'GET', path: `/containers/${healthy}/json` });
  await r.rec(T, 'inspect-unhealthy', { method: 'GET', path: `/containers/${unhealthy}/json` });
  await r.rec(T, 'list-health-states', { method: 'GET', path: `/containers/json?filters=${q('{"name":["golden-health","golden-healthy","golden-unhealthy"]}')}` });
  await r.rec(T, 'list-filter-health-healthy', { method: 'GET', path: `/containers/json?filters=${q('{"health":["healthy"]}')}` });
  await r.rec(T, 'list-filter-health-unhealthy', { method: 'GET', path: `/containers/json?filters=${q('{"health":["unhealthy"]}')}` });
  await r.rec(T, 'list-filter-health-starting', { method: 'GET', path: `/containers/json?filters=${q('{"health":["starting"]}')}` });
  await r.rec(T, 'list-filter-health-none', { method: 'GET', path: `/containers/json?filters=${q('{"health":["none"]}')}` });
  for (const id of [healthy, unhealthy, starting]) await rm(r, id);

  // restart policy
  const since = Math.floor(Date.now() / 1000);
  const rp = await mk(r, 'golden-restart', { Cmd: ['sh', '-c', 'echo try; exit 1'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
  await r.do('POST', `/containers/${rp}/start`);
  await r.sleep(150);
  await r.rec(T, 'inspect-restart-policy-early', { method: 'GET', path: `/containers/${rp}/json`, note: '150ms after start of an on-failure:2 container that exits 1 at once' });
  await r.sleep(4000);
  await r.rec(T, 'inspect-restart-policy-exhausted', { method: 'GET', path: `/containers/${rp}/json`, note: 'after the retries: RestartCount 2, exited' });
  await r.rec(T, 'logs-restart-policy', { method: 'GET', path: `/containers/${rp}/logs?stdout=1` });
  await r.rec(T, 'events-restart-policy', { method: 'GET', path: `/events?since=${since}&until=${Math.floor(Date.now() / 1000)}&filters=${q('{"container":["golden-restart"]}')}` });
  await rm(r, rp);
  const always = await mk(r, 'golden-restart-always', { Cmd: ['sh', '-c', 'sleep 0.3; exit 1'], HostConfig: { RestartPolicy: { Name: 'always' } } });
  await r.do('POST', `/containers/${always}/start`);
  await r.sleep(1500);
  await r.rec(T, 'stop-restart-always', { method: 'POST', path: `/containers/${always}/stop?t=1` });
  await r.rec(T, 'inspect-after-stop-restart-always', { method: 'GET', path: `/containers/${always}/json` });
  await rm(r, always);

  // a full lifecycle's events
  const evSince = Math.floor(Date.now() / 1000);
  const lc = await mk(r, 'golden-lifecycle', { Cmd: ['sh', '-c', 'echo hi; sleep 300'], Labels: { golden: 'lifecycle' } });
  await r.do('POST', `/containers/${lc}/start`);
  await r.do('POST', `/containers/${lc}/pause`);
  await r.do('POST', `/containers/${lc}/unpause`);
  await r.do('POST', `/containers/${lc}/rename?name=golden-lifecycle2`);
  await r.do('POST', `/containers/${lc}/kill?signal=SIGKILL`);
  await r.sleep(300);
  await r.do('DELETE', `/containers/${lc}`);
  await r.sleep(1100, 'clock');
  const evUntil = Math.floor(Date.now() / 1000);
  await r.rec('system', 'events-container-lifecycle', { method: 'GET', path: `/events?since=${evSince}&until=${evUntil}&filters=${q('{"type":["container"]}')}`, note: 'create, start, pause, unpause, rename, kill, die, destroy of one container' });
  await r.rec('system', 'events-container-lifecycle-v1.24', { method: 'GET', path: `/v1.24/events?since=${evSince}&until=${evUntil}&filters=${q('{"type":["container"]}')}` });
  await r.rec('system', 'events-all-types-lifecycle-window', { method: 'GET', path: `/events?since=${evSince}&until=${evUntil}` });

  // attach over websocket
  const ws = await mk(r, 'golden-attach-ws', { AttachStdout: true, AttachStderr: true, Cmd: ['sh', '-c', 'sleep 0.3; echo out; echo err >&2; exit 3'] });
  await r.recHijack('streams', 'attach-ws', {
    method: 'GET',
    path: `/containers/${ws}/attach/ws?stream=1&stdout=1&stderr=1`,
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: 'http://localhost' },
    tty: true,
    timeoutMs: 6000,
    note: 'websocket attach; body = raw websocket frames from the server (not stdcopy). Container started right after the handshake',
    during: async () => {
      await r.do('POST', `/containers/${ws}/start`);
    },
  });
  await rm(r, ws);
  const ws2 = await mk(r, 'golden-attach-ws2', { Cmd: ['true'] });
  await r.recHijack('streams', 'attach-ws-no-origin', {
    method: 'GET',
    path: `/containers/${ws2}/attach/ws?stream=1&stdout=1`,
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    tty: true,
    timeoutMs: 3000,
  });
  await r.recHijack('streams', 'attach-ws-not-found', {
    method: 'GET',
    path: `/containers/nosuch/attach/ws?stream=1&stdout=1`,
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: 'http://localhost' },
    tty: true,
    timeoutMs: 3000,
  });
  await r.rec('streams', 'attach-ws-plain-get', { method: 'GET', path: `/containers/${ws2}/attach/ws?stream=1&stdout=1`, timeoutMs: 3000 });
  await rm(r, ws2);
}
