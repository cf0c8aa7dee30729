import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Recorder } from './lib.js';
import { redact } from './lib.js';
import { makeTar } from './tar.js';
import { cleanup, mk, q, rm } from './util.js';

const TAR = { 'Content-Type': 'application/x-tar' };

export async function imagesSection(r: Recorder): Promise<void> {
  const T = 'images';
  await cleanup(r);
  await r.rec(T, 'list', { method: 'GET', path: '/images/json' });
  await r.rec(T, 'list-all-digests', { method: 'GET', path: '/images/json?all=1&digests=1' });
  await r.rec(T, 'list-filter-reference', { method: 'GET', path: `/images/json?filters=${q('{"reference":["busy*"]}')}` });
  await r.rec(T, 'list-filter-dangling', { method: 'GET', path: `/images/json?filters=${q('{"dangling":["true"]}')}` });
  await r.rec(T, 'list-filter-dangling-bad', { method: 'GET', path: `/images/json?filters=${q('{"dangling":["maybe"]}')}` });
  await r.rec(T, 'list-filter-invalid-key', { method: 'GET', path: `/images/json?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'list-filter-before-unknown', { method: 'GET', path: `/images/json?filters=${q('{"before":["nosuch"]}')}` });
  await r.rec(T, 'list-v1.24', { method: 'GET', path: '/v1.24/images/json' });
  await r.rec(T, 'list-filter-param-v1.24', { method: 'GET', path: '/v1.24/images/json?filter=busybox', note: 'legacy filter= query (removed in 1.41?)' });
  const insp = await r.rec(T, 'inspect', { method: 'GET', path: '/images/busybox:latest/json' });
  const imgId = (insp.response.body as { Id: string }).Id;
  await r.rec(T, 'inspect-by-id', { method: 'GET', path: `/images/${imgId}/json` });
  await r.rec(T, 'inspect-by-short-id', { method: 'GET', path: `/images/${imgId.slice(7, 19)}/json` });
  await r.rec(T, 'inspect-no-tag', { method: 'GET', path: '/images/busybox/json' });
  await r.rec(T, 'inspect-not-found', { method: 'GET', path: '/images/nosuchimage/json' });
  await r.rec(T, 'inspect-not-found-tag', { method: 'GET', path: '/images/busybox:nosuchtag/json' });
  await r.rec(T, 'inspect-not-found-digest', { method: 'GET', path: `/images/busybox@sha256:${'1'.repeat(64)}/json` });
  await r.rec(T, 'inspect-invalid-ref', { method: 'GET', path: '/images/Bad:Ref:X/json' });
  await r.rec(T, 'inspect-v1.24', { method: 'GET', path: '/v1.24/images/busybox/json' });
  await r.rec(T, 'history', { method: 'GET', path: '/images/busybox/history' });
  await r.rec(T, 'history-not-found', { method: 'GET', path: '/images/nosuchimage/history' });
  // tag
  await r.rec(T, 'tag-ok', { method: 'POST', path: '/images/busybox:latest/tag?repo=golden-tag&tag=v1' });
  await r.rec(T, 'tag-ok-no-tag', { method: 'POST', path: '/images/busybox:latest/tag?repo=golden-tag2' });
  await r.rec(T, 'tag-ok-registry', { method: 'POST', path: `/images/busybox:latest/tag?repo=${q('localhost:5000/golden/tag')}&tag=x` });
  await r.rec(T, 'tag-bad-repo-uppercase', { method: 'POST', path: '/images/busybox:latest/tag?repo=Golden&tag=v1' });
  await r.rec(T, 'tag-bad-repo-space', { method: 'POST', path: `/images/busybox:latest/tag?repo=${q('bad name')}&tag=v1` });
  await r.rec(T, 'tag-bad-tag', { method: 'POST', path: `/images/busybox:latest/tag?repo=golden&tag=${q('bad tag!')}` });
  await r.rec(T, 'tag-repo-with-digest', { method: 'POST', path: `/images/busybox:latest/tag?repo=${q('golden@sha256:' + '2'.repeat(64))}` });
  await r.rec(T, 'tag-no-repo', { method: 'POST', path: '/images/busybox:latest/tag' });
  await r.rec(T, 'tag-repo-with-tag-and-tag-param', { method: 'POST', path: '/images/busybox:latest/tag?repo=golden:x&tag=y' });
  await r.rec(T, 'tag-not-found', { method: 'POST', path: '/images/nosuchimage/tag?repo=golden&tag=v1' });
  await r.rec(T, 'tag-sha256-as-repo', { method: 'POST', path: `/images/busybox/tag?repo=sha256&tag=x` });
  await r.rec(T, 'tag-64hex-as-repo', { method: 'POST', path: `/images/busybox/tag?repo=${'a'.repeat(64)}` });
  // remove
  await r.rec(T, 'remove-tag', { method: 'DELETE', path: '/images/golden-tag:v1' });
  await r.rec(T, 'remove-tag2', { method: 'DELETE', path: '/images/golden-tag2' });
  await r.rec(T, 'remove-tag-registry', { method: 'DELETE', path: `/images/${q('localhost:5000/golden/tag')}:x` });
  await r.rec(T, 'remove-not-found', { method: 'DELETE', path: '/images/nosuchimage' });
  await r.rec(T, 'remove-not-found-id', { method: 'DELETE', path: `/images/sha256:${'3'.repeat(64)}` });
  await r.rec(T, 'remove-by-id-multiple-repos', { method: 'DELETE', path: `/images/${imgId}` });
  await r.rec(T, 'remove-by-short-id-multiple-repos', { method: 'DELETE', path: `/images/${imgId.slice(7, 19)}` });
  // commit -> distinct image; in-use conflicts
  const src = await mk(r, 'golden-commit-src', { Cmd: ['sh', '-c', 'echo committed > /committed.txt'] });
  await r.do('POST', `/containers/${src}/start`);
  await r.sleep(500);
  const cm = await r.rec(T, 'commit-ok', { method: 'POST', path: `/commit?container=${src}&repo=golden-commit&tag=v1&comment=golden&author=golden`, body: { Labels: { golden: 'commit' }, Cmd: ['cat', '/committed.txt'] } });
  await r.rec(T, 'commit-not-found', { method: 'POST', path: `/commit?container=nosuch&repo=golden-commit&tag=v2` });
  await r.rec(T, 'commit-bad-repo', { method: 'POST', path: `/commit?container=${src}&repo=BadRepo` });
  await r.rec(T, 'commit-changes', { method: 'POST', path: `/commit?container=${src}&repo=golden-commit&tag=v3&changes=${q('ENV FOO=bar')}&changes=${q('EXPOSE 80')}` });
  await r.rec(T, 'commit-bad-changes', { method: 'POST', path: `/commit?container=${src}&repo=golden-commit&tag=v4&changes=${q('BOGUS x')}` });
  const commitId = (cm.response.body as { Id: string }).Id;
  await r.rec(T, 'inspect-committed', { method: 'GET', path: `/images/golden-commit:v1/json` });
  await r.rec(T, 'history-committed', { method: 'GET', path: `/images/golden-commit:v1/history` });
  const user = await mk(r, 'golden-img-user', { Image: 'golden-commit:v1', Cmd: ['sleep', '300'] });
  await r.rec(T, 'remove-in-use-stopped-container', { method: 'DELETE', path: '/images/golden-commit:v1' });
  await r.rec(T, 'remove-by-id-in-use-stopped', { method: 'DELETE', path: `/images/${commitId}` });
  await r.do('POST', `/containers/${user}/start`);
  await r.do('DELETE', '/images/golden-commit:v3');
  await r.rec(T, 'remove-in-use-running-container', { method: 'DELETE', path: '/images/golden-commit:v1' });
  await r.rec(T, 'remove-by-id-in-use-running-force', { method: 'DELETE', path: `/images/${commitId}?force=1` });
  await rm(r, user);
  await r.rec(T, 'remove-committed-ok', { method: 'DELETE', path: '/images/golden-commit:v1' });
  await r.rec(T, 'remove-committed-again', { method: 'DELETE', path: '/images/golden-commit:v1' });
  await rm(r, src);
  // prune
  await r.rec(T, 'prune-dangling', { method: 'POST', path: '/images/prune' });
  await r.rec(T, 'prune-dangling-false-label-nomatch', { method: 'POST', path: `/images/prune?filters=${q('{"dangling":["false"],"label":["golden.nomatch"]}')}` });
  await r.rec(T, 'prune-invalid-filter', { method: 'POST', path: `/images/prune?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'prune-dangling-bad', { method: 'POST', path: `/images/prune?filters=${q('{"dangling":["maybe"]}')}` });
  // pull (no network)
  await r.rec(T, 'create-from-unknown-image', { method: 'POST', path: '/images/create?fromImage=nosuchimage&tag=latest', timeoutMs: 60_000 });
  await r.rec(T, 'create-from-image-docker-hub', { method: 'POST', path: '/images/create?fromImage=busybox&tag=1.36', timeoutMs: 60_000 });
  await r.rec(T, 'create-from-local-registry-refused', { method: 'POST', path: `/images/create?fromImage=${q('localhost:5999/golden/x')}&tag=1`, timeoutMs: 60_000 });
  await r.rec(T, 'create-from-invalid-ref', { method: 'POST', path: '/images/create?fromImage=Bad:Ref:X', timeoutMs: 10_000 });
  await r.rec(T, 'create-no-params', { method: 'POST', path: '/images/create', timeoutMs: 10_000 });
  await r.rec(T, 'create-bad-platform', { method: 'POST', path: '/images/create?fromImage=busybox&tag=latest&platform=bogus', timeoutMs: 10_000 });
  await r.rec(T, 'create-bad-registry-auth', { method: 'POST', path: '/images/create?fromImage=busybox&tag=9', headers: { 'X-Registry-Auth': 'not-base64!!' }, timeoutMs: 60_000 });
  const imp = await makeTar([{ name: 'hello.txt', content: 'imported\n' }]);
  await r.rec(T, 'import-from-src', { method: 'POST', path: `/images/create?fromSrc=-&repo=golden-import&tag=v1&message=golden&changes=${q('CMD ["/hello.txt"]')}`, body: imp, headers: TAR });
  await r.rec(T, 'import-bad-tar', { method: 'POST', path: `/images/create?fromSrc=-&repo=golden-import&tag=bad`, body: Buffer.from('not a tar'.repeat(100)), headers: TAR });
  await r.rec(T, 'import-bad-url', { method: 'POST', path: `/images/create?fromSrc=${q('http://127.0.0.1:5999/x.tar')}&repo=golden-import&tag=url`, timeoutMs: 30_000 });
  await r.do('DELETE', '/images/golden-import:v1');
  // search / push
  await r.rec(T, 'search', { method: 'GET', path: '/images/search?term=busybox', timeoutMs: 60_000 });
  await r.rec(T, 'search-no-term', { method: 'GET', path: '/images/search', timeoutMs: 60_000 });
  await r.rec(T, 'search-bad-limit', { method: 'GET', path: '/images/search?term=busybox&limit=abc', timeoutMs: 60_000 });
  await r.rec(T, 'push-no-auth', { method: 'POST', path: '/images/busybox/push?tag=latest', timeoutMs: 60_000 });
  await r.rec(T, 'push-local-registry', { method: 'POST', path: `/images/${q('localhost:5999/golden/x')}/push`, headers: { 'X-Registry-Auth': 'e30=' }, timeoutMs: 60_000 });
  await r.do('POST', `/images/busybox/tag?repo=${q('localhost:5999/golden/x')}&tag=latest`);
  await r.rec(T, 'push-local-registry-tagged', { method: 'POST', path: `/images/${q('localhost:5999/golden/x')}/push?tag=latest`, headers: { 'X-Registry-Auth': 'e30=' }, timeoutMs: 60_000 });
  await r.do('DELETE', `/images/${q('localhost:5999/golden/x')}:latest`);
  await r.rec(T, 'push-not-found', { method: 'POST', path: '/images/nosuchimage/push', headers: { 'X-Registry-Auth': 'e30=' }, timeoutMs: 30_000 });
  // get / load
  const save = await r.rec(T, 'get-busybox', { method: 'GET', path: '/images/busybox:latest/get', maxBinary: 512, note: 'body truncated to 512 bytes; tarEntries + tarFiles[manifest.json, repositories] hold the structure' });
  await r.rec(T, 'get-multiple', { method: 'GET', path: `/images/get?names=busybox:latest&names=alpine:latest`, maxBinary: 512 });
  await r.rec(T, 'get-not-found', { method: 'GET', path: '/images/nosuchimage/get' });
  await r.rec(T, 'get-multiple-not-found', { method: 'GET', path: '/images/get?names=nosuchimage' });
  void save;
  await r.rec(T, 'load-garbage', { method: 'POST', path: '/images/load', body: Buffer.from('garbage'.repeat(100)), headers: TAR });
  await r.rec(T, 'load-empty', { method: 'POST', path: '/images/load', headers: TAR });
  await r.rec(T, 'load-tar-without-manifest', { method: 'POST', path: '/images/load?quiet=1', body: await makeTar([{ name: 'foo.txt', content: 'x' }]), headers: TAR });
  // load the real save back (a full round trip), quiet and not
  const full = await new Promise<Buffer>((resolve) => {
    void r.exchange({ method: 'GET', path: '/images/busybox:latest/get', maxBinary: 1 << 30 }).then((ex) => resolve(Buffer.from(String(ex.response.body), 'base64')));
  });
  await r.rec(T, 'load-ok', { method: 'POST', path: '/images/load', body: full, headers: TAR });
  await r.rec(T, 'load-ok-quiet', { method: 'POST', path: '/images/load?quiet=1', body: full, headers: TAR });
  await r.rec(T, 'system-df-after-images', { method: 'GET', path: '/system/df' });
}

export async function networksSection(r: Recorder): Promise<void> {
  const T = 'networks';
  await cleanup(r);
  await r.rec(T, 'list', { method: 'GET', path: '/networks' });
  await r.rec(T, 'list-filter-driver', { method: 'GET', path: `/networks?filters=${q('{"driver":["null"]}')}` });
  await r.rec(T, 'list-filter-type-builtin', { method: 'GET', path: `/networks?filters=${q('{"type":["builtin"]}')}` });
  await r.rec(T, 'list-filter-type-bad', { method: 'GET', path: `/networks?filters=${q('{"type":["bogus"]}')}` });
  await r.rec(T, 'list-filter-invalid-key', { method: 'GET', path: `/networks?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'list-filter-dangling', { method: 'GET', path: `/networks?filters=${q('{"dangling":["true"]}')}` });
  await r.rec(T, 'inspect-host', { method: 'GET', path: '/networks/host' });
  await r.rec(T, 'inspect-none', { method: 'GET', path: '/networks/none' });
  await r.rec(T, 'inspect-bridge-absent', { method: 'GET', path: '/networks/bridge', note: 'dockerd started with --bridge=none: no default bridge network' });
  await r.rec(T, 'inspect-not-found', { method: 'GET', path: '/networks/nosuchnet' });
  await r.rec(T, 'inspect-verbose-scope', { method: 'GET', path: '/networks/host?verbose=true&scope=local' });
  await r.rec(T, 'inspect-bad-scope', { method: 'GET', path: '/networks/host?scope=bogus' });
  const n1 = await r.rec(T, 'create-ok', { method: 'POST', path: '/networks/create', body: { Name: 'golden-net1', Driver: 'bridge', CheckDuplicate: true, Labels: { golden: '1' }, IPAM: { Driver: 'default', Config: [{ Subnet: '10.231.0.0/24', Gateway: '10.231.0.1' }] } } });
  const n1id = (n1.response.body as { Id?: string }).Id ?? 'golden-net1';
  await r.rec(T, 'create-default-driver', { method: 'POST', path: '/networks/create', body: { Name: 'golden-net2' } });
  await r.rec(T, 'create-internal', { method: 'POST', path: '/networks/create', body: { Name: 'golden-internal', Internal: true, Attachable: true } });
  await r.rec(T, 'create-dup-name-checkduplicate', { method: 'POST', path: '/networks/create', body: { Name: 'golden-net1', CheckDuplicate: true } });
  const dup = await r.rec(T, 'create-dup-name-no-checkduplicate', { method: 'POST', path: '/networks/create', body: { Name: 'golden-net1' }, note: 'API 1.41: CheckDuplicate defaults to false' });
  await r.rec(T, 'inspect-by-name-ambiguous', { method: 'GET', path: '/networks/golden-net1', note: 'two networks named golden-net1 (CheckDuplicate false)' });
  await r.rec(T, 'remove-by-name-ambiguous', { method: 'DELETE', path: '/networks/golden-net1' });
  const dupId = (dup.response.body as { Id?: string }).Id;
  if (dupId) await r.rec(T, 'remove-dup-by-id', { method: 'DELETE', path: `/networks/${dupId}` });
  await r.rec(T, 'create-overlapping-subnet', { method: 'POST', path: '/networks/create', body: { Name: 'golden-overlap', IPAM: { Config: [{ Subnet: '10.231.0.0/16' }] } } });
  await r.rec(T, 'create-bad-driver', { method: 'POST', path: '/networks/create', body: { Name: 'golden-bad', Driver: 'nosuchdriver' } });
  await r.rec(T, 'create-invalid-subnet', { method: 'POST', path: '/networks/create', body: { Name: 'golden-bad2', IPAM: { Config: [{ Subnet: 'not-a-subnet' }] } } });
  await r.rec(T, 'create-gateway-outside-subnet', { method: 'POST', path: '/networks/create', body: { Name: 'golden-bad3', IPAM: { Config: [{ Subnet: '10.232.0.0/24', Gateway: '10.99.0.1' }] } } });
  await r.rec(T, 'create-no-name', { method: 'POST', path: '/networks/create', body: { Driver: 'bridge' } });
  await r.rec(T, 'create-name-host', { method: 'POST', path: '/networks/create', body: { Name: 'host' } });
  await r.rec(T, 'create-name-bridge', { method: 'POST', path: '/networks/create', body: { Name: 'bridge' } });
  await r.rec(T, 'create-driver-host', { method: 'POST', path: '/networks/create', body: { Name: 'golden-host2', Driver: 'host' } });
  await r.rec(T, 'create-overlay-no-swarm', { method: 'POST', path: '/networks/create', body: { Name: 'golden-overlay', Driver: 'overlay' } });
  await r.rec(T, 'create-invalid-json', { method: 'POST', path: '/networks/create', body: '{bad' });
  await r.rec(T, 'create-bad-ipam-driver', { method: 'POST', path: '/networks/create', body: { Name: 'golden-bad4', IPAM: { Driver: 'nosuchipam' } } });
  await r.rec(T, 'create-ipv6-no-subnet', { method: 'POST', path: '/networks/create', body: { Name: 'golden-v6', EnableIPv6: true } });
  await r.rec(T, 'inspect-created', { method: 'GET', path: `/networks/${n1id}` });
  await r.rec(T, 'inspect-by-name', { method: 'GET', path: '/networks/golden-net1' });
  await r.rec(T, 'inspect-by-prefix', { method: 'GET', path: `/networks/${n1id.slice(0, 6)}` });
  await r.rec(T, 'list-after-create', { method: 'GET', path: `/networks?filters=${q('{"label":["golden"]}')}` });
  const c = await mk(r, 'golden-net-c', { Cmd: ['sleep', '300'] });
  await r.rec(T, 'connect-created-container', { method: 'POST', path: `/networks/golden-net1/connect`, body: { Container: c, EndpointConfig: { Aliases: ['golden-alias'] } } });
  await r.rec(T, 'connect-twice', { method: 'POST', path: `/networks/golden-net1/connect`, body: { Container: c } });
  await r.rec(T, 'connect-container-not-found', { method: 'POST', path: `/networks/golden-net1/connect`, body: { Container: 'nosuch' } });
  await r.rec(T, 'connect-network-not-found', { method: 'POST', path: `/networks/nosuchnet/connect`, body: { Container: c } });
  await r.rec(T, 'connect-invalid-json', { method: 'POST', path: `/networks/golden-net1/connect`, body: '{bad' });
  await r.rec(T, 'connect-bad-ip', { method: 'POST', path: `/networks/golden-net2/connect`, body: { Container: c, EndpointConfig: { IPAMConfig: { IPv4Address: '10.231.0.50' } } } });
  await r.rec(T, 'connect-host-network', { method: 'POST', path: `/networks/host/connect`, body: { Container: c } });
  await r.do('POST', `/containers/${c}/start`);
  await r.rec(T, 'inspect-with-endpoint', { method: 'GET', path: '/networks/golden-net1' });
  await r.rec(T, 'container-inspect-networks', { method: 'GET', path: `/containers/${c}/json` });
  await r.rec(T, 'connect-running-to-net2', { method: 'POST', path: `/networks/golden-net2/connect`, body: { Container: c } });
  await r.rec(T, 'remove-with-active-endpoints', { method: 'DELETE', path: '/networks/golden-net1' });
  await r.rec(T, 'disconnect-ok', { method: 'POST', path: `/networks/golden-net2/disconnect`, body: { Container: c } });
  await r.rec(T, 'disconnect-not-connected', { method: 'POST', path: `/networks/golden-net2/disconnect`, body: { Container: c } });
  await r.rec(T, 'disconnect-container-not-found', { method: 'POST', path: `/networks/golden-net1/disconnect`, body: { Container: 'nosuch' } });
  await r.rec(T, 'disconnect-network-not-found', { method: 'POST', path: `/networks/nosuchnet/disconnect`, body: { Container: c } });
  await r.rec(T, 'disconnect-force-not-found-container', { method: 'POST', path: `/networks/golden-net1/disconnect`, body: { Container: 'nosuch', Force: true } });
  await r.rec(T, 'remove-predefined-host', { method: 'DELETE', path: '/networks/host' });
  await r.rec(T, 'remove-predefined-none', { method: 'DELETE', path: '/networks/none' });
  await r.rec(T, 'remove-not-found', { method: 'DELETE', path: '/networks/nosuchnet' });
  await rm(r, c);
  await r.rec(T, 'remove-ok', { method: 'DELETE', path: '/networks/golden-net1' });
  await r.rec(T, 'prune-label-nomatch', { method: 'POST', path: `/networks/prune?filters=${q('{"label":["golden.nomatch"]}')}` });
  await r.rec(T, 'prune-invalid-filter', { method: 'POST', path: `/networks/prune?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'prune', { method: 'POST', path: '/networks/prune' });
  await r.rec(T, 'list-after-prune', { method: 'GET', path: '/networks' });
  await cleanup(r);
}

export async function volumesSection(r: Recorder): Promise<void> {
  const T = 'volumes';
  await cleanup(r);
  await r.rec(T, 'list-empty', { method: 'GET', path: '/volumes' });
  await r.rec(T, 'create-ok', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol1', Labels: { golden: '1' } } });
  await r.rec(T, 'create-idempotent', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol1' } });
  await r.rec(T, 'create-idempotent-different-labels', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol1', Labels: { other: 'x' } } });
  await r.rec(T, 'create-idempotent-different-driver', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol1', Driver: 'otherdriver' } });
  await r.rec(T, 'create-anonymous', { method: 'POST', path: '/volumes/create', body: { Labels: { golden: 'anon' } } });
  await r.rec(T, 'create-empty-body', { method: 'POST', path: '/volumes/create' });
  await r.rec(T, 'create-bad-name', { method: 'POST', path: '/volumes/create', body: { Name: 'a b' } });
  await r.rec(T, 'create-bad-name-slash', { method: 'POST', path: '/volumes/create', body: { Name: 'a/b' } });
  await r.rec(T, 'create-name-one-char', { method: 'POST', path: '/volumes/create', body: { Name: 'g' } });
  await r.rec(T, 'create-bad-driver', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol-bad', Driver: 'nosuchdriver' } });
  await r.rec(T, 'create-bad-opts', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol-opts', DriverOpts: { bogus: 'x' } } });
  await r.rec(T, 'create-invalid-json', { method: 'POST', path: '/volumes/create', body: '{bad' });
  await r.rec(T, 'inspect', { method: 'GET', path: '/volumes/golden-vol1' });
  await r.rec(T, 'inspect-not-found', { method: 'GET', path: '/volumes/nosuchvolume' });
  await r.rec(T, 'list', { method: 'GET', path: '/volumes' });
  await r.rec(T, 'list-filter-dangling', { method: 'GET', path: `/volumes?filters=${q('{"dangling":["true"]}')}` });
  await r.rec(T, 'list-filter-dangling-bad', { method: 'GET', path: `/volumes?filters=${q('{"dangling":["maybe"]}')}` });
  await r.rec(T, 'list-filter-invalid-key', { method: 'GET', path: `/volumes?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'list-filter-label', { method: 'GET', path: `/volumes?filters=${q('{"label":["golden=1"]}')}` });
  const c = await mk(r, 'golden-vol-user', { Cmd: ['sleep', '300'], HostConfig: { Binds: ['golden-vol1:/data'] } });
  await r.rec(T, 'remove-in-use', { method: 'DELETE', path: '/volumes/golden-vol1' });
  await r.rec(T, 'remove-in-use-force', { method: 'DELETE', path: '/volumes/golden-vol1?force=1' });
  await r.rec(T, 'container-inspect-mounts', { method: 'GET', path: `/containers/${c}/json` });
  await r.rec(T, 'list-filter-dangling-false', { method: 'GET', path: `/volumes?filters=${q('{"dangling":["false"]}')}` });
  await r.rec(T, 'remove-not-found', { method: 'DELETE', path: '/volumes/nosuchvolume' });
  await r.rec(T, 'remove-not-found-force', { method: 'DELETE', path: '/volumes/nosuchvolume?force=1' });
  await rm(r, c);
  await r.rec(T, 'create-named-unused', { method: 'POST', path: '/volumes/create', body: { Name: 'golden-vol2', Labels: { golden: '2' } } });
  await r.rec(T, 'prune-invalid-filter', { method: 'POST', path: `/volumes/prune?filters=${q('{"bogus":["x"]}')}` });
  await r.rec(T, 'prune-all-filter-1.41', { method: 'POST', path: `/volumes/prune?filters=${q('{"all":["true"]}')}`, note: 'the all filter is API 1.42+' });
  await r.rec(T, 'prune-label-nomatch', { method: 'POST', path: `/volumes/prune?filters=${q('{"label":["golden.nomatch"]}')}` });
  await r.rec(T, 'prune-v1.41', { method: 'POST', path: `/v1.41/volumes/prune?filters=${q('{"label":["golden"]}')}`, note: 'API 1.41 semantics: named AND anonymous unused volumes are pruned' });
  await r.rec(T, 'list-after-prune', { method: 'GET', path: '/volumes' });
  await r.rec(T, 'remove-ok', { method: 'DELETE', path: '/volumes/golden-vol1' });
  await cleanup(r);
}

export async function buildSection(r: Recorder): Promise<void> {
  const T = 'build';
  const hdr = { ...TAR, 'X-Registry-Config': 'e30=' };
  const ctx = await makeTar([
    { name: 'Dockerfile', content: 'FROM busybox\nRUN echo hello > /hello\nCMD ["cat", "/hello"]\n' },
  ]);
  await r.rec(T, 'build-ok', { method: 'POST', path: '/build?t=golden-build:latest&rm=1&forcerm=1', body: ctx, headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-ok-cached', { method: 'POST', path: '/build?t=golden-build:latest&rm=1', body: ctx, headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-ok-quiet', { method: 'POST', path: '/build?t=golden-build:q&q=1', body: ctx, headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-version-1', { method: 'POST', path: '/build?version=1&t=golden-build:v1&nocache=1', body: ctx, headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-labels-buildargs', { method: 'POST', path: `/build?t=golden-build:args&buildargs=${q('{"X":"1","UNUSED":"2"}')}&labels=${q('{"golden":"build"}')}`, body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox\nARG X\nRUN echo "x=$X"\n' }]), headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-failing-run', { method: 'POST', path: '/build?t=golden-build:fail&rm=1', body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox\nRUN echo about to fail && exit 7\nCMD ["true"]\n' }]), headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-unknown-base', { method: 'POST', path: '/build?t=golden-build:nobase', body: await makeTar([{ name: 'Dockerfile', content: 'FROM nosuchimage:1\nRUN true\n' }]), headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'build-unknown-instruction', { method: 'POST', path: '/build', body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox\nBOGUS x\n' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-no-dockerfile', { method: 'POST', path: '/build', body: await makeTar([{ name: 'README', content: 'x' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-empty-dockerfile', { method: 'POST', path: '/build', body: await makeTar([{ name: 'Dockerfile', content: '' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-copy-missing', { method: 'POST', path: '/build', body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox\nCOPY nothere /x\n' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-copy-ok', { method: 'POST', path: '/build?t=golden-build:copy', body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox\nCOPY a.txt /a.txt\nWORKDIR /w\nENV K=v\nEXPOSE 8080\n' }, { name: 'a.txt', content: 'a\n' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-custom-dockerfile-path', { method: 'POST', path: '/build?dockerfile=sub/Build.df&t=golden-build:df', body: await makeTar([{ name: 'sub/', type: 'directory' }, { name: 'sub/Build.df', content: 'FROM busybox\n' }]), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-bad-tar', { method: 'POST', path: '/build', body: Buffer.from('not a tar'.repeat(100)), headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-empty-body', { method: 'POST', path: '/build', headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-bad-tag', { method: 'POST', path: '/build?t=Bad:Tag:X', body: ctx, headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-buildkit-version-2', { method: 'POST', path: '/build?version=2&t=golden-build:bk', body: ctx, headers: hdr, timeoutMs: 30_000, note: 'BuildKit needs a /session first' });
  await r.rec(T, 'build-bad-buildargs-json', { method: 'POST', path: `/build?buildargs=notjson`, body: ctx, headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-target-missing', { method: 'POST', path: `/build?target=nosuchstage`, body: ctx, headers: hdr, timeoutMs: 30_000 });
  await r.rec(T, 'build-multistage', { method: 'POST', path: `/build?t=golden-build:ms`, body: await makeTar([{ name: 'Dockerfile', content: 'FROM busybox AS a\nRUN echo a > /a\nFROM busybox\nCOPY --from=a /a /a\n' }]), headers: hdr, timeoutMs: 60_000 });
  await r.rec(T, 'inspect-built-image', { method: 'GET', path: '/images/golden-build:latest/json' });
  await r.rec(T, 'history-built-image', { method: 'GET', path: '/images/golden-build:latest/history' });
  await r.rec(T, 'build-prune', { method: 'POST', path: '/build/prune' });
  await r.rec(T, 'build-cancel-no-id', { method: 'POST', path: '/build/cancel' });
  // remove built images
  const imgs = (await r.do('GET', `/images/json?filters=${q('{"reference":["golden-build"]}')}`)).body as Array<{ Id: string }>;
  for (const i of imgs ?? []) await r.do('DELETE', `/images/${i.Id}?force=1`);
  await r.do('POST', '/images/prune');
  await r.do('POST', `/containers/prune`);
}

export async function miscSection(r: Recorder): Promise<void> {
  await r.rec('plugins', 'list', { method: 'GET', path: '/plugins' });
  await r.rec('plugins', 'list-filter-capability', { method: 'GET', path: `/plugins?filters=${q('{"capability":["volumedriver"]}')}` });
  await r.rec('plugins', 'list-filter-invalid', { method: 'GET', path: `/plugins?filters=${q('{"bogus":["x"]}')}` });
  await r.rec('plugins', 'inspect-not-found', { method: 'GET', path: '/plugins/nosuchplugin/json' });
  await r.rec('plugins', 'remove-not-found', { method: 'DELETE', path: '/plugins/nosuchplugin' });
  await r.rec('plugins', 'enable-not-found', { method: 'POST', path: '/plugins/nosuchplugin/enable' });
  await r.rec('plugins', 'privileges-no-network', { method: 'GET', path: '/plugins/privileges?remote=vieux/sshfs', timeoutMs: 60_000 });
  await r.rec('plugins', 'pull-no-network', { method: 'POST', path: '/plugins/pull?remote=vieux/sshfs', body: [], timeoutMs: 60_000 });
  await r.rec('distribution', 'inspect-no-network', { method: 'GET', path: '/distribution/busybox:latest/json', timeoutMs: 60_000 });
  await r.rec('distribution', 'inspect-local-registry-refused', { method: 'GET', path: `/distribution/${q('localhost:5999/golden/x')}:1/json`, timeoutMs: 60_000 });
  await r.rec('distribution', 'inspect-invalid-ref', { method: 'GET', path: '/distribution/Bad:Ref:X/json', timeoutMs: 10_000 });
  await r.recHijack('session', 'session-upgrade-h2c', {
    method: 'POST',
    path: '/session',
    headers: { Connection: 'Upgrade', Upgrade: 'h2c', 'X-Docker-Expose-Session-Uuid': 'golden-session-uuid', 'X-Docker-Expose-Session-Name': 'golden', 'X-Docker-Expose-Session-Sharedkey': 'golden-key' },
    timeoutMs: 2000,
    note: 'dockerd answers 101 then waits for HTTP/2 frames; recorder aborted after 2s',
  });
  await r.rec('session', 'session-no-upgrade', { method: 'POST', path: '/session', timeoutMs: 3000 });
  await r.recHijack('session', 'grpc-upgrade-h2c', { method: 'POST', path: '/grpc', headers: { Connection: 'Upgrade', Upgrade: 'h2c' }, timeoutMs: 2000 });
  await r.rec('session', 'grpc-no-upgrade', { method: 'POST', path: '/grpc', timeoutMs: 3000 });
}

const SWARM_GETS: Array<[string, string]> = [
  ['swarm-inspect', '/swarm'],
  ['swarm-unlockkey', '/swarm/unlockkey'],
  ['nodes-list', '/nodes'],
  ['nodes-inspect', '/nodes/self'],
  ['services-list', '/services'],
  ['services-inspect', '/services/nosuch'],
  ['services-logs', '/services/nosuch/logs?stdout=1'],
  ['tasks-list', '/tasks'],
  ['tasks-inspect', '/tasks/nosuch'],
  ['secrets-list', '/secrets'],
  ['secrets-inspect', '/secrets/nosuch'],
  ['configs-list', '/configs'],
  ['configs-inspect', '/configs/nosuch'],
];

export async function swarmSection(r: Recorder): Promise<void> {
  await r.do('POST', '/swarm/leave?force=1');
  // before init: every swarm endpoint
  for (const [name, p] of SWARM_GETS) await r.rec(tagOf(name), `no-swarm-${name}`, { method: 'GET', path: p });
  await r.rec('swarm', 'no-swarm-leave', { method: 'POST', path: '/swarm/leave' });
  await r.rec('swarm', 'no-swarm-leave-force', { method: 'POST', path: '/swarm/leave?force=1' });
  await r.rec('swarm', 'no-swarm-update', { method: 'POST', path: '/swarm/update?version=1', body: {} });
  await r.rec('swarm', 'no-swarm-unlock', { method: 'POST', path: '/swarm/unlock', body: { UnlockKey: 'x' } });
  await r.rec('services', 'no-swarm-create', { method: 'POST', path: '/services/create', body: { Name: 'golden-svc', TaskTemplate: { ContainerSpec: { Image: 'busybox' } } } });
  await r.rec('services', 'no-swarm-delete', { method: 'DELETE', path: '/services/nosuch' });
  await r.rec('secrets', 'no-swarm-create', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret', Data: 'c2VjcmV0' } });
  await r.rec('configs', 'no-swarm-create', { method: 'POST', path: '/configs/create', body: { Name: 'golden-config', Data: 'Y29uZmln' } });
  await r.rec('nodes', 'no-swarm-delete', { method: 'DELETE', path: '/nodes/nosuch' });
  await r.rec('swarm', 'no-swarm-join-bad', { method: 'POST', path: '/swarm/join', body: { ListenAddr: '127.0.0.1:2377', RemoteAddrs: ['127.0.0.1:2999'], JoinToken: 'SWMTKN-1-bogus' }, timeoutMs: 30_000 });
  await r.rec('system', 'info-no-swarm-swarm-field', { method: 'GET', path: '/info' });
  // init
  await r.rec('swarm', 'init-bad-json', { method: 'POST', path: '/swarm/init', body: '{bad' });
  await r.rec('swarm', 'init-bad-listen-addr', { method: 'POST', path: '/swarm/init', body: { ListenAddr: 'not an addr:xx' } });
  const init = await r.rec('swarm', 'init', { method: 'POST', path: '/swarm/init', body: { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1', ForceNewCluster: false, Spec: { Orchestration: {}, Raft: {}, Dispatcher: {}, CAConfig: {}, EncryptionConfig: {} } }, timeoutMs: 60_000 });
  if (init.response.status !== 200) {
    console.error('swarm init failed; skipping swarm-mode recordings');
    return;
  }
  await r.sleep(1000);
  await r.rec('swarm', 'init-again', { method: 'POST', path: '/swarm/init', body: { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' } });
  await r.rec('swarm', 'join-already-in-swarm', { method: 'POST', path: '/swarm/join', body: { ListenAddr: '127.0.0.1:2377', RemoteAddrs: ['127.0.0.1:2999'], JoinToken: 'SWMTKN-1-bogus' } });
  const sw = await r.rec('swarm', 'inspect', { method: 'GET', path: '/swarm', note: 'JoinTokens redacted to SWMTKN-1-<redacted>' });
  const swVersion = ((sw.response.body as { Version?: { Index: number } }).Version?.Index) ?? 0;
  await r.rec('swarm', 'unlockkey', { method: 'GET', path: '/swarm/unlockkey' });
  await r.rec('swarm', 'update-wrong-version', { method: 'POST', path: `/swarm/update?version=${swVersion + 100}`, body: (sw.response.body as { Spec: unknown }).Spec });
  await r.rec('swarm', 'update-no-version', { method: 'POST', path: `/swarm/update`, body: (sw.response.body as { Spec: unknown }).Spec });
  await r.rec('swarm', 'update-ok-rotate-worker-token', { method: 'POST', path: `/swarm/update?version=${swVersion}&rotateWorkerToken=true`, body: (sw.response.body as { Spec: unknown }).Spec });
  await r.rec('swarm', 'leave-manager-no-force', { method: 'POST', path: '/swarm/leave' });
  await r.rec('swarm', 'unlock-not-locked', { method: 'POST', path: '/swarm/unlock', body: { UnlockKey: 'SWMKEY-1-bogus' } });
  await r.rec('system', 'info-swarm-active', { method: 'GET', path: '/info' });
  await r.rec('system', 'ping-swarm-active', { method: 'GET', path: '/_ping' });
  // nodes
  const nodes = await r.rec('nodes', 'list', { method: 'GET', path: '/nodes' });
  const node = ((nodes.response.body as Array<{ ID: string; Version: { Index: number }; Spec: unknown }>) ?? [])[0];
  await r.rec('nodes', 'list-filter-role', { method: 'GET', path: `/nodes?filters=${q('{"role":["manager"]}')}` });
  await r.rec('nodes', 'list-filter-invalid', { method: 'GET', path: `/nodes?filters=${q('{"bogus":["x"]}')}` });
  await r.rec('nodes', 'list-filter-bad-role', { method: 'GET', path: `/nodes?filters=${q('{"role":["boss"]}')}` });
  if (node) {
    await r.rec('nodes', 'inspect', { method: 'GET', path: `/nodes/${node.ID}` });
    await r.rec('nodes', 'inspect-self', { method: 'GET', path: `/nodes/self` });
    await r.rec('nodes', 'update-wrong-version', { method: 'POST', path: `/nodes/${node.ID}/update?version=${node.Version.Index + 100}`, body: node.Spec });
    await r.rec('nodes', 'update-bad-availability', { method: 'POST', path: `/nodes/${node.ID}/update?version=${node.Version.Index}`, body: { ...(node.Spec as object), Availability: 'sometimes' } });
    await r.rec('nodes', 'update-demote-last-manager', { method: 'POST', path: `/nodes/${node.ID}/update?version=${node.Version.Index}`, body: { ...(node.Spec as object), Role: 'worker' } });
    await r.rec('nodes', 'remove-self', { method: 'DELETE', path: `/nodes/${node.ID}` });
    await r.rec('nodes', 'remove-self-force', { method: 'DELETE', path: `/nodes/${node.ID}?force=1` });
  }
  await r.rec('nodes', 'inspect-not-found', { method: 'GET', path: '/nodes/nosuch' });
  await r.rec('nodes', 'remove-not-found', { method: 'DELETE', path: '/nodes/nosuch' });
  // secrets
  const sec = await r.rec('secrets', 'create', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret', Labels: { golden: '1' }, Data: Buffer.from('not really secret').toString('base64') } });
  const secId = (sec.response.body as { ID?: string }).ID ?? 'golden-secret';
  await r.rec('secrets', 'create-duplicate', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret', Data: 'eA==' } });
  await r.rec('secrets', 'create-bad-base64', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret2', Data: 'not base64!!' } });
  await r.rec('secrets', 'create-no-data', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret3' } });
  await r.rec('secrets', 'create-bad-name', { method: 'POST', path: '/secrets/create', body: { Name: 'bad name!', Data: 'eA==' } });
  await r.rec('secrets', 'create-no-name', { method: 'POST', path: '/secrets/create', body: { Data: 'eA==' } });
  await r.rec('secrets', 'create-bad-driver', { method: 'POST', path: '/secrets/create', body: { Name: 'golden-secret4', Driver: { Name: 'nosuchdriver' } } });
  await r.rec('secrets', 'inspect', { method: 'GET', path: `/secrets/${secId}` });
  await r.rec('secrets', 'inspect-by-name', { method: 'GET', path: `/secrets/golden-secret` });
  await r.rec('secrets', 'inspect-not-found', { method: 'GET', path: `/secrets/nosuch` });
  await r.rec('secrets', 'list', { method: 'GET', path: `/secrets` });
  await r.rec('secrets', 'list-filter-name', { method: 'GET', path: `/secrets?filters=${q('{"name":["golden-secret"]}')}` });
  await r.rec('secrets', 'list-filter-invalid', { method: 'GET', path: `/secrets?filters=${q('{"bogus":["x"]}')}` });
  await r.rec('secrets', 'update-labels-wrong-version', { method: 'POST', path: `/secrets/${secId}/update?version=999`, body: { Name: 'golden-secret', Labels: { golden: '2' } } });
  await r.rec('secrets', 'update-data-not-allowed', { method: 'POST', path: `/secrets/${secId}/update?version=${((await r.do('GET', `/secrets/${secId}`)).body as { Version: { Index: number } }).Version.Index}`, body: { Name: 'golden-secret', Data: 'eQ==' } });
  // configs
  const cfg = await r.rec('configs', 'create', { method: 'POST', path: '/configs/create', body: { Name: 'golden-config', Labels: { golden: '1' }, Data: Buffer.from('key=value\n').toString('base64') } });
  const cfgId = (cfg.response.body as { ID?: string }).ID ?? 'golden-config';
  await r.rec('configs', 'create-duplicate', { method: 'POST', path: '/configs/create', body: { Name: 'golden-config', Data: 'eA==' } });
  await r.rec('configs', 'create-bad-base64', { method: 'POST', path: '/configs/create', body: { Name: 'golden-config2', Data: 'not base64!!' } });
  await r.rec('configs', 'create-bad-name', { method: 'POST', path: '/configs/create', body: { Name: 'bad name!', Data: 'eA==' } });
  await r.rec('configs', 'inspect', { method: 'GET', path: `/configs/${cfgId}`, note: 'configs (unlike secrets) return Spec.Data' });
  await r.rec('configs', 'inspect-not-found', { method: 'GET', path: `/configs/nosuch` });
  await r.rec('configs', 'list', { method: 'GET', path: `/configs` });
  await r.rec('configs', 'list-filter-invalid', { method: 'GET', path: `/configs?filters=${q('{"bogus":["x"]}')}` });
  // services
  const spec = {
    Name: 'golden-svc',
    Labels: { golden: '1' },
    TaskTemplate: {
      ContainerSpec: { Image: 'busybox:latest', Command: ['sleep', '300'], Secrets: [{ SecretName: 'golden-secret', SecretID: secId, File: { Name: 'golden-secret', UID: '0', GID: '0', Mode: 292 } }], Configs: [{ ConfigName: 'golden-config', ConfigID: cfgId, File: { Name: '/golden.conf', UID: '0', GID: '0', Mode: 292 } }] },
      RestartPolicy: { Condition: 'none' },
    },
    Mode: { Replicated: { Replicas: 1 } },
  };
  const svc = await r.rec('services', 'create', { method: 'POST', path: '/services/create', body: spec, timeoutMs: 60_000, note: 'no registry: the daemon warns that it could not resolve the image digest' });
  const svcId = (svc.response.body as { ID?: string }).ID ?? 'golden-svc';
  await r.rec('services', 'create-duplicate', { method: 'POST', path: '/services/create', body: spec, timeoutMs: 60_000 });
  await r.rec('services', 'create-no-image', { method: 'POST', path: '/services/create', body: { Name: 'golden-svc2', TaskTemplate: { ContainerSpec: {} } } });
  await r.rec('services', 'create-bad-name', { method: 'POST', path: '/services/create', body: { Name: 'bad name!', TaskTemplate: { ContainerSpec: { Image: 'busybox' } } } });
  await r.rec('services', 'create-unknown-secret', { method: 'POST', path: '/services/create', body: { Name: 'golden-svc3', TaskTemplate: { ContainerSpec: { Image: 'busybox', Secrets: [{ SecretName: 'nosuch', SecretID: 'nosuch', File: { Name: 'x' } }] } } } });
  await r.rec('services', 'create-invalid-json', { method: 'POST', path: '/services/create', body: '{bad' });
  await r.rec('services', 'create-bad-mode', { method: 'POST', path: '/services/create', body: { Name: 'golden-svc4', TaskTemplate: { ContainerSpec: { Image: 'busybox' } }, Mode: { Replicated: { Replicas: 1 }, Global: {} } } });
  await r.rec('services', 'create-unknown-network', { method: 'POST', path: '/services/create', body: { Name: 'golden-svc5', TaskTemplate: { ContainerSpec: { Image: 'busybox' }, Networks: [{ Target: 'nosuchnet' }] } } });
  await r.sleep(3000);
  const si = await r.rec('services', 'inspect', { method: 'GET', path: `/services/${svcId}` });
  await r.rec('services', 'inspect-by-name', { method: 'GET', path: `/services/golden-svc?insertDefaults=true` });
  await r.rec('services', 'inspect-not-found', { method: 'GET', path: `/services/nosuch` });
  await r.rec('services', 'list', { method: 'GET', path: '/services' });
  await r.rec('services', 'list-status', { method: 'GET', path: '/services?status=true', note: 'ServiceStatus is API 1.41+' });
  await r.rec('services', 'list-filter-invalid', { method: 'GET', path: `/services?filters=${q('{"bogus":["x"]}')}` });
  await r.rec('services', 'list-filter-mode', { method: 'GET', path: `/services?filters=${q('{"mode":["replicated"]}')}` });
  await r.rec('services', 'list-filter-bad-mode', { method: 'GET', path: `/services?filters=${q('{"mode":["bogus"]}')}` });
  const sv = (si.response.body as { Version?: { Index: number }; Spec?: Record<string, unknown> });
  const idx = sv.Version?.Index ?? 0;
  await r.rec('services', 'update-version-mismatch', { method: 'POST', path: `/services/${svcId}/update?version=${idx + 100}`, body: sv.Spec });
  await r.rec('services', 'update-stale-version', { method: 'POST', path: `/services/${svcId}/update?version=${Math.max(1, idx - 1)}`, body: sv.Spec });
  await r.rec('services', 'update-no-version', { method: 'POST', path: `/services/${svcId}/update`, body: sv.Spec });
  await r.rec('services', 'update-bad-version', { method: 'POST', path: `/services/${svcId}/update?version=abc`, body: sv.Spec });
  await r.rec('services', 'update-ok', { method: 'POST', path: `/services/${svcId}/update?version=${idx}`, body: { ...sv.Spec, Labels: { golden: '2' } }, timeoutMs: 60_000 });
  await r.rec('services', 'update-not-found', { method: 'POST', path: `/services/nosuch/update?version=1`, body: sv.Spec });
  await r.rec('services', 'logs', { method: 'GET', path: `/services/${svcId}/logs?stdout=1&stderr=1`, timeoutMs: 5000 });
  await r.rec('services', 'logs-no-stream-selected', { method: 'GET', path: `/services/${svcId}/logs` });
  const tasks = await r.rec('tasks', 'list', { method: 'GET', path: '/tasks' });
  await r.rec('tasks', 'list-filter-service', { method: 'GET', path: `/tasks?filters=${q(JSON.stringify({ service: ['golden-svc'] }))}` });
  await r.rec('tasks', 'list-filter-desired-state', { method: 'GET', path: `/tasks?filters=${q('{"desired-state":["running"]}')}` });
  await r.rec('tasks', 'list-filter-bad-desired-state', { method: 'GET', path: `/tasks?filters=${q('{"desired-state":["bogus"]}')}` });
  await r.rec('tasks', 'list-filter-invalid', { method: 'GET', path: `/tasks?filters=${q('{"bogus":["x"]}')}` });
  const t0 = ((tasks.response.body as Array<{ ID: string }>) ?? [])[0];
  if (t0) {
    await r.rec('tasks', 'inspect', { method: 'GET', path: `/tasks/${t0.ID}` });
    await r.rec('tasks', 'logs', { method: 'GET', path: `/tasks/${t0.ID}/logs?stdout=1&stderr=1`, timeoutMs: 5000 });
  }
  await r.rec('tasks', 'inspect-not-found', { method: 'GET', path: `/tasks/nosuch` });
  await r.rec('containers', 'list-swarm-task-containers', { method: 'GET', path: `/containers/json?filters=${q('{"label":["com.docker.swarm.service.name=golden-svc"]}')}` });
  await r.rec('secrets', 'remove-in-use', { method: 'DELETE', path: `/secrets/${secId}` });
  await r.rec('configs', 'remove-in-use', { method: 'DELETE', path: `/configs/${cfgId}` });
  await r.rec('networks', 'swarm-list', { method: 'GET', path: '/networks' });
  await r.rec('networks', 'swarm-create-overlay', { method: 'POST', path: '/networks/create', body: { Name: 'golden-overlay', Driver: 'overlay', Attachable: true } });
  await r.rec('networks', 'swarm-remove-ingress', { method: 'DELETE', path: '/networks/ingress' });
  await r.rec('networks', 'swarm-remove-overlay', { method: 'DELETE', path: '/networks/golden-overlay' });
  await r.rec('services', 'remove', { method: 'DELETE', path: `/services/${svcId}` });
  await r.rec('services', 'remove-not-found', { method: 'DELETE', path: `/services/${svcId}` });
  await r.sleep(2000);
  await r.rec('secrets', 'remove', { method: 'DELETE', path: `/secrets/${secId}` });
  await r.rec('secrets', 'remove-not-found', { method: 'DELETE', path: `/secrets/${secId}` });
  await r.rec('configs', 'remove', { method: 'DELETE', path: `/configs/${cfgId}` });
  await r.rec('configs', 'remove-not-found', { method: 'DELETE', path: `/configs/${cfgId}` });
  await r.rec('swarm', 'leave-force', { method: 'POST', path: '/swarm/leave?force=1', timeoutMs: 60_000 });
  await r.rec('swarm', 'inspect-after-leave', { method: 'GET', path: '/swarm' });
  await cleanup(r);
}

function tagOf(name: string): string {
  return name.split('-')[0]!;
}

/** A few outputs of the 20.10 CLI (Debian docker.io package) against the oracle. */
export async function cliSection(r: Recorder): Promise<void> {
  const cli = ['/usr/bin/docker'].find((p) => fs.existsSync(p));
  if (!cli) return;
  const dir = path.join(r.outDir, 'cli');
  fs.mkdirSync(dir, { recursive: true });
  const host = `unix://${r.socket}`;
  const cmds: Array<[string, string[]]> = [
    ['version', ['version']],
    ['info', ['info']],
    ['run-exit3', ['run', '--rm', '--name', 'golden-cli-run', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']],
    ['run-unknown-executable', ['run', '--rm', 'busybox', '/nonexistent']],
    ['run-unknown-image', ['run', '--rm', 'nosuchimage']],
    ['inspect-not-found', ['inspect', 'nosuch']],
    ['rm-not-found', ['rm', 'nosuch']],
    ['start-not-found', ['start', 'nosuch']],
    ['network-rm-host', ['network', 'rm', 'host']],
    ['volume-rm-not-found', ['volume', 'rm', 'nosuch']],
    ['image-rm-not-found', ['rmi', 'nosuch']],
    ['swarm-services-no-swarm', ['service', 'ls']],
    ['ps-a', ['ps', '-a']],
    ['images', ['images']],
    ['tag-bad', ['tag', 'busybox', 'Bad:Tag:X']],
  ];
  for (const [name, argv] of cmds) {
    const res = spawnSync(cli, ['-H', host, ...argv], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DOCKER_CLI_EXPERIMENTAL: 'disabled', DOCKER_CONFIG: '/tmp/golden-docker-config' } });
    const out = redact({ cli: '/usr/bin/docker (docker.io 20.10)', argv: ['docker', ...argv], exitCode: res.status, stdout: res.stdout, stderr: res.stderr });
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(out, null, 2) + '\n');
    r.count++;
    r.counts.cli = (r.counts.cli ?? 0) + 1;
    console.log(`cli ${name}: exit ${res.status}`);
  }
}
