/** System tag: /_ping, /version, /info, /system/df, /auth, /events. */
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { eventMatches, EVENT_FILTER_KEYS } from '../engine/event-filter.js';
import type { DockerEvent } from '../engine/events.js';
import { Filters } from '../engine/filters.js';
import { invalidParameter } from '../engine/errors.js';
import { systemInfo, versionReport } from '../engine/system.js';
import { diskUsage } from '../engine/disk-usage.js';
import { respond, sendJson, toResponse, type ApiEnv, type PlainAnswer } from './context.js';
import { SERVER_HEADER } from './headers.js';
import { boolParam, readJsonObject } from './request.js';
import { addedIn, changedIn, defineShape, removedIn, shape } from './shaping.js';
import { jsonLine, streamResponse } from './streaming.js';
import { MAX_API_VERSION } from './versions.js';

defineShape('SystemInfo', [
  removedIn('1.52', 'KernelMemoryTCP', () => true),
  addedIn('1.53', 'NRI'),
  addedIn('1.50', 'DiscoveredDevices'),
  addedIn('1.49', 'FirewallBackend'),
  addedIn('1.46', 'Containerd'),
  addedIn('1.44', 'CDISpecDirs'),
  addedIn('1.44', 'Runtimes.*.status'),
  addedIn('1.41', 'CgroupVersion', 'DefaultAddressPools', 'OSVersion'),
  addedIn('1.40', 'Warnings', 'ProductLicense'),
]);

defineShape('SystemDataUsage', [
  // 1.52 sent both the per-type usage and the legacy lists; older versions only the lists.
  changedIn('1.53', (b) => ({
    LayersSize: b.ImageUsage?.TotalSize ?? 0,
    Images: b.ImageUsage?.Items ?? [],
    Containers: b.ContainerUsage?.Items ?? [],
    Volumes: b.VolumeUsage?.Items ?? [],
    BuildCache: b.BuildCacheUsage?.Items ?? [],
    ...b,
  })),
  changedIn('1.52', ({ ImageUsage, ContainerUsage, VolumeUsage, BuildCacheUsage, ...legacy }) => legacy),
  // df lists images as ImageSummary (VirtualSize until 1.44) and containers as ContainerSummary
  removedIn('1.44', 'Images[].VirtualSize', (image) => image.Size),
  addedIn('1.52', 'Containers[].Health'),
  addedIn('1.48', 'Containers[].ImageManifestDescriptor', 'Containers[].NetworkSettings.Networks.*.GwPriority'),
  addedIn('1.44', 'Containers[].NetworkSettings.Networks.*.DNSNames'),
]);

defineShape('SystemVersion', [addedIn('1.35', 'Components', 'Platform')]);

defineShape('EventMessage', [
  // Before 1.52 dockerd also sent status/id/from for container and image events.
  removedIn('1.52', 'status', (ev) => (legacyEvent(ev) ? ev.Action : undefined)),
  removedIn('1.52', 'id', (ev) => (legacyEvent(ev) ? ev.Actor.ID : undefined)),
  removedIn('1.52', 'from', (ev) => (ev.Type === 'container' ? ev.Actor.Attributes.image : undefined)),
]);

const legacyEvent = (ev: DockerEvent) => ev.Type === 'container' || ev.Type === 'image';

export interface SystemRouteOptions {
  minApiVersion: string;
}

