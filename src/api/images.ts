/** Image tag: list, inspect, attestations, history, tag, remove, prune, search, pull/import, push, save/load, commit. */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Engine } from '../engine/engine.js';
import { invalidParameter, systemError } from '../engine/errors.js';
import { Filters } from '../engine/filters.js';
import { orderContainerConfig } from '../engine/images/image-config.js';
import { inspectView, legacyInspectFields } from '../engine/images/views.js';
import { respond, sendJson, type ApiContext, type ApiEnv } from './context.js';
import { boolParam, readJsonObject, registryAuth } from './request.js';
import { addedIn, changedIn, defineShape, removedIn, shape } from './shaping.js';
import { progressStream } from './progress.js';
import { decodePlatform } from './platform-param.js';
import { commitRequest } from './commit-request.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LEGACY = '__legacy';

defineShape('ImageSummary', [
  changedIn('1.51', (b) => ({ ...b, Containers: -1 })),
  removedIn('1.44', 'VirtualSize', (p) => p.Size),
  changedIn('1.43', (b) => {
    if (!b.RepoTags.length && !b.RepoDigests.length) return { ...b, RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] };
    return { ...b, RepoTags: b.RepoTags.length ? b.RepoTags : null, RepoDigests: b.RepoDigests.length ? b.RepoDigests : null };
  }),
]);

const CONFIG_OMITTED_WHEN_EMPTY: [string, unknown][] = [
  ['User', ''], ['Env', null], ['Cmd', null], ['Volumes', null], ['WorkingDir', ''], ['Entrypoint', null], ['OnBuild', null], ['Labels', null],
];
const CONFIG_NON_IMAGE_FIELDS: [string, unknown][] = [
  ['Hostname', ''], ['Domainname', ''], ['AttachStdin', false], ['AttachStdout', false], ['AttachStderr', false], ['Tty', false],
  ['OpenStdin', false], ['StdinOnce', false], ['Image', ''],
];

defineShape('ImageInspect', [
  changedIn('1.52', (b) => {
    const legacy = b[LEGACY] ?? {};
    const config = { ...b.Config };
    for (const [k, v] of CONFIG_OMITTED_WHEN_EMPTY) if (!(k in config)) config[k] = v;
    const { Id, RepoTags, RepoDigests, ...rest } = b;
    return { Id, RepoTags, RepoDigests, Parent: legacy.Parent, Comment: legacy.Comment, Created: rest.Created, DockerVersion: legacy.DockerVersion, Author: legacy.Author, ...rest, Config: orderContainerConfig(config) };
  }),
  changedIn('1.50', (b) => {
    const config = { ...b.Config };
    for (const [k, v] of CONFIG_NON_IMAGE_FIELDS) if (!(k in config)) config[k] = v;
    return { ...b, Config: orderContainerConfig(config) };
  }),
  changedIn('1.45', (b) => {
    const legacy = b[LEGACY] ?? {};
    const out: Json = {};
    for (const [k, v] of Object.entries(b)) {
      out[k] = v;
      if (k === 'Created') {
        out.Container = legacy.Container;
        out.ContainerConfig = legacy.ContainerConfig ?? emptyContainerConfig();
      }
    }
    return out;
  }),
  removedIn('1.44', 'VirtualSize', (p) => p.Size),
  addedIn('1.48', 'Descriptor'),
]);

function emptyContainerConfig(): Json {
  return orderContainerConfig({ Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: '', Volumes: null, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null });
}

