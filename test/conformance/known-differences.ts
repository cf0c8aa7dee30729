/**
 * Every known difference between mockerd and the dockerd 20.10 golden exchanges,
 * with its reason. test/conformance/golden.test.ts fails on any difference not
 * matched here; scripts/golden-differences.ts prints this table for the README.
 */
import type { Diff, DiffKind } from './compare.js';

export type Category =
  /** dockerd 20.10 did it this way; newer dockerd (and mockerd, which follows the current API) does not */
  | 'dockerd-20.10'
  /** 20.10's maximum API was 1.41; mockerd serves up to the newest */
  | 'api-version'
  /** a property of the recording machine, not of dockerd */
  | 'environment'
  /** inherent to a simulated daemon (no kernel, no real images) */
  | 'simulation'
  /** the area is being built (see the issue); delete the entry when it lands */
  | 'not-built'
  /** a mockerd gap, open */
  | 'open';

export interface KnownDifference {
  /** glob(s) over `tag/name` (`*` = any characters) */
  match: string | string[];
  kind: DiffKind | '*';
  /** the difference's detail must match (omit: any detail of that kind) */
  detail?: RegExp;
  /** what differs, for the README */
  what: string;
  reason: string;
  category: Category;
  issue?: number;
  /** timing-dependent: the difference may not show in every run (exempt from the stale-entry check) */
  sometimes?: boolean;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  // ---- dockerd 20.10 behaviour that current dockerd changed (mockerd follows current dockerd)
  {
    match: '*',
    kind: 'message',
    detail: /^"invalid filter '(.*)'", dockerd "Invalid filter '\1'"$/,
    what: "`Invalid filter 'x'` is `invalid filter 'x'`",
    reason: "20.10's `Invalid filter` became `invalid filter` in current dockerd",
    category: 'dockerd-20.10',
  },
  {
    match: '*',
    kind: 'message',
    detail: /^"invalid filter '(\w+)=\[?([^\]']*)\]?'", dockerd "Invalid filter '\1=\[?\2\]?'"$/,
    what: "`Invalid filter 'dangling=[maybe]'` is `invalid filter 'dangling=maybe'`",
    reason: 'current dockerd words and formats the value differently',
    category: 'dockerd-20.10',
  },
  {
    match: ['containers/logs-no-stream-selected', 'services/logs-no-stream-selected'],
    kind: 'message',
    detail: /^"must specify at least one of 'stdout' or 'stderr'", dockerd "Bad parameters: you must choose at least one stream"$/,
    what: "logs without stdout or stderr: `must specify at least one of 'stdout' or 'stderr'`",
    reason: 'current dockerd (container and swarm log routers) words it so, and answers 400 for service/task logs too',
    category: 'dockerd-20.10',
  },
  {
    match: 'networks/create-overlapping-subnet',
    kind: 'message',
    detail: /^"invalid pool request: Pool overlaps with other one on this address space", dockerd "Pool overlaps with other one on this address space"$/,
    what: '`Pool overlaps with other one on this address space` starts with `invalid pool request: `',
    reason: "current dockerd's default IPAM (libnetwork/ipams/defaultipam) wraps the overlap error in `invalid pool request`",
    category: 'dockerd-20.10',
  },
  {
    match: '*',
    kind: 'status',
    detail: /^400, dockerd 500$/,
    what: 'malformed input (JSON bodies, filters, integers, times) is 400, not 500',
    reason: 'dockerd 20.10 let Go parse errors through as 500; current dockerd (and the issue) answer 400 (errdefs.InvalidParameter)',
    category: 'dockerd-20.10',
  },
  {
    match: '*',
    kind: 'message',
    detail: /^"invalid JSON: (.*)", dockerd "(.*)"$/,
    what: 'malformed JSON bodies: `invalid JSON: <Go decoder error>`',
    reason: "current dockerd prefixes JSON decoding errors with `invalid JSON: `; the decoder's own wording is approximated",
    category: 'dockerd-20.10',
  },
  {
    match: '*',
    kind: 'message',
    detail: /^"unsupported Content-Type header \((.*)\): must be 'application\/json'", dockerd "Content-Type specified \(\1\) must be 'application\/json'"$/,
    what: 'JSON body without JSON Content-Type: `unsupported Content-Type header (...)`',
    reason: 'wording of current dockerd (httputils.CheckForJSON)',
    category: 'dockerd-20.10',
  },
  {
    match: ['containers/start-*', 'exec/start-*'],
    kind: 'message',
    detail: /^"failed to create task for container: failed to create shim task: OCI runtime create failed/,
    what: 'start of a missing executable: `failed to create task for container: ...` (containerd 1.7 / runc 1.2 wording)',
    reason: 'current dockerd wraps the runtime error once more; 20.10 (containerd 1.6, runc 1.1) did not',
    category: 'dockerd-20.10',
  },
  {
    match: ['containers/logs-*', 'streams/logs-*', 'services/logs', 'tasks/logs'],
    kind: 'content-type',
    detail: /^application\/vnd\.docker\.raw-stream, dockerd \(none\)$/,
    what: 'container, service and task logs answer with `Content-Type: application/vnd.docker.raw-stream`',
    reason: '20.10 sent no Content-Type on logs; current dockerd sends raw-stream (multiplexed-stream for non-TTY on API >= 1.42)',
    category: 'dockerd-20.10',
  },
  {
    match: ['containers/logs-tty', 'streams/logs-after-attach-upgrade-tty*'],
    kind: 'encoding',
    detail: /^stream, dockerd text$/,
    what: 'TTY logs decoded as a raw stream (follows from the Content-Type above)',
    reason: 'same bytes; the recorder decodes a raw-stream body as a stream and an untyped one as text',
    category: 'dockerd-20.10',
  },
  {
    match: 'containers/wait-invalid-condition',
    kind: '*',
    what: '`wait?condition=bogus` is 400',
    reason: '20.10 did not validate the condition; current dockerd answers 400 `invalid condition`',
    category: 'dockerd-20.10',
  },
  // ---- API versions
  {
    match: ['system/version-v1.42-too-new', 'streams/attach-v1.42-too-new'],
    kind: '*',
    what: '`/v1.42/...` is served',
    reason: "API 1.41 was 20.10's maximum; mockerd serves up to the newest spec version",
    category: 'api-version',
  },
  // ---- the recording machine
  {
    match: '*',
    kind: '*',
    detail: /lookup registry-1\.docker\.io on <dns>:53: no such host|lookup index\.docker\.io on <dns>:53: no such host|dial tcp 127\.0\.0\.1:5999: connect: connection refused/,
    what: 'registry calls: mockerd answers from its simulated registries',
    reason: 'the recording machine had no network (every registry call failed with a DNS error); mockerd simulates Docker Hub',
    category: 'environment',
  },
  {
    match: ['containers/*', 'exec/*', 'streams/*', 'volumes/*', 'networks/*', 'images/*', 'build/*'],
    kind: 'shape',
    detail: /^\.GraphDriver\.Data: object, dockerd null$/,
    what: '`GraphDriver.Data` is an object (overlay2 layout)',
    reason: 'the recording daemon used the vfs storage driver (Data null); mockerd reports overlay2',
    category: 'environment',
  },
  {
    match: ['containers/*', 'exec/*', 'streams/*', 'volumes/*', 'networks/*', 'images/*', 'build/*'],
    kind: 'shape',
    detail: /^\.Config\.Env: array, dockerd null$/,
    what: '`Config.Env` holds the image PATH',
    reason: 'the recorded busybox was imported from a bare rootfs without ENV; mockerd\'s busybox image has PATH like the Hub image',
    category: 'environment',
  },
  // ---- more dockerd 20.10 behaviour that changed
  {
    match: 'system/version-v1.12-min',
    kind: '*',
    what: '`/v1.12/version` is refused (too old)',
    reason: "20.10's minimum API was 1.12; current dockerd's (and mockerd's) is 1.24",
    category: 'dockerd-20.10',
  },
  {
    match: ['system/info*'],
    kind: 'shape',
    detail: /^\.(KernelMemory|BridgeNfIptables|BridgeNfIp6tables|ExecutionDriver|RegistryConfig\.AllowNondistributableArtifacts\w+|(Containerd|Runc|Init)Commit\.Expected|Runtimes\.io\.containerd\.runtime\.v1\.linux): missing|^\.DefaultAddressPools: extra/,
    what: '`/info` without the fields current dockerd dropped (KernelMemory, BridgeNf*, *Commit.Expected, AllowNondistributableArtifacts*, the v1 runtime), with DefaultAddressPools',
    reason: 'mockerd reports the /info of current dockerd at every API version; clients ignore absent fields',
    category: 'dockerd-20.10',
  },
  {
    match: ['*'],
    kind: 'shape',
    detail: /^event container:die( \([^)]*\))? \.Actor\.Attributes\.execDuration: extra/,
    what: '`die` events carry `execDuration`',
    reason: 'added to die events after 20.10',
    category: 'dockerd-20.10',
  },
  // ---- the recording machine (more)
  {
    match: ['system/info*'],
    kind: 'shape',
    detail: /^\.(DriverStatus|Warnings): array, dockerd null$/,
    what: '`/info` DriverStatus and Warnings are arrays',
    reason: 'vfs has no driver status and the recording host had no warnings (null); mockerd reports overlay2 status',
    category: 'environment',
  },
  {
    match: ['containers/stats-*'],
    kind: 'shape',
    detail: /^\.(memory_stats|blkio_stats|cpu_stats|precpu_stats)\.|^\.networks: extra|^\.os_type: extra/,
    what: 'stats in the cgroup v2 layout, with `networks` and `os_type`',
    reason: 'the recording host used cgroup v1 (other memory_stats keys, blkio arrays) and no network (no `networks`); mockerd reports a cgroup v2 host',
    category: 'environment',
  },
  {
    match: ['system/system-df', 'system/df-*'],
    kind: 'shape',
    detail: /^\.Images\[\]\.(Labels|RepoDigests): (object|array), dockerd null$/,
    what: 'system df images have labels and repo digests',
    reason: 'the recorded busybox was imported (no digest, no labels); mockerd\'s images come from a simulated registry',
    category: 'environment',
  },
  {
    match: ['system/auth-bad-credentials'],
    kind: 'status',
    detail: /^401, dockerd 500$/,
    what: 'bad credentials: 401 `unauthorized: incorrect username or password`',
    reason: 'the recording machine had no network (DNS error, 500); mockerd checks the credentials against its simulated Hub',
    category: 'environment',
  },
  {
    match: ['containers/export-exited'],
    kind: 'tar',
    what: 'export lists a different root file system',
    reason: 'the recorded busybox was a bare rootfs built from busybox-static; mockerd\'s busybox image has the Hub image\'s layout',
    category: 'environment',
  },
  // ---- inherent to the comparison / to a simulated daemon
  {
    match: ['containers/events-*', 'system/events-*', 'streams/events-*'],
    kind: 'lines',
    detail: /^events /,
    what: 'event windows hold other events',
    reason: '`since`/`until` are whole seconds: mockerd finishes the previous steps of a section within the same second, so their events fall into the window (and dockerd\'s slower steps did not)',
    category: 'simulation',
    sometimes: true,
  },
  {
    match: ['system/events-*'],
    kind: 'shape',
    detail: /^event container:(start|create|die)( \([^)]*\))? \.Actor\.Attributes\.golden: (extra|missing)/,
    what: 'the first `create`/`start`/`die` in the window is another container (other labels)',
    reason: 'same cause: whole-second event windows',
    category: 'simulation',
    sometimes: true,
  },
  {
    match: ['containers/list-default', 'containers/list-size'],
    kind: 'shape',
    detail: /^\[\]\.(Labels\.golden\.role|SizeRw): extra/,
    what: 'the first container of the list is another one',
    reason: 'arrays are compared by their first element; the order of containers created in the same second differs',
    category: 'simulation',
    sometimes: true,
  },
  {
    match: 'session/grpc-upgrade-h2c',
    kind: 'frames',
    what: "after `/grpc`'s h2c switch the first HTTP/2 SETTINGS frame has grpc-go's values in ID order",
    reason: "Node's HTTP/2 (nghttp2) writes settings in ID order, Go's http2 server in its own; the values are the same",
    category: 'simulation',
  },
  // ---- open gaps in finished areas (containers: issue 3, foundation: issue 2)
  {
    match: ['containers/*', 'exec/*', 'streams/*', 'volumes/*', 'networks/*', 'images/*', 'build/*'],
    kind: 'shape',
    detail: /^\.HostConfig\.(Ulimits|Dns|DnsOptions|DnsSearch|Devices|BlkioWeightDevice|BlkioDevice\w+): array, dockerd null$|^\.HostConfig\.PortBindings: object, dockerd null$|^\.HostConfig\.OomKillDisable: null, dockerd boolean$|^\.Config\.NetworkDisabled: missing|^\.HostConfig\.Runtime: extra|^\.HostConfig\.RestartPolicy\.MaximumRetryCount: missing|^\.Config\.Healthcheck\.StartPeriod: extra/,
    what: 'container inspect: unset HostConfig lists are `[]` (dockerd: `null`), `OomKillDisable` null (20.10 on cgroup v1: false), no `Config.NetworkDisabled`, `HostConfig.Runtime` always set, defaults filled in RestartPolicy/Healthcheck',
    reason: 'mockerd normalises the create request where dockerd stores what the client sent; Go and Python clients read both alike',
    category: 'open',
    issue: 3,
  },
  {
    match: ['containers/archive-head-*'],
    kind: '*',
    detail: /^application\/x-tar, dockerd \(none\)$|^tar, dockerd empty$/,
    what: '`HEAD /containers/{id}/archive` has `Content-Type: application/x-tar`',
    reason: 'dockerd sets only X-Docker-Container-Path-Stat on HEAD',
    category: 'open',
    issue: 5,
  },
  {
    match: ['containers/archive-get-dir-dot', 'containers/archive-put-dir-over-file', 'containers/export-exited'],
    kind: '*',
    what: 'archive `path=/dir/.` omits the `./` entry; the dir-over-file error names the file twice; export is `application/x-tar` (dockerd: octet-stream)',
    reason: 'container file systems are being finished',
    category: 'open',
    issue: 5,
  },
  {
    match: ['containers/create-empty-body', 'containers/create-platform-query', 'containers/create-unknown-network', 'containers/create-workdir-is-file', 'containers/start-not-executable', 'containers/update-empty-body', 'containers/rename-invalid', 'containers/kill-invalid-signal-number', 'containers/list-filter-before-unknown', 'containers/list-filter-invalid-isolation', 'containers/list-filter-exited-bad', 'containers/list-filter-notjson', 'containers/prune-filter-until-bad', 'containers/stats-stream-first', 'containers/events-containers-section*'],
    kind: '*',
    what: 'create: empty body and bad platform texts, NetworkMode checked at create, a file as WorkingDir accepted; start of a non-executable file succeeds; update with no body accepted; rename/kill/filter error texts; stats stream Content-Type; no `top`/`resize` events',
    reason: 'not yet checked against current dockerd; some may be 20.10-only behaviour',
    category: 'open',
    issue: 3,
  },
  {
    match: ['system/info-v1.24', 'system/version-v1-41', 'system/version-v1.11-too-old', 'system/version-v1.24', 'system/system-df', 'system/df-v1.41-type', 'system/auth-empty-body', 'system/events-filters-notjson', 'system/events-since-bad', 'system/events-filters-unknown-key', 'system/events-filters-old-map-format'],
    kind: '*',
    what: 'too-old versions answer JSON (dockerd text/plain), `/v1.24/version` and `/v1.24/info` lack fields 20.10 still sent, df lacks BuilderSize/VirtualSize at 1.41, events filter/time error texts, unknown event filter keys refused',
    reason: 'foundation details not yet matched',
    category: 'open',
    issue: 2,
  },
  // ---- streams and exec (issue 4)
  {
    match: ['exec/start-again'],
    kind: 'message',
    detail: /^"exec command <id> has already run", dockerd "Error: Exec command <id> has already run"$/,
    what: 'starting a finished exec: `exec command <id> has already run`',
    reason: 'current dockerd dropped the `Error: ` prefix and lower-cased the text',
    category: 'dockerd-20.10',
  },
  {
    match: ['exec/resize-bad-height'],
    kind: 'message',
    detail: /^"invalid resize height \\"abc\\": strconv\.ParseUint: parsing \\"abc\\": invalid syntax", dockerd "strconv\.Atoi: /,
    what: 'exec resize with a non-numeric height: `invalid resize height "abc": strconv.ParseUint: ...`',
    reason: 'current dockerd parses h/w with httputils.Uint32Value and wraps the error; 20.10 used strconv.Atoi unwrapped',
    category: 'dockerd-20.10',
  },
  {
    match: ['exec/start-*', 'streams/attach-ws-not-found', 'streams/events-raw-socket', 'streams/logs-running-raw-socket'],
    kind: 'head',
    detail: /^HTTP\/1\.1 \d+ [^[]*\[[^\]]*\], dockerd HTTP\/1\.1 \d+ [^[]*\[[^\]]*docker-experimental[^\]]*\]$/,
    what: 'answers read raw: no `Docker-Experimental` header (mockerd sends it on `/_ping` only); node adds `Connection`/`Keep-Alive` where Go sends none',
    reason: 'header names of raw-read answers not yet matched; clients do not read these headers',
    category: 'open',
    issue: 4,
  },
  {
    match: ['exec/start-not-found-upgrade', 'streams/attach-ws-not-found', 'streams/attach-ws'],
    kind: 'ending',
    what: 'connection handling after a hijack request fails (dockerd keeps the keep-alive connection open; mockerd closes it) and after a websocket attach ends (mockerd keeps it open)',
    reason: 'connection lifetime of upgrade/websocket requests not yet matched',
    category: 'open',
    issue: 4,
  },
  {
    match: ['streams/attach-ws-plain-get', 'streams/attach-detach-keys-ctrl-p-ctrl-q'],
    kind: '*',
    what: 'websocket attach without an Upgrade answers `text/plain` (dockerd: no Content-Type); detaching with ctrl-p ctrl-q leaves output on the stream (dockerd: empty)',
    reason: 'not yet matched',
    category: 'open',
    issue: 4,
  },
  // ---- images and builds (issue 5)
  {
    match: ['images/get-busybox', 'images/get-multiple'],
    kind: 'tar',
    what: '`docker save` writes the OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/...`) besides `manifest.json`/`repositories`',
    reason: 'dockerd 25 switched image save to the OCI layout; 20.10 wrote the legacy `<id>/layer.tar` layout',
    category: 'dockerd-20.10',
  },
  {
    match: ['images/inspect-not-found*', 'images/inspect-invalid-ref'],
    kind: 'message',
    detail: /^"(No such image: [^"]*|invalid reference format: [^"]*)", dockerd "no such image: .*: \1"$/,
    what: 'image inspect errors are `No such image: x:tag` / `invalid reference format: ...`, without 20.10\'s `no such image: x: ` prefix',
    reason: "20.10 wrapped the error twice; current dockerd does not",
    category: 'dockerd-20.10',
  },
  {
    match: ['images/create-bad-registry-auth', 'images/create-from-image-docker-hub', 'images/create-from-unknown-image'],
    kind: 'status',
    detail: /^404, dockerd 500$/,
    what: 'pulls of unknown images answer 404 from the simulated registry',
    reason: 'the recording machine had no network: every pull failed with a DNS error (500)',
    category: 'environment',
  },
  {
    match: ['images/search', 'images/search-no-term', 'distribution/inspect-no-network'],
    kind: '*',
    what: 'search and distribution inspect answer from the simulated Hub',
    reason: 'the recording machine had no network: both failed with a DNS error (500)',
    category: 'environment',
  },
  {
    match: ['images/list', 'images/list-all-digests', 'images/list-filter-param-v1.24', 'images/list-filter-reference', 'images/list-v1.24', 'images/system-df-after-images'],
    kind: 'shape',
    detail: /^(\[\]|\.Images\[\])\.(RepoDigests|Labels): (array|object), dockerd null$/,
    what: 'images have repo digests and labels',
    reason: "the recorded busybox/alpine were imported from a rootfs (no digest, no labels); mockerd's images come from a simulated registry",
    category: 'environment',
  },
  {
    match: ['images/inspect-committed'],
    kind: 'shape',
    detail: /^\.ContainerConfig\.Env: array, dockerd null$/,
    what: 'a committed image\'s `ContainerConfig.Env` holds the image PATH',
    reason: 'the recorded busybox had no ENV (imported rootfs)',
    category: 'environment',
  },
  {
    match: ['images/inspect-committed', 'build/inspect-built-image'],
    kind: 'shape',
    detail: /^\.ContainerConfig\.(NetworkDisabled: missing|(Env|Cmd): null, dockerd array|Labels: null, dockerd object)/,
    what: '`ContainerConfig` of committed/built images: no `NetworkDisabled`; after a classic build Env/Cmd/Labels are null',
    reason: "the image's ContainerConfig is not yet filled like dockerd's",
    category: 'open',
    issue: 5,
  },
  {
    match: ['images/prune-dangling', 'build/build-prune'],
    kind: 'shape',
    detail: /^\.(ImagesDeleted|CachesDeleted): null, dockerd array$/,
    what: 'prune with nothing deleted answers `null` lists (dockerd 20.10: `[]`)',
    reason: 'not yet checked against current dockerd',
    category: 'open',
    issue: 5,
  },
  {
    match: ['images/system-df-after-images'],
    kind: 'shape',
    detail: /^\.Containers\[\]\.SizeRw: extra|^\.BuilderSize: missing/,
    what: 'df at 1.41: containers carry SizeRw, no BuilderSize',
    reason: 'foundation details not yet matched (as for system/system-df)',
    category: 'open',
    issue: 2,
  },
  {
    match: ['build/build-buildkit-version-2'],
    kind: '*',
    what: '`version=2` (BuildKit) without a session is refused with 400',
    reason: 'dockerd 20.10 answered 200 and streamed the error; BuildKit builds are not simulated',
    category: 'open',
    issue: 5,
  },
  // ---- networks (issue 6)
  {
    match: ['networks/create-dup-name-no-checkduplicate', 'networks/inspect-by-name-ambiguous', 'networks/remove-by-name-ambiguous'],
    kind: '*',
    what: 'a duplicate network name is refused (409) even without CheckDuplicate, so there is no ambiguous name to inspect or remove',
    reason: 'dockerd 25 (API 1.44) always checks for duplicate names and ignores CheckDuplicate; 20.10 created the duplicate at API 1.41',
    category: 'dockerd-20.10',
  },
  {
    match: ['networks/remove-dup-by-id'],
    kind: 'missing',
    detail: /^not sendable: /,
    what: 'not sent: there is no duplicate network to remove by ID (the replay re-creates golden-net1 and sends the later requests for its old ID to the new one, see replayer.ts)',
    reason: 'same change: current dockerd refuses the duplicate network name',
    category: 'dockerd-20.10',
  },
  {
    match: ['networks/connect-bad-ip', 'networks/create-gateway-outside-subnet', 'networks/create-invalid-subnet'],
    kind: 'message',
    detail: /^"invalid (endpoint settings|network config):\\n/,
    what: 'network config and endpoint settings errors: `invalid network config:\\n...` / `invalid endpoint settings:\\n...`',
    reason: 'current dockerd validates the request first and joins the errors under this heading; 20.10 failed later in libnetwork/IPAM with other texts',
    category: 'dockerd-20.10',
  },
  {
    match: ['networks/create-ok', 'networks/inspect-by-prefix', 'networks/inspect-created', 'networks/inspect-by-name', 'networks/inspect-with-endpoint', 'networks/remove-with-active-endpoints', 'networks/remove-ok', 'networks/disconnect-force-not-found-container', 'networks/list', 'networks/list-after-prune'],
    kind: '*',
    what: 'golden-net1 is created (dockerd: 409), has no endpoint, and is removed by remove-with-active-endpoints; later texts name it as missing',
    reason: "the recording daemon still had golden-net1 from an earlier run with a stale endpoint that cleanup could not remove: create-ok failed (the section then used the name `golden` as ID prefix), inspect listed the stale endpoint and both removes failed with 403; it also came first in the lists",
    category: 'environment',
  },
  {
    match: ['networks/inspect-bridge-absent', 'networks/list-filter-type-builtin', 'networks/swarm-list'],
    kind: '*',
    what: 'the default `bridge` network exists (and comes first in lists)',
    reason: 'the recording daemon ran with --bridge=none (no `bridge`; its lists started with host/ingress, whose Options, Labels and Containers differ)',
    category: 'environment',
  },
  {
    match: ['networks/connect-host-network', 'networks/create-no-name', 'networks/create-overlay-no-swarm'],
    kind: '*',
    what: 'connecting to `host`, a create without a name: other texts; an overlay network outside a swarm is 403 (dockerd 500)',
    reason: 'not yet checked against current dockerd',
    category: 'open',
    issue: 6,
  },
  // ---- volumes (issue 6)
  {
    match: ['volumes/create-anonymous'],
    kind: 'shape',
    detail: /^\.Labels\.com\.docker\.volume\.anonymous: extra/,
    what: 'a volume created without a name has the `com.docker.volume.anonymous` label',
    reason: 'dockerd 23+ labels anonymous volumes (so that prune at API >= 1.42 removes only those)',
    category: 'dockerd-20.10',
  },
  {
    match: ['volumes/create-empty-body'],
    kind: '*',
    what: '`POST /volumes/create` with no body creates an anonymous volume',
    reason: 'current dockerd treats an empty JSON body as `{}` (httputils.ReadJSON); 20.10 answered 400 `got EOF while reading request body`',
    category: 'dockerd-20.10',
  },
  {
    match: ['volumes/prune-all-filter-1.41'],
    kind: '*',
    what: 'the `all` prune filter is accepted at API 1.41',
    reason: 'current dockerd knows the `all` filter at every version (it adds all=true itself below 1.42); 20.10 did not know it',
    category: 'dockerd-20.10',
  },
  {
    match: ['volumes/list-filter-dangling-false'],
    kind: 'shape',
    detail: /^\.Volumes\[\]\.Labels: null, dockerd object$/,
    what: 'the first volume of the list is another one',
    reason: 'arrays are compared by their first element; the order of volumes differs (dockerd lists them in map order)',
    category: 'simulation',
  },
  // ---- swarm (issue 7)
  {
    match: ['services/create-unknown-network'],
    kind: '*',
    what: 'a service on an unknown network is created (dockerd: `network nosuchnet not found`)',
    reason: 'service networks are not resolved at create',
    category: 'open',
    issue: 7,
  },
  {
    match: ['tasks/inspect', 'tasks/list*'],
    kind: 'shape',
    detail: /^(\[\])?\.Spec\.Runtime: extra/,
    what: 'task specs carry `Spec.Runtime`',
    reason: 'dockerd leaves it unset (omitempty) for container tasks',
    category: 'open',
    issue: 7,
  },
  // ---- areas being built: delete the entry when the area lands
  { match: ['plugins/*'], kind: '*', what: 'plugins', reason: 'feature not built yet: plugins', category: 'not-built', issue: 10 },
];

function globRe(g: string): RegExp {
  return new RegExp('^' + g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

const compiled = new Map<KnownDifference, RegExp[]>();
function matchers(k: KnownDifference): RegExp[] {
  let m = compiled.get(k);
  if (!m) {
    m = (Array.isArray(k.match) ? k.match : [k.match]).map(globRe);
    compiled.set(k, m);
  }
  return m;
}

export function findKnown(key: string, d: Diff, table: KnownDifference[] = KNOWN_DIFFERENCES): KnownDifference | undefined {
  return table.find((k) => (k.kind === '*' || k.kind === d.kind) && matchers(k).some((re) => re.test(key)) && (!k.detail || k.detail.test(d.detail)));
}

export interface Classified {
  known: Array<{ diff: Diff; entry: KnownDifference }>;
  unknown: Diff[];
}

export function classify(key: string, diffs: Diff[], table: KnownDifference[] = KNOWN_DIFFERENCES): Classified {
  const out: Classified = { known: [], unknown: [] };
  for (const d of diffs) {
    const e = findKnown(key, d, table);
    if (e) out.known.push({ diff: d, entry: e });
    else out.unknown.push(d);
  }
  return out;
}
