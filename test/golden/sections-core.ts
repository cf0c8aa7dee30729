import type { Recorder } from './lib.js';
import { makeTar } from './tar.js';
import { cleanup, inspect, mk, q, rm, waitExit } from './util.js';

export async function systemSection(r: Recorder): Promise<void> {
  const T = 'system';
  await r.rec(T, 'ping-head', { method: 'HEAD', path: '/_ping' });
  await r.rec(T, 'ping-get', { method: 'GET', path: '/_ping' });
  await r.rec(T, 'ping-get-v1.41', { method: 'GET', path: '/v1.41/_ping' });
  await r.rec(T, 'ping-head-v1.41', { method: 'HEAD', path: '/v1.41/_ping' });
  await r.rec(T, 'ping-post', { method: 'POST', path: '/_ping', note: 'unknown method on a known path' });
  await r.rec(T, 'version', { method: 'GET', path: '/version' });
  await r.rec(T, 'version-v1.41', { method: 'GET', path: '/v1.41/version' });
  await r.rec(T, 'version-v1.24', { method: 'GET', path: '/v1.24/version' });
  await r.rec(T, 'version-v1.12-min', { method: 'GET', path: '/v1.12/version' });
  await r.rec(T, 'version-v1.11-too-old', { method: 'GET', path: '/v1.11/version' });
  await r.rec(T, 'version-v1.99-too-new', { method: 'GET', path: '/v1.99/version' });
  await r.rec(T, 'version-v1.42-too-new', { method: 'GET', path: '/v1.42/version' });
  await r.rec(T, 'version-v1.99-ping', { method: 'GET', path: '/v1.99/_ping', note: 'versioned _ping above max' });
  await r.rec(T, 'version-vbogus', { method: 'GET', path: '/vbogus/version' });
  await r.rec(T, 'version-v1-41', { method: 'GET', path: '/v1/version' });
  await r.rec(T, 'info', { method: 'GET', path: '/info' });
  await r.rec(T, 'info-v1.24', { method: 'GET', path: '/v1.24/info' });
  await r.rec(T, 'system-df', { method: 'GET', path: '/system/df' });
  await r.rec(T, 'unknown-path', { method: 'GET', path: '/nope' });
  await r.rec(T, 'unknown-path-versioned', { method: 'GET', path: '/v1.41/nope' });
  await r.rec(T, 'unknown-path-post', { method: 'POST', path: '/nope' });
  await r.rec(T, 'unknown-method-patch-containers-json', { method: 'PATCH', path: '/containers/json' });
  await r.rec(T, 'unknown-method-delete-version', { method: 'DELETE', path: '/version' });
  await r.rec(T, 'unknown-method-put-info', { method: 'PUT', path: '/info' });
  await r.rec(T, 'trailing-slash-version', { method: 'GET', path: '/version/' });
  await r.rec(T, 'double-slash', { method: 'GET', path: '//version' });
  await r.rec(T, 'options-version', { method: 'OPTIONS', path: '/version' });
  // a couple of events inside [now-30, now] so the filter fixtures show something
  await r.do('POST', '/volumes/create', { Name: 'golden-ev' });
  await r.do('DELETE', '/volumes/golden-ev');
  await r.sleep(1100, 'clock');
  const now = Math.floor(Date.now() / 1000);
  await r.rec(T, 'events-since-until-empty', { method: 'GET', path: `/events?since=${now - 3600 * 24 * 365 * 10}&until=${now - 3600 * 24 * 365 * 9}` });
  await r.rec(T, 'events-filters-notjson', { method: 'GET', path: '/events?filters=notjson' });
  await r.rec(T, 'events-filters-unknown-key', { method: 'GET', path: `/events?filters=${q('{"bogus":["x"]}')}&since=${now - 30}&until=${now}` });
  await r.rec(T, 'events-filters-bad-type', { method: 'GET', path: `/events?filters=${q('{"type":["bogus"]}')}&until=${now}` });
  await r.rec(T, 'events-filters-bad-event', { method: 'GET', path: `/events?filters=${q('{"event":["bogus"]}')}&until=${now}` });
  await r.rec(T, 'events-filters-old-map-format', { method: 'GET', path: `/events?filters=${q('{"type":{"container":true}}')}&since=${now - 30}&until=${now}` });
  await r.rec(T, 'events-since-bad', { method: 'GET', path: '/events?since=notatime' });
  await r.rec(T, 'events-until-before-since', { method: 'GET', path: `/events?since=${now}&until=${now - 100}` });
  await r.rec(T, 'events-stream-headers', { method: 'GET', path: '/events', timeoutMs: 700, note: 'no until: streams forever; recorder aborted after 700ms (headers sent at once, chunked)' });
  await r.rec(T, 'auth-bad-credentials', { method: 'POST', path: '/auth', body: { username: 'golden', password: 'not-a-real-password', serveraddress: 'https://index.docker.io/v1/' }, timeoutMs: 40_000 });
  await r.rec(T, 'auth-local-registry-unreachable', { method: 'POST', path: '/auth', body: { username: 'golden', password: 'x', serveraddress: 'localhost:5999' }, timeoutMs: 40_000 });
  await r.rec(T, 'auth-empty-body', { method: 'POST', path: '/auth' });
  await r.rec(T, 'auth-invalid-json', { method: 'POST', path: '/auth', body: '{bad' });
  await r.rec(T, 'containers-json-v1.41', { method: 'GET', path: '/v1.41/containers/json' });
  await r.rec(T, 'df-v1.41-type', { method: 'GET', path: '/v1.41/system/df?type=container' , note: 'type= query is API 1.42+; 1.41 ignores it' });
}

