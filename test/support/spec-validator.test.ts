import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectSpecCompliant,
  findOperation,
  operations,
  specFor,
  SPEC_QUIRKS,
  validateResponse,
} from './spec.js';
import { examplesFor } from './spec/examples.js';
import { loadSwagger } from './spec/load.js';
import { withQuirks } from './spec/quirks.js';
import { readApiCalls, API_CALLS_DIR } from './spec/record.js';
import { stdcopyProblems, streamProblems } from './api-client.js';

// the harness's own checks must not count as API coverage (one test turns recording back on)
process.env.MOCKERD_API_CALLS = '0';

const VERSIONS = ['1.25', '1.41', '1.44', '1.50', '1.56'];

type Json = Record<string, unknown>;
const inspectAt = (version: string) => examplesFor(version).find((e) => e.name === 'ContainerInspect')!;
const clone = <T>(value: T): T => structuredClone(value);

describe('specFor', () => {
  it('loads each version once and maps 1.24 to 1.25 and newer versions to the newest', () => {
    expect(specFor('1.44')).toBe(specFor('v1.44'));
    expect(specFor('1.24')).toBe(specFor('1.25'));
    expect(specFor('1.99')).toBe(specFor('1.56'));
    expect(specFor('1.41').info?.version).toBe('1.41');
  });

  it('parses every swagger file, including the 1.25..1.38 ones go-yaml-style quoting breaks', () => {
    for (let minor = 25; minor <= 56; minor++) expect(Object.keys(specFor(`1.${minor}`).paths).length).toBeGreaterThan(50);
  });
});

describe('findOperation', () => {
  it('resolves a concrete versioned path with a query string to its template', () => {
    const found = findOperation('1.41', 'GET', '/v1.41/containers/abc123/json?size=1');
    expect(found).toMatchObject({ template: '/containers/{id}/json', method: 'GET', operationId: 'ContainerInspect', params: { id: 'abc123' } });
  });

  it('prefers literal segments and lets names contain slashes', () => {
    expect(findOperation('1.44', 'GET', '/images/json')?.operationId).toBe('ImageList');
    expect(findOperation('1.44', 'GET', '/images/library/busybox:latest/json')).toMatchObject({
      operationId: 'ImageInspect', params: { name: 'library/busybox:latest' },
    });
    expect(findOperation('1.44', 'HEAD', '/_ping')?.operationId).toBe('SystemPingHead');
  });

  it('is undefined for operations a version does not have', () => {
    expect(findOperation('1.41', 'PUT', '/v1.41/volumes/data')).toBeUndefined();
    expect(findOperation('1.42', 'PUT', '/v1.42/volumes/data')?.operationId).toBe('VolumeUpdate');
    expect(findOperation('1.29', 'GET', '/distribution/busybox/json')).toBeUndefined();
    expect(findOperation('1.41', 'PATCH', '/containers/json')).toBeUndefined();
  });
});

describe('validateResponse: hand-written dockerd-shaped bodies', () => {
  for (const version of VERSIONS) {
    for (const example of examplesFor(version)) {
      it(`${example.name} is valid at API ${version}`, () => {
        expect(validateResponse(version, example.method, example.path, example.status, example.body)).toEqual([]);
      });
    }
  }
});