export function imageRoutes(engine: Engine): Hono<ApiEnv> {
  const r = new Hono<ApiEnv>();
  const images = engine.imageService;

  r.get('/images/json', (c) => {
    const version = c.get('apiVersion');
    let filters = Filters.parse(c.req.query('filters'));
    const legacyFilter = c.req.query('filter');
    if (legacyFilter && version <= '1.24') filters = Filters.parse(JSON.stringify({ ...filtersObject(c.req.query('filters')), reference: [legacyFilter] }));
    const list = images.list({ all: boolParam(c, 'all'), sharedSize: boolParam(c, 'shared-size'), filters });
    return sendJson(c, list.map((item) => shape('ImageSummary', item, version)));
  });

  r.get('/images/search', (c) => {
    const rawLimit = c.req.query('limit');
    if (rawLimit && !/^-?\d+$/.test(rawLimit)) throw systemError(`strconv.Atoi: parsing "${rawLimit}": invalid syntax`);
    const limit = rawLimit ? Number(rawLimit) : undefined;
    return sendJson(c, images.search(c.req.query('term') ?? '', { limit, filters: Filters.parse(c.req.query('filters')) }));
  });

  r.get('/images/get', (c) => tarResponse(images.save(c.req.queries('names') ?? [])));

  r.post('/images/load', async (c) => {
    const quiet = boolParam(c, 'quiet');
    const body = bodyStream(c);
    return progressStream(engine.clock, async (out) => {
      for (const line of await images.load(body)) out.write(quiet ? { stream: line + '\n' } : { stream: line + '\n' });
    });
  });

  r.post('/images/create', async (c) => {
    const fromImage = c.req.query('fromImage');
    const fromSrc = c.req.query('fromSrc');
    const platform = c.req.query('platform') || undefined;
    if (fromSrc !== undefined && !fromImage) {
      const job = await images.importTar({
        source: fromSrc,
        body: bodyStream(c),
        repo: c.req.query('repo') ?? '',
        tag: c.req.query('tag') ?? '',
        message: c.req.query('message') ?? '',
        changes: c.req.queries('changes') ?? [],
        platform,
      });
      return progressStream(engine.clock, async (out) => out.write({ status: job }));
    }
    const pull = images.preparePull(fromImage ?? '', c.req.query('tag') ?? '', platform, registryAuth(c));
    return progressStream(engine.clock, async (out, signal) => void (await pull.run(out, signal)));
  });

  r.get('/images/:name{.+}/json', (c) => {
    const img = images.inspectTarget(c.req.param('name'));
    const body = shape('ImageInspect', { ...inspectView(img), [LEGACY]: legacyInspectFields(img) }, c.get('apiVersion')) as Json;
    delete body[LEGACY];
    return sendJson(c, body);
  });

  // Only one platform for now, though the parameter is declared repeatable (moby getImageAttestations).
  r.get('/images/:name{.+}/attestations', (c) => {
    const platforms = c.req.queries('platform') ?? [];
    if (platforms.length > 1) throw invalidParameter('only one platform value is currently supported');
    if (platforms[0]) decodePlatform(platforms[0]);
    return sendJson(c, images.attestations(c.req.param('name')));
  });

  r.get('/images/:name{.+}/history', (c) => sendJson(c, images.history(c.req.param('name'))));

  r.get('/images/:name{.+}/get', (c) => tarResponse(images.save([c.req.param('name')])));

  r.post('/images/:name{.+}/tag', (c) => {
    images.tag(c.req.param('name'), c.req.query('repo'), c.req.query('tag'));
    return new Response(null, { status: 201 });
  });

  r.post('/images/:name{.+}/push', (c) => {
    if (!c.req.header('x-registry-auth')) throw invalidParameter('Bad parameters and missing X-Registry-Auth: EOF');
    const push = images.preparePush(c.req.param('name'), c.req.query('tag') ?? '', registryAuth(c));
    return progressStream(engine.clock, (out, signal) => push.run(out, signal));
  });

  r.delete('/images/:name{.+}', (c) => sendJson(c, images.remove(c.req.param('name'), { force: boolParam(c, 'force'), noprune: boolParam(c, 'noprune') })));

  r.post('/images/prune', (c) => sendJson(c, images.prune(Filters.parse(c.req.query('filters')))));

  r.post('/commit', async (c) => {
    const body = await readJsonObject(c, { goType: 'container.Config' });
    const id = images.commit(commitRequest(c, body));
    return sendJson(c, { Id: id }, 201);
  });

  return r;
}

function filtersObject(raw: string | undefined): Json {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return {};
  }
}

function bodyStream(c: ApiContext): Readable {
  const body = c.req.raw.body;
  return body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream) : Readable.from([]);
}

function tarResponse(tar: Readable): Response {
  return new Response(Readable.toWeb(tar) as ReadableStream, { headers: { 'Content-Type': 'application/x-tar' } });
}

export { respond };