export function systemRoutes(engine: Engine, options: SystemRouteOptions): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();

  r.get('/_ping', () => toResponse(pingAnswer(engine, 'GET')));
  r.on('HEAD', '/_ping', () => toResponse(pingAnswer(engine, 'HEAD')));

  r.get('/version', (c) =>
    respond(c, 'SystemVersion', versionReport(engine, { apiVersion: MAX_API_VERSION, minApiVersion: options.minApiVersion })),
  );

  r.get('/info', (c) => respond(c, 'SystemInfo', systemInfo(engine, engine.events.listenerCount())));

  r.get('/system/df', (c) => {
    const body: Record<string, { Items?: unknown[] }> = diskUsage(engine, c.req.queries('type'));
    const shaped = shape('SystemDataUsage', body, c.get('apiVersion'));
    if (!boolParam(c, 'verbose')) for (const part of Object.values(shaped)) if (part && typeof part === 'object' && !Array.isArray(part)) delete part.Items;
    return sendJson(c, shaped);
  });

  r.post('/auth', async (c) => {
    const creds = await readJsonObject(c, { goType: 'registry.AuthConfig' });
    const { identityToken } = engine.registries.login(creds);
    return sendJson(c, { IdentityToken: identityToken, Status: 'Login Succeeded' });
  });

  r.get('/events', (c) => {
    const filters = Filters.parse(c.req.query('filters'), EVENT_FILTER_KEYS);
    const since = parseTimestamp(c.req.query('since'), 'since');
    const until = parseTimestamp(c.req.query('until'), 'until');
    if (since !== undefined && until !== undefined && since > until) {
      const secs = (n: bigint) => String(n / 1_000_000_000n);
      throw invalidParameter(`\`since\` time (${secs(since)}) cannot be after \`until\` time (${secs(until)})`);
    }
    const version = c.get('apiVersion');
    const contentType = c.req.header('accept')?.includes('application/x-ndjson') ? 'application/x-ndjson' : 'application/json';
    return streamResponse(contentType, (sink) => {
      const send = (ev: DockerEvent) => {
        if (eventMatches(filters, ev)) sink.write(jsonLine(wireEvent(ev, version)));
      };
      const now = engine.clock.nowNanos();
      if (since !== undefined) {
        for (const ev of engine.events.history()) {
          if (ev.timeNano >= since && (until === undefined || ev.timeNano <= until)) send(ev);
        }
      }
      if (until !== undefined && until <= now) return sink.end();
      const unsubscribe = engine.events.subscribe((ev) => {
        if (until !== undefined && ev.timeNano > until) return sink.end();
        send(ev);
      });
      const timer = until === undefined ? undefined : engine.clock.setTimer(Number((until - now) / 1_000_000n) + 1, () => sink.end());
      return () => {
        unsubscribe();
        timer?.cancel();
      };
    });
  });

  return r;
}

/** /_ping's answer as plain data, so the transport's fast path can serve it without Hono. */
export function pingAnswer(engine: Engine, method: 'GET' | 'HEAD'): PlainAnswer {
  const swarm = engine.swarmState();
  const key = `${method} ${swarm}`;
  let answer = pingAnswers.get(key);
  if (!answer) pingAnswers.set(key, (answer = buildPingAnswer(swarm, method)));
  return answer;
}

const pingAnswers = new Map<string, PlainAnswer>();

function buildPingAnswer(swarm: string, method: 'GET' | 'HEAD'): PlainAnswer {
  return {
    status: 200,
    headers: {
      'Api-Version': MAX_API_VERSION,
      'Builder-Version': '1',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      'Content-Type': 'text/plain; charset=utf-8',
      'Docker-Experimental': 'false',
      Ostype: 'linux',
      Pragma: 'no-cache',
      Server: SERVER_HEADER,
      Swarm: swarm,
      ...(method === 'HEAD' ? { 'Content-Length': '0' } : {}),
    },
    body: method === 'HEAD' ? '' : 'OK',
  };
}

function wireEvent(ev: DockerEvent, version: string) {
  const { node: _node, ...wire } = ev;
  return shapeEvent(wire as DockerEvent, version);
}

function shapeEvent(ev: DockerEvent, version: string) {
  return shape('EventMessage', { ...ev, Actor: { ...ev.Actor, Attributes: { ...ev.Actor.Attributes } } }, version);
}

/** since/until as the CLI sends them: "seconds[.nanoseconds]", or an RFC 3339 date. */
function parseTimestamp(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (m) return BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '0').padEnd(9, '0'));
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidParameter(`failed to parse value of ${name}: ${value}`);
  return BigInt(ms) * 1_000_000n;
}