describe('validateResponse: what it reports', () => {
  for (const version of VERSIONS) {
    it(`names an unknown field, a missing required field and a wrong type at API ${version}`, () => {
      const { method, path: url } = inspectAt(version);
      const unknown = clone(inspectAt(version).body) as Json;
      (unknown.State as Json).Bogus = 1;
      expect(validateResponse(version, method, url, 200, unknown)).toEqual([
        expect.stringMatching(/body\.State\.Bogus: unknown field/),
      ]);

      const wrongType = clone(inspectAt(version).body) as Json;
      (wrongType.State as Json).Running = 'yes';
      expect(validateResponse(version, method, url, 200, wrongType)).toEqual([
        expect.stringMatching(/body\.State\.Running: wrong type, expected boolean but got string "yes"/),
      ]);

      const images = examplesFor(version).find((e) => e.name === 'ImageList')!;
      const missing = clone(images.body) as Json[];
      delete missing[0]!.RepoTags;
      expect(validateResponse(version, 'GET', images.path, 200, missing)).toEqual([
        expect.stringMatching(/body\[0\]\.RepoTags: required field missing/),
      ]);
    });
  }

  it('checks error bodies against ErrorResponse, documented status or not', () => {
    expect(validateResponse('1.44', 'GET', '/containers/x/json', 404, { message: 'No such container: x' })).toEqual([]);
    expect(validateResponse('1.44', 'GET', '/containers/x/json', 404, { error: 'nope' })).toEqual([
      expect.stringMatching(/body\.message: required field missing/),
      expect.stringMatching(/body\.error: unknown field/),
    ]);
    expect(validateResponse('1.44', 'GET', '/version', 400, { message: 'bad' })).toEqual([]);
  });

  it('reports an operation that does not exist in the version, with the version it appeared in', () => {
    expect(validateResponse('1.41', 'PUT', '/v1.41/volumes/data', 200, {})).toEqual([
      'PUT /volumes/data (VolumeUpdate) is not an operation of API 1.41: it exists since API 1.42',
    ]);
    expect(validateResponse('1.29', 'GET', '/v1.29/distribution/busybox/json', 200, {})).toEqual([
      'GET /distribution/busybox/json (DistributionInspect) is not an operation of API 1.29: it exists since API 1.30',
    ]);
    expect(validateResponse('1.44', 'GET', '/nope', 404, { message: 'page not found' })[0]).toMatch(/not an operation of API 1.44 \(nor of the newest spec\)/);
  });

  it('reports an undocumented success status, and a body on 204', () => {
    expect(validateResponse('1.44', 'GET', '/version', 201, {})[0]).toMatch(/status 201 is not documented/);
    expect(validateResponse('1.44', 'POST', '/containers/x/start', 204, '')).toEqual([]);
    expect(validateResponse('1.44', 'POST', '/containers/x/start', 204, '{"x":1}')[0]).toMatch(/expected no body/);
  });

  it('accepts null for Go slices and maps, and for x-nullable fields, but not for plain scalars', () => {
    const volumes = { Volumes: null, Warnings: null };
    expect(validateResponse('1.44', 'GET', '/volumes', 200, volumes)).toEqual([]);
    const version = { ...(examplesFor('1.44').find((e) => e.name === 'SystemVersion')!.body as Json), Os: null };
    expect(validateResponse('1.44', 'GET', '/version', 200, version)[0]).toMatch(/body\.Os: wrong type, expected string but got null/);
  });

  it('skips non-JSON answers and checks JSON-lines streams line by line', () => {
    expect(validateResponse('1.44', 'GET', '/containers/x/export', 200, Buffer.from('tar'), { contentType: 'application/x-tar' })).toEqual([]);
    expect(validateResponse('1.44', 'GET', '/containers/x/logs', 200, '\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002hi')).toEqual([]);
    const event = { Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: {} }, scope: 'local', time: 1, timeNano: 1 };
    const stream = `${JSON.stringify(event)}\n${JSON.stringify({ ...event, Bogus: true })}\n`;
    expect(validateResponse('1.44', 'GET', '/events', 200, stream, { contentType: 'application/json' })).toEqual([
      expect.stringMatching(/line 2: body\.Bogus: unknown field/),
    ]);
    expect(validateResponse('1.44', 'GET', '/events?until=1', 200, '')).toEqual([]);
  });

  it('records the validated operations for the coverage report', () => {
    delete process.env.MOCKERD_API_CALLS;
    try {
      validateResponse('1.44', 'GET', '/v1.44/_ping', 200, 'OK', { contentType: 'text/plain' });
    } finally {
      process.env.MOCKERD_API_CALLS = '0';
    }
    expect(fs.existsSync(path.join(API_CALLS_DIR, `calls-${process.pid}.jsonl`))).toBe(true);
    expect(readApiCalls()).toContainEqual(expect.objectContaining({ operationId: 'SystemPing', version: '1.44', status: 200 }));
  });
});