export async function containersSection(r: Recorder): Promise<void> {
  const T = 'containers';
  await cleanup(r);
  const since = Math.floor(Date.now() / 1000);
  // ---- create
  const ok = await r.rec(T, 'create-ok', { method: 'POST', path: '/containers/create?name=golden-c1', body: { Image: 'busybox', Cmd: ['sleep', '300'], Labels: { 'golden.role': 'c1' } } });
  const c1 = (ok.response.body as { Id: string }).Id;
  await r.rec(T, 'create-no-name', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Cmd: ['true'], Labels: { golden: 'anon' } } });
  await r.rec(T, 'create-warnings', {
    method: 'POST',
    path: '/containers/create?name=golden-warn',
    body: { Image: 'busybox', Cmd: ['true'], HostConfig: { Memory: 67108864, MemorySwap: 134217728, MemorySwappiness: 50, KernelMemory: 67108864, OomKillDisable: true, CpuShares: 1, BlkioWeight: 500, PidsLimit: 10 } },
  });
  await r.rec(T, 'create-bad-name-space', { method: 'POST', path: `/containers/create?name=${q('/a b')}`, body: { Image: 'busybox' } });
  await r.rec(T, 'create-bad-name-leading-dash', { method: 'POST', path: `/containers/create?name=-abc`, body: { Image: 'busybox' } });
  await r.rec(T, 'create-duplicate-name', { method: 'POST', path: '/containers/create?name=golden-c1', body: { Image: 'busybox', Cmd: ['true'] } });
  await r.rec(T, 'create-duplicate-name-slash', { method: 'POST', path: '/containers/create?name=/golden-c1', body: { Image: 'busybox', Cmd: ['true'] } });
  await r.rec(T, 'create-unknown-image', { method: 'POST', path: '/containers/create?name=golden-noimg', body: { Image: 'nosuchimage' } });
  await r.rec(T, 'create-unknown-image-tag', { method: 'POST', path: '/containers/create', body: { Image: 'busybox:nosuchtag' } });
  await r.rec(T, 'create-unknown-image-registry', { method: 'POST', path: '/containers/create', body: { Image: 'registry.example.com:5000/team/app:1.0' } });
  await r.rec(T, 'create-unknown-image-digest', { method: 'POST', path: '/containers/create', body: { Image: 'busybox@sha256:' + '0'.repeat(64) } });
  await r.rec(T, 'create-invalid-image-ref', { method: 'POST', path: '/containers/create', body: { Image: 'Bad:Image:Ref' } });
  await r.rec(T, 'create-invalid-json', { method: 'POST', path: '/containers/create', body: '{"Image": "busybox",' });
  await r.rec(T, 'create-invalid-json-garbage', { method: 'POST', path: '/containers/create', body: 'notjson' });
  await r.rec(T, 'create-wrong-type-image', { method: 'POST', path: '/containers/create', body: { Image: 5 } });
  await r.rec(T, 'create-wrong-type-cmd', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Cmd: 5 } });
  await r.rec(T, 'create-wrong-type-hostconfig-memory', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { Memory: 'lots' } } });
  await r.rec(T, 'create-cmd-as-string', { method: 'POST', path: '/containers/create?name=golden-strcmd', body: { Image: 'busybox', Cmd: 'echo hi' }, note: 'Cmd may be a string (strslice)' });
  await r.rec(T, 'create-empty-body', { method: 'POST', path: '/containers/create' });
  await r.rec(T, 'create-empty-object', { method: 'POST', path: '/containers/create', body: {} });
  await r.rec(T, 'create-null-body', { method: 'POST', path: '/containers/create', body: 'null' });
  await r.rec(T, 'create-unknown-fields', { method: 'POST', path: '/containers/create?name=golden-unk', body: { Image: 'busybox', Cmd: ['true'], Bogus: 1, HostConfig: { AlsoBogus: true } } });
  await r.rec(T, 'create-no-content-type', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Cmd: ['true'] }, noContentType: true });
  await r.rec(T, 'create-text-plain', { method: 'POST', path: '/containers/create', body: JSON.stringify({ Image: 'busybox', Cmd: ['true'] }), headers: { 'Content-Type': 'text/plain' } });
  await r.rec(T, 'create-bad-restart-policy', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { RestartPolicy: { Name: 'sometimes' } } } });
  await r.rec(T, 'create-restart-autoremove-conflict', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'always' } } } });
  await r.rec(T, 'create-bad-port', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', ExposedPorts: { 'abc/tcp': {} } } });
  await r.rec(T, 'create-bad-mount', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { Binds: ['relative:/x'] } } });
  await r.rec(T, 'create-bad-mount-type', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { Mounts: [{ Type: 'bogus', Target: '/x' }] } } });
  await r.rec(T, 'create-unknown-network', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { NetworkMode: 'nosuchnet' } } });
  await r.rec(T, 'create-memory-too-small', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { Memory: 1 } } });
  await r.rec(T, 'create-no-cmd-image-without-cmd', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Entrypoint: [], Cmd: [] }, note: 'busybox has CMD so this uses it? Entrypoint [] + Cmd [] resets' });
  await r.rec(T, 'create-platform-query', { method: 'POST', path: '/containers/create?platform=windows/amd64', body: { Image: 'busybox', Cmd: ['true'] } });
  await r.rec(T, 'create-v1.24', { method: 'POST', path: '/v1.24/containers/create?name=golden-v124', body: { Image: 'busybox', Cmd: ['true'] } });
  await r.rec(T, 'create-bad-volume-bind', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', HostConfig: { Binds: ['/x:/x:zz'] } } });
  await r.rec(T, 'create-user-unknown', { method: 'POST', path: '/containers/create?name=golden-baduser', body: { Image: 'busybox', User: 'nosuchuser', Cmd: ['true'] }, note: 'accepted at create; fails at start' });

  // ---- inspect
  await r.rec(T, 'inspect-ok-created', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'inspect-by-name', { method: 'GET', path: `/containers/golden-c1/json` });
  await r.rec(T, 'inspect-by-short-id', { method: 'GET', path: `/containers/${c1.slice(0, 12)}/json` });
  await r.rec(T, 'inspect-size', { method: 'GET', path: `/containers/${c1}/json?size=1` });
  await r.rec(T, 'inspect-not-found', { method: 'GET', path: '/containers/nosuchcontainer/json' });
  await r.rec(T, 'inspect-not-found-hex', { method: 'GET', path: '/containers/0123456789ab/json' });
  await r.rec(T, 'inspect-v1.24', { method: 'GET', path: `/v1.24/containers/${c1}/json` });
  // ambiguous prefix: make enough containers that two share a first hex char
  const all: string[] = [];
  for (let i = 0; i < 24; i++) all.push(await mk(r, `golden-amb${i}`, { Cmd: ['true'] }));
  const counts = new Map<string, number>();
  for (const id of all) counts.set(id[0]!, (counts.get(id[0]!) ?? 0) + 1);
  const amb = [...counts.entries()].find(([, n]) => n > 1);
  if (amb) {
    await r.rec(T, 'inspect-ambiguous-prefix', { method: 'GET', path: `/containers/${amb[0]}/json`, note: 'a 1-char ID prefix shared by several containers' });
    await r.rec(T, 'delete-ambiguous-prefix', { method: 'DELETE', path: `/containers/${amb[0]}` });
    await r.rec(T, 'start-ambiguous-prefix', { method: 'POST', path: `/containers/${amb[0]}/start` });
  }
  for (let i = 0; i < 24; i++) await rm(r, `golden-amb${i}`);

  // ---- start / stop / restart / kill
  await r.rec(T, 'start-ok', { method: 'POST', path: `/containers/${c1}/start` });
  await r.rec(T, 'start-already-running', { method: 'POST', path: `/containers/${c1}/start` });
  await r.rec(T, 'start-not-found', { method: 'POST', path: '/containers/nosuch/start' });
  await r.rec(T, 'start-with-hostconfig-body', { method: 'POST', path: `/containers/golden-unk/start`, body: { Binds: [] }, note: 'HostConfig on start was removed in 1.24+' });
  await r.rec(T, 'start-with-empty-json-body', { method: 'POST', path: `/containers/golden-strcmd/start`, body: {} });
  await r.rec(T, 'start-detachkeys-bad', { method: 'POST', path: `/containers/golden-v124/start?detachKeys=${q('ctrl-')}` });
  await r.rec(T, 'inspect-ok-running', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'list-default', { method: 'GET', path: '/containers/json' });
  await r.rec(T, 'list-all', { method: 'GET', path: '/containers/json?all=1' });
  await r.rec(T, 'list-all-true', { method: 'GET', path: '/containers/json?all=true' });
  await r.rec(T, 'list-size', { method: 'GET', path: '/containers/json?all=1&size=1&limit=2' });
  await r.rec(T, 'list-filter-label', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"label":["golden.role=c1"]}')}` });
  await r.rec(T, 'list-filter-name', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"name":["golden-c1"]}')}` });
  await r.rec(T, 'list-filter-status-exited', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"status":["exited"]}')}` });
  await r.rec(T, 'list-filter-status-created', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"status":["created"]}')}` });
  await r.rec(T, 'list-filter-old-map-format', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"label":{"golden.role=c1":true}}')}` });
  await r.rec(T, 'list-filter-invalid-key', { method: 'GET', path: `/containers/json?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'list-filter-invalid-status', { method: 'GET', path: `/containers/json?filters=${q('{"status":["bogus"]}')}` });
  await r.rec(T, 'list-filter-invalid-health', { method: 'GET', path: `/containers/json?filters=${q('{"health":["bogus"]}')}` });
  await r.rec(T, 'list-filter-invalid-isolation', { method: 'GET', path: `/containers/json?filters=${q('{"isolation":["bogus"]}')}` });
  await r.rec(T, 'list-filter-notjson', { method: 'GET', path: '/containers/json?filters=notjson' });
  await r.rec(T, 'list-filter-before-unknown', { method: 'GET', path: `/containers/json?filters=${q('{"before":["nosuch"]}')}` });
  await r.rec(T, 'list-filter-exited-code', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"exited":["0"]}')}` });
  await r.rec(T, 'list-filter-exited-bad', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"exited":["abc"]}')}` });
  await r.rec(T, 'list-limit-bad', { method: 'GET', path: '/containers/json?limit=abc' });
  await r.rec(T, 'list-all-bad', { method: 'GET', path: '/containers/json?all=maybe' });
  await r.rec(T, 'list-v1.24', { method: 'GET', path: '/v1.24/containers/json?all=1' });

  // top / stats / resize / changes on running
  await r.rec(T, 'top-running', { method: 'GET', path: `/containers/${c1}/top` });
  await r.rec(T, 'top-running-ps-args', { method: 'GET', path: `/containers/${c1}/top?ps_args=aux` });
  await r.rec(T, 'top-bad-ps-args', { method: 'GET', path: `/containers/${c1}/top?ps_args=${q('--nosuchflag')}` });
  await r.rec(T, 'stats-no-stream', { method: 'GET', path: `/containers/${c1}/stats?stream=false`, timeoutMs: 10_000 });
  await r.rec(T, 'stats-one-shot', { method: 'GET', path: `/containers/${c1}/stats?stream=false&one-shot=true`, timeoutMs: 10_000 });
  await r.rec(T, 'stats-stream-first', { method: 'GET', path: `/containers/${c1}/stats`, timeoutMs: 2500, note: 'streaming; recorder aborted after 2.5s' });
  await r.rec(T, 'stats-not-found', { method: 'GET', path: `/containers/nosuch/stats?stream=false` });
  await r.rec(T, 'resize-running', { method: 'POST', path: `/containers/${c1}/resize?h=40&w=80` });
  await r.rec(T, 'resize-bad-height', { method: 'POST', path: `/containers/${c1}/resize?h=abc&w=80` });
  await r.rec(T, 'resize-missing', { method: 'POST', path: `/containers/${c1}/resize` });
  await r.rec(T, 'changes-running', { method: 'GET', path: `/containers/${c1}/changes` });
  await r.rec(T, 'changes-not-found', { method: 'GET', path: `/containers/nosuch/changes` });

  // pause / unpause
  await r.rec(T, 'unpause-not-paused', { method: 'POST', path: `/containers/${c1}/unpause` });
  await r.rec(T, 'pause-ok', { method: 'POST', path: `/containers/${c1}/pause` });
  await r.rec(T, 'pause-already-paused', { method: 'POST', path: `/containers/${c1}/pause` });
  await r.rec(T, 'inspect-paused', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'list-filter-status-paused', { method: 'GET', path: `/containers/json?filters=${q('{"status":["paused"]}')}` });
  await r.rec(T, 'stop-paused', { method: 'POST', path: `/containers/golden-c1/stop?t=1`, note: 'stop on a paused container' });
  await r.rec(T, 'inspect-after-stop-paused', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'unpause-after-stop', { method: 'POST', path: `/containers/${c1}/unpause` });
  await r.do('POST', `/containers/${c1}/start`);
  await r.rec(T, 'pause-not-found', { method: 'POST', path: `/containers/nosuch/pause` });
  await r.rec(T, 'pause-not-running', { method: 'POST', path: `/containers/golden-unk/pause` });
  await r.rec(T, 'unpause-not-running', { method: 'POST', path: `/containers/golden-v124/unpause` });
  await r.do('POST', `/containers/${c1}/pause`);
  await r.rec(T, 'kill-paused', { method: 'POST', path: `/containers/${c1}/kill` });
  await r.rec(T, 'inspect-after-kill-paused', { method: 'GET', path: `/containers/${c1}/json` });
  await r.do('POST', `/containers/${c1}/start`);
  await r.do('POST', `/containers/${c1}/pause`);
  await r.rec(T, 'remove-paused-no-force', { method: 'DELETE', path: `/containers/${c1}` });
  await r.do('POST', `/containers/${c1}/unpause`);

  // kill
  await r.rec(T, 'kill-invalid-signal', { method: 'POST', path: `/containers/${c1}/kill?signal=SIGFOO` });
  await r.rec(T, 'kill-invalid-signal-number', { method: 'POST', path: `/containers/${c1}/kill?signal=999` });
  await r.rec(T, 'kill-signal-zero', { method: 'POST', path: `/containers/${c1}/kill?signal=0` });
  await r.rec(T, 'kill-sigusr1-running', { method: 'POST', path: `/containers/${c1}/kill?signal=USR1`, note: 'sleep is PID 1 without a USR1 handler: the kernel ignores it, the container keeps running' });
  await r.sleep(300);
  await r.rec(T, 'inspect-after-kill-usr1-still-running', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'kill-running-default-sigkill', { method: 'POST', path: `/containers/${c1}/kill` });
  await waitExit(r, c1);
  await r.rec(T, 'inspect-after-kill', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'kill-not-running', { method: 'POST', path: `/containers/${c1}/kill` });
  await r.rec(T, 'kill-not-found', { method: 'POST', path: `/containers/nosuch/kill` });
  await r.rec(T, 'stop-not-running', { method: 'POST', path: `/containers/${c1}/stop` });
  await r.rec(T, 'stop-not-found', { method: 'POST', path: `/containers/nosuch/stop` });
  await r.rec(T, 'stop-created-never-started', { method: 'POST', path: `/containers/golden-unk/stop` });
  await r.rec(T, 'top-not-running', { method: 'GET', path: `/containers/${c1}/top` });
  await r.rec(T, 'resize-not-running', { method: 'POST', path: `/containers/${c1}/resize?h=40&w=80` });
  await r.rec(T, 'stats-not-running', { method: 'GET', path: `/containers/${c1}/stats?stream=false`, timeoutMs: 5000 });
  await r.rec(T, 'restart-stopped', { method: 'POST', path: `/containers/${c1}/restart?t=1` });
  await r.rec(T, 'restart-running', { method: 'POST', path: `/containers/${c1}/restart?t=1` });
  await r.rec(T, 'restart-not-found', { method: 'POST', path: `/containers/nosuch/restart` });
  await r.rec(T, 'stop-running-t1', { method: 'POST', path: `/containers/${c1}/stop?t=1`, note: 'sleep ignores SIGTERM as PID 1 -> killed after 1s' });
  await r.rec(T, 'inspect-after-stop', { method: 'GET', path: `/containers/${c1}/json` });
  await r.rec(T, 'stop-bad-t', { method: 'POST', path: `/containers/${c1}/stop?t=abc` });
  await r.rec(T, 'logs-created-never-started', { method: 'GET', path: `/containers/golden-unk/logs?stdout=1&stderr=1` });
  await r.rec(T, 'logs-no-stream-selected', { method: 'GET', path: `/containers/golden-unk/logs` });
  await r.rec(T, 'logs-not-found', { method: 'GET', path: `/containers/nosuch/logs?stdout=1` });

  // start unknown executable
  const bad = await mk(r, 'golden-badexec', { Cmd: ['/nonexistent'] });
  await r.rec(T, 'start-unknown-executable', { method: 'POST', path: `/containers/${bad}/start` });
  await r.rec(T, 'inspect-after-start-unknown-executable', { method: 'GET', path: `/containers/${bad}/json` });
  await r.rec(T, 'list-after-start-unknown-executable', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"name":["golden-badexec"]}')}` });
  await r.rec(T, 'wait-after-start-unknown-executable', { method: 'POST', path: `/containers/${bad}/wait` });
  const notexec = await mk(r, 'golden-notexec', { Cmd: ['/etc/passwd'] });
  await r.rec(T, 'start-not-executable', { method: 'POST', path: `/containers/${notexec}/start` });
  await r.rec(T, 'inspect-after-start-not-executable', { method: 'GET', path: `/containers/${notexec}/json` });
  const inpath = await mk(r, 'golden-notinpath', { Cmd: ['nosuchcmd', 'arg'] });
  await r.rec(T, 'start-not-in-path', { method: 'POST', path: `/containers/${inpath}/start` });
  await r.rec(T, 'inspect-after-start-not-in-path', { method: 'GET', path: `/containers/${inpath}/json` });
  await r.rec(T, 'start-unknown-user', { method: 'POST', path: `/containers/golden-baduser/start` });
  await r.rec(T, 'inspect-after-start-unknown-user', { method: 'GET', path: `/containers/golden-baduser/json` });
  await r.rec(T, 'create-workdir-is-file', { method: 'POST', path: '/containers/create?name=golden-badworkdir', body: { Image: 'busybox', Cmd: ['true'], WorkingDir: '/etc/passwd' } });
  await r.rec(T, 'create-workdir-relative', { method: 'POST', path: '/containers/create', body: { Image: 'busybox', Cmd: ['true'], WorkingDir: 'rel/dir' } });

  // exit codes
  const e3 = await mk(r, 'golden-exit3', { Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  await r.rec(T, 'start-exit3', { method: 'POST', path: `/containers/${e3}/start` });
  await r.rec(T, 'wait-exited-not-running', { method: 'POST', path: `/containers/${e3}/wait`, timeoutMs: 10_000 });
  await r.rec(T, 'wait-exited-condition-not-running', { method: 'POST', path: `/containers/${e3}/wait?condition=not-running`, timeoutMs: 10_000 });
  await r.rec(T, 'inspect-exited-3', { method: 'GET', path: `/containers/${e3}/json` });
  await r.rec(T, 'list-exited-3', { method: 'GET', path: `/containers/json?all=1&filters=${q('{"name":["golden-exit3"]}')}` });
  await r.rec(T, 'wait-invalid-condition', { method: 'POST', path: `/containers/${e3}/wait?condition=bogus` });
  await r.rec(T, 'wait-not-found', { method: 'POST', path: `/containers/nosuch/wait` });
  await r.rec(T, 'wait-get-method', { method: 'GET', path: `/containers/${e3}/wait` });
  // wait next-exit: headers first, body after start
  const w = await mk(r, 'golden-wait', { Cmd: ['sh', '-c', 'sleep 1; exit 7'] });
  let startedAt = 0;
  const ex = await r.exchange({
    method: 'POST',
    path: `/containers/${w}/wait?condition=next-exit`,
    timeoutMs: 15_000,
    note: 'headers arrive at once (timing.headersMs), body only after the container (started ~300ms after headers, sleeps 1s) exits',
    onHeaders: async () => {
      await r.sleep(300);
      startedAt = Date.now();
      await r.do('POST', `/containers/${w}/start`);
    },
  });
  r.save(T, 'wait-next-exit-headers-first', ex);
  void startedAt;
  const w2 = await mk(r, 'golden-wait-rm', { Cmd: ['sh', '-c', 'exit 5'], HostConfig: { AutoRemove: true } });
  r.save(T, 'wait-removed-autoremove', await r.exchange({
    method: 'POST',
    path: `/containers/${w2}/wait?condition=removed`,
    timeoutMs: 15_000,
    note: 'AutoRemove container: wait condition=removed returns after the container is gone',
    onHeaders: async () => {
      await r.sleep(200);
      await r.do('POST', `/containers/${w2}/start`);
    },
  }));
  await r.rec(T, 'inspect-after-autoremove', { method: 'GET', path: `/containers/${w2}/json` });
  const w3 = await mk(r, 'golden-wait-created', { Cmd: ['true'] });
  await r.rec(T, 'wait-created-not-running-returns-at-once', { method: 'POST', path: `/containers/${w3}/wait?condition=not-running`, timeoutMs: 5000 });
  r.save(T, 'wait-created-removed', await r.exchange({
    method: 'POST',
    path: `/containers/${w3}/wait?condition=removed`,
    timeoutMs: 10_000,
    note: 'removed by DELETE 300ms after the wait headers arrived',
    onHeaders: async () => {
      await r.sleep(300);
      await r.do('DELETE', `/containers/${w3}`);
    },
  }));
  const w4 = await mk(r, 'golden-wait-stopped', { Cmd: ['sleep', '300'] });
  await r.do('POST', `/containers/${w4}/start`);
  r.save(T, 'wait-running-killed', await r.exchange({
    method: 'POST',
    path: `/containers/${w4}/wait`,
    timeoutMs: 10_000,
    note: 'killed (SIGKILL) 300ms after the wait headers arrived',
    onHeaders: async () => {
      await r.sleep(300);
      await r.do('POST', `/containers/${w4}/kill`);
    },
  }));

  // update
  await r.rec(T, 'update-ok', { method: 'POST', path: `/containers/${e3}/update`, body: { CpuShares: 512, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } } });
  await r.rec(T, 'update-memory-too-small', { method: 'POST', path: `/containers/${e3}/update`, body: { Memory: 1 } });
  await r.rec(T, 'update-bad-restart-policy', { method: 'POST', path: `/containers/${e3}/update`, body: { RestartPolicy: { Name: 'sometimes' } } });
  await r.rec(T, 'update-not-found', { method: 'POST', path: `/containers/nosuch/update`, body: { CpuShares: 512 } });
  await r.rec(T, 'update-invalid-json', { method: 'POST', path: `/containers/${e3}/update`, body: '{bad' });
  await r.rec(T, 'update-empty-body', { method: 'POST', path: `/containers/${e3}/update` });
  await r.rec(T, 'update-autoremove-restart', { method: 'POST', path: `/containers/golden-unk/update`, body: { RestartPolicy: { Name: 'always' } } });

  // rename
  await r.rec(T, 'rename-ok', { method: 'POST', path: `/containers/golden-exit3/rename?name=golden-exit3b` });
  await r.rec(T, 'rename-back', { method: 'POST', path: `/containers/golden-exit3b/rename?name=golden-exit3` });
  await r.rec(T, 'rename-conflict', { method: 'POST', path: `/containers/golden-exit3/rename?name=golden-c1` });
  await r.rec(T, 'rename-same-name', { method: 'POST', path: `/containers/golden-exit3/rename?name=golden-exit3` });
  await r.rec(T, 'rename-invalid', { method: 'POST', path: `/containers/golden-exit3/rename?name=${q('a b')}` });
  await r.rec(T, 'rename-missing-name', { method: 'POST', path: `/containers/golden-exit3/rename` });
  await r.rec(T, 'rename-not-found', { method: 'POST', path: `/containers/nosuch/rename?name=golden-x` });

  // logs
  await r.rec(T, 'logs-exited', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1` });
  await r.rec(T, 'logs-stdout-only', { method: 'GET', path: `/containers/${e3}/logs?stdout=1` });
  await r.rec(T, 'logs-stderr-only', { method: 'GET', path: `/containers/${e3}/logs?stderr=1` });
  await r.rec(T, 'logs-timestamps', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1&timestamps=1` });
  await r.rec(T, 'logs-tail-1', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1&tail=1` });
  await r.rec(T, 'logs-tail-0', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1&tail=0` });
  await r.rec(T, 'logs-tail-bad', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&tail=abc` });
  await r.rec(T, 'logs-since-future', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1&since=${Math.floor(Date.now() / 1000) + 3600}` });
  await r.rec(T, 'logs-since-bad', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&since=abc` });
  await r.rec(T, 'logs-follow-exited', { method: 'GET', path: `/containers/${e3}/logs?stdout=1&stderr=1&follow=1`, timeoutMs: 5000, note: 'follow on an exited container ends at once' });
  await r.rec(T, 'logs-v1.24', { method: 'GET', path: `/v1.24/containers/${e3}/logs?stdout=1&stderr=1` });
  const tty = await mk(r, 'golden-tty', { Tty: true, Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  await r.do('POST', `/containers/${tty}/start`);
  await waitExit(r, tty);
  await r.rec(T, 'logs-tty', { method: 'GET', path: `/containers/${tty}/logs?stdout=1&stderr=1&timestamps=1` });
  const none = await mk(r, 'golden-logs-none', { Cmd: ['echo', 'x'], HostConfig: { LogConfig: { Type: 'none' } } });
  await r.do('POST', `/containers/${none}/start`);
  await waitExit(r, none);
  await r.rec(T, 'logs-driver-none', { method: 'GET', path: `/containers/${none}/logs?stdout=1` });

  // changes / export / archive
  const fsC = await mk(r, 'golden-fs', { Cmd: ['sh', '-c', 'echo hello > /tmp/hello.txt; mkdir -p /data/sub; rm /etc/group; touch /etc/passwd'] });
  await r.do('POST', `/containers/${fsC}/start`);
  await waitExit(r, fsC);
  await r.rec(T, 'changes-exited', { method: 'GET', path: `/containers/${fsC}/changes` });
  await r.rec(T, 'export-exited', { method: 'GET', path: `/containers/${fsC}/export`, maxBinary: 1024, note: 'body truncated to 1 KiB; tarEntries lists the whole tar' });
  await r.rec(T, 'export-not-found', { method: 'GET', path: `/containers/nosuch/export` });
  await r.rec(T, 'archive-head-file', { method: 'HEAD', path: `/containers/${fsC}/archive?path=${q('/tmp/hello.txt')}` });
  await r.rec(T, 'archive-head-dir', { method: 'HEAD', path: `/containers/${fsC}/archive?path=${q('/data')}` });
  await r.rec(T, 'archive-head-symlink', { method: 'HEAD', path: `/containers/${fsC}/archive?path=${q('/bin/sh')}` });
  await r.rec(T, 'archive-head-not-found', { method: 'HEAD', path: `/containers/${fsC}/archive?path=${q('/nope')}` });
  await r.rec(T, 'archive-head-no-path', { method: 'HEAD', path: `/containers/${fsC}/archive` });
  await r.rec(T, 'archive-head-container-not-found', { method: 'HEAD', path: `/containers/nosuch/archive?path=/` });
  await r.rec(T, 'archive-get-file', { method: 'GET', path: `/containers/${fsC}/archive?path=${q('/tmp/hello.txt')}`, maxBinary: 4096 });
  await r.rec(T, 'archive-get-dir', { method: 'GET', path: `/containers/${fsC}/archive?path=${q('/data')}`, maxBinary: 4096 });
  await r.rec(T, 'archive-get-dir-dot', { method: 'GET', path: `/containers/${fsC}/archive?path=${q('/data/.')}`, maxBinary: 4096 });
  await r.rec(T, 'archive-get-not-found', { method: 'GET', path: `/containers/${fsC}/archive?path=${q('/nope')}` });
  await r.rec(T, 'archive-get-no-path', { method: 'GET', path: `/containers/${fsC}/archive` });
  await r.rec(T, 'archive-get-relative', { method: 'GET', path: `/containers/${fsC}/archive?path=tmp/hello.txt` });
  const good = await makeTar([{ name: 'put.txt', content: 'put via archive\n' }, { name: 'pdir/', type: 'directory' }, { name: 'pdir/x', content: 'x' }]);
  await r.rec(T, 'archive-put-ok', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/tmp')}`, body: good, headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-head-after-put', { method: 'HEAD', path: `/containers/${fsC}/archive?path=${q('/tmp/put.txt')}` });
  await r.rec(T, 'archive-put-bad-tar', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/tmp')}`, body: Buffer.from('this is not a tar archive at all'.repeat(20)), headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-put-empty-body', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/tmp')}`, headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-put-path-not-found', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/nope/deeper')}`, body: good, headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-put-path-is-file', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/tmp/hello.txt')}`, body: good, headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-put-no-path', { method: 'PUT', path: `/containers/${fsC}/archive`, body: good, headers: { 'Content-Type': 'application/x-tar' } });
  const dirOverFile = await makeTar([{ name: 'hello.txt/', type: 'directory' }]);
  await r.rec(T, 'archive-put-dir-over-file', { method: 'PUT', path: `/containers/${fsC}/archive?path=${q('/tmp')}&noOverwriteDirNonDir=1`, body: dirOverFile, headers: { 'Content-Type': 'application/x-tar' } });
  await r.rec(T, 'archive-put-not-found-container', { method: 'PUT', path: `/containers/nosuch/archive?path=/tmp`, body: good, headers: { 'Content-Type': 'application/x-tar' } });

  // remove
  const run = await mk(r, 'golden-running', { Cmd: ['sleep', '300'] });
  await r.do('POST', `/containers/${run}/start`);
  await r.rec(T, 'remove-running-no-force', { method: 'DELETE', path: `/containers/${run}` });
  await r.rec(T, 'remove-running-force', { method: 'DELETE', path: `/containers/${run}?force=1` });
  await r.rec(T, 'remove-not-found', { method: 'DELETE', path: `/containers/nosuch` });
  await r.rec(T, 'remove-ok', { method: 'DELETE', path: `/containers/golden-strcmd?v=1` });
  await r.rec(T, 'remove-already-removed', { method: 'DELETE', path: `/containers/golden-strcmd` });
  await r.rec(T, 'remove-link-not-found', { method: 'DELETE', path: `/containers/golden-unk?link=1` });
  await r.rec(T, 'remove-bad-force', { method: 'DELETE', path: `/containers/golden-unk?force=maybe` });

  // prune
  await r.rec(T, 'prune-filter-label-none-match', { method: 'POST', path: `/containers/prune?filters=${q('{"label":["golden.nomatch"]}')}` });
  await r.rec(T, 'prune-filter-invalid-key', { method: 'POST', path: `/containers/prune?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'prune-filter-until-bad', { method: 'POST', path: `/containers/prune?filters=${q('{"until":["notatime"]}')}` });
  await r.rec(T, 'prune-filter-label-golden-anon', { method: 'POST', path: `/containers/prune?filters=${q('{"label":["golden=anon"]}')}` });
  await r.rec(T, 'prune-get-method', { method: 'GET', path: `/containers/prune` });

  // events over the section
  const until = Math.floor(Date.now() / 1000) + 1;
  await r.sleep(1100, 'clock');
  await r.rec(T, 'events-containers-section', { method: 'GET', path: `/events?since=${since}&until=${until}&filters=${q('{"type":["container"],"container":["golden-exit3","golden-c1"]}')}` });
  await r.rec(T, 'events-containers-section-v1.24', { method: 'GET', path: `/v1.24/events?since=${since}&until=${until}&filters=${q('{"container":["golden-exit3"]}')}` });
  await cleanup(r);
  // the anonymous container from create-no-name
  const anon = (await r.do('GET', `/containers/json?all=1&filters=${q('{"label":["golden"]}')}`)).body as Array<{ Id: string }>;
  for (const a of anon) await rm(r, a.Id);
  void inspect;
}