describe('expectSpecCompliant', () => {
  it('passes a compliant supertest-like response and throws a readable list otherwise', () => {
    const example = inspectAt('1.44');
    const res = { status: 200, text: JSON.stringify(example.body), headers: { 'content-type': 'application/json' } };
    expect(() => expectSpecCompliant(res, { method: 'GET', path: example.path })).not.toThrow();
    const bad = { status: 200, body: { ...(example.body as Json), Extra: 1, Id: 5 } };
    expect(() => expectSpecCompliant(bad, { method: 'GET', path: '/v1.44/containers/web/json' })).toThrow(
      /GET \/v1.44\/containers\/web\/json -> 200 does not match engine-api-v1.44.yaml:\n {2}- .*body\.Extra: unknown field[\s\S]*\n {2}- .*body\.Id: wrong type, expected string but got integer 5\nbody:\n\{/,
    );
  });

  it('takes the version from the path prefix, else the newest', () => {
    expect(() => expectSpecCompliant({ status: 200, body: { Volumes: [], Warnings: [] } }, { method: 'GET', path: '/volumes' })).not.toThrow();
  });
});

describe('operations', () => {
  it('lists every operation of the newest spec, or those of a version', () => {
    const all = operations();
    expect(all.length).toBe(108);
    expect(all[0]).toEqual({ method: 'GET', path: '/containers/json', operationId: 'ContainerList', tag: 'Container', since: '1.25' });
    expect(operations('1.41').some((op) => op.operationId === 'VolumeUpdate')).toBe(false);
    expect(operations('1.42').some((op) => op.operationId === 'VolumeUpdate')).toBe(true);
  });
});

describe('spec quirks', () => {
  it('every quirk applies cleanly to every version of its range', () => {
    for (let minor = 25; minor <= 56; minor++) {
      for (const quirk of SPEC_QUIRKS) expect(() => withQuirks(loadSwagger(`1.${minor}`), `1.${minor}`, [quirk])).not.toThrow();
    }
  });
});

describe('dockerd 20.10 golden fixtures (API 1.41) pass the validator', () => {
  const root = path.resolve(import.meta.dirname, '../../fixtures/golden/dockerd-20.10');
  const files = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []))
      : [];
  // the fixtures that probe what is not an API operation (unknown paths, methods, redirects)
  const notOperations = /not an operation of API|status 301 is not documented/;

  it('every recorded answer at API 1.41 is compliant', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const file of files(root)) {
      const exchange = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        request?: { method: string; path: string };
        response?: { status: number; body: unknown; bodyText?: string; bodyEncoding: string; headers: Record<string, string> };
      };
      const { request, response } = exchange;
      if (!request || !response || /^\/v1\.(?!41)\d+\//.test(request.path)) continue;
      const body = response.bodyEncoding === 'json' ? response.bodyText : response.bodyEncoding === 'empty' ? '' : response.body;
      const problems = validateResponse('1.41', request.method, request.path, response.status, body, {
        contentType: response.headers['content-type'],
      }).filter((problem) => !notOperations.test(problem));
      checked++;
      if (problems.length) failures.push(`${path.relative(root, file)}\n  ${problems.join('\n  ')}`);
    }
    expect(failures).toEqual([]);
    if (fs.existsSync(root)) expect(checked).toBeGreaterThan(500);
  });
});

describe('hijacked streams (api-client apiStream)', () => {
  const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
  const attach = { method: 'POST', path: '/v1.45/containers/abc/attach?stream=1&stdout=1' };
  const head = (type: string) => `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`;

  it('accepts stdcopy frames and rejects what is not one', () => {
    expect(stdcopyProblems(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toEqual([]);
    expect(stdcopyProblems(Buffer.from('out\n'))).toEqual(['stdcopy: 4 trailing bytes, not a frame header']);
    expect(stdcopyProblems(Buffer.concat([frame(1, 'out\n')]).subarray(0, 10))[0]).toMatch(/says 4 bytes, 2 left/);
    expect(stdcopyProblems(Buffer.from('raw text from a TTY'))[0]).toMatch(/bad frame header/);
  });

  it('checks the content type and framing the spec gives a stream with or without a TTY', () => {
    expect(streamProblems(attach, head('application/vnd.docker.multiplexed-stream'), frame(1, 'x'), { tty: false })).toEqual([]);
    expect(streamProblems(attach, head('application/vnd.docker.raw-stream'), frame(1, 'x'), { tty: false })).toEqual([
      'a stream without a TTY is application/vnd.docker.multiplexed-stream at API 1.45, got application/vnd.docker.raw-stream',
    ]);
    expect(streamProblems(attach, head('application/vnd.docker.raw-stream'), Buffer.from('$ '), { tty: true })).toEqual([]);
    expect(streamProblems(attach, head('application/vnd.docker.multiplexed-stream'), Buffer.from('$ '), { tty: true })).toHaveLength(2);
    expect(streamProblems(attach, undefined, Buffer.alloc(0))).toEqual([`POST ${attach.path}: the connection closed before a response head`]);
  });
});

describe('status quirks with a body rule', () => {
  it('accepts dockerd\'s 200 progress stream for a plugin upgrade (the spec says 204) and checks its JSON messages', () => {
    const ok = '{"status":"Pulling from vieux/sshfs","id":"next"}\r\n{"status":"Digest: sha256:abc"}\r\n';
    expect(validateResponse('1.55', 'POST', '/plugins/sshfs/upgrade?remote=vieux/sshfs:next', 200, ok)).toEqual([]);
    expect(validateResponse('1.55', 'POST', '/plugins/sshfs/upgrade', 200, 'not json')).toEqual([expect.stringMatching(/body is not JSON/)]);
    expect(validateResponse('1.55', 'POST', '/plugins/pull', 200, '{"Name":"x"}\r\n')).toEqual([expect.stringMatching(/not JSON message fields: Name/)]);
    expect(validateResponse('1.55', 'POST', '/plugins/pull', 200, '')).toEqual([expect.stringMatching(/expected JSON messages, got none/)]);
  });
});
