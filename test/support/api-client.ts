/**
 * supertest, with every answer validated against the swagger of the API
 * version it was negotiated at (issue 10, "Contract checks"):
 *
 *   const api = apiClient(t.url);
 *   const res = await api.get('/v1.41/containers/json');   // checked against engine-api-v1.41.yaml
 *
 * The version is the request path's /v1.NN prefix; without one, the version
 * the daemon answered at (its Api-Version header, which is what an
 * unversioned request is served as), else the newest spec. A response that
 * does not match (unknown field, missing required field, wrong type,
 * undocumented success status) fails the request: `await` rejects and
 * `.end(cb)` gets the error, listing the problems and the body.
 *
 * An error answer to an operation of a later version than the one asked for
 * (dockerd's "requires minimum API version") must be an ErrorResponse.
 * Hijacked and upgraded answers: `apiStream(url, req, { tty })` (attach, exec
 * start over raw TCP; checked when the daemon closes: status, error body,
 * content type for the API version, stdcopy framing without a TTY) and
 * `apiWebSocket(url, path)` (the handshake's 101 or error answer). A buffered
 * multiplexed-stream body (logs) is checked frame by frame.
 *
 * Not validated: error answers to paths no spec version knows (`page not
 * found`, the routes dockerd serves outside the spec such as /grpc and
 * /build/cancel) and mockerd's own control API (/_mockerd). Validation also
 * records each operation for the coverage gate (test/conformance/coverage.test.ts).
 */
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import WebSocket from 'ws';
import { rawRequest, type RawConnection, type RawRequest } from './raw-client.js';
import { findOperation, specProblems, specVersionFor, type ResponseLike } from './spec.js';
import { compareVersions, splitRequestPath } from './spec/versions.js';
import { MAX_API_VERSION } from '../../src/api/versions.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
type Method = (typeof METHODS)[number];

export type ApiClient = { [M in Method]: (path: string) => request.Test };

/** Paths dockerd answers that are not Docker Engine API operations of any spec version. */
const OUTSIDE_SPEC = [/^\/grpc$/, /^\/build\/cancel$/, /^\/_mockerd(\/|$)/];

function headerValue(res: request.Response, name: string): string | undefined {
  const value = (res.headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The API version `res` was answered at: the path's prefix, else the daemon's Api-Version. */
export function negotiatedVersion(requestPath: string, res?: request.Response): string {
  const prefixed = splitRequestPath(requestPath).version;
  if (prefixed) return prefixed;
  const header = res && headerValue(res, 'api-version');
  return header && /^1\.\d+$/.test(header) ? header : specVersionFor(undefined);
}

/** What the validator reads: the raw text when there is one, HEAD answers as sent (no body). */
function responseLike(method: string, res: request.Response): ResponseLike {
  const headers = res.headers as ResponseLike['headers'];
  if (method === 'HEAD') return { status: res.status, text: res.text ?? '', headers, type: res.type };
  if (typeof res.text === 'string') return { status: res.status, text: res.text, headers, type: res.type };
  return { status: res.status, body: res.body as unknown, headers, type: res.type };
}

/** Problems with `res` as the answer to `method url`; [] when compliant or not an API answer. */
export function checkResponse(method: string, url: string, res: request.Response): string[] {
  const verb = method.toUpperCase();
  const path = splitRequestPath(url).path;
  if (OUTSIDE_SPEC.some((pattern) => pattern.test(path))) return [];
  const version = negotiatedVersion(url, res);
  if (res.status >= 400 && !findOperation(version, verb, url)) {
    // an error answer to a path no spec knows (page not found, a mistyped route under test)
    if (!findOperation(undefined, verb, url)) return [];
    // an operation of a later version asked for too early: dockerd's ErrorResponse (e.g. "requires minimum API version")
    return isErrorResponse(res.body) ? [] : [`${verb} ${url} -> ${res.status}: an error answer is {"message": string}, got ${preview(res)}`];
  }
  const problems = specProblems(responseLike(verb, res), { method: verb, path: url, version });
  const body = res.body as unknown;
  if (res.status < 400 && mediaType(headerValue(res, 'content-type')) === MULTIPLEXED && Buffer.isBuffer(body)) problems.push(...stdcopyProblems(body));
  return problems;
}

const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
const RAW_STREAM = 'application/vnd.docker.raw-stream';
const mediaType = (contentType: string | undefined) => contentType?.split(';', 1)[0]!.trim().toLowerCase();

/**
 * What the spec says of a non-TTY attach, exec or logs stream: stdcopy frames,
 * each an 8-byte header [stream 0..3, 0, 0, 0, size uint32 BE] and `size` bytes.
 */
export function stdcopyProblems(body: Buffer): string[] {
  let at = 0;
  while (at < body.length) {
    if (body.length - at < 8) return [`stdcopy: ${body.length - at} trailing bytes, not a frame header`];
    const [stream, ...zeros] = body.subarray(at, at + 4);
    if (stream! > 3 || zeros.some((b) => b !== 0)) return [`stdcopy: bad frame header at byte ${at}: ${body.subarray(at, at + 8).toString('hex')}`];
    const size = body.readUInt32BE(at + 4);
    if (at + 8 + size > body.length) return [`stdcopy: frame at byte ${at} says ${size} bytes, ${body.length - at - 8} left`];
    at += 8 + size;
  }
  return [];
}

function isErrorResponse(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).join() === 'message' && typeof (body as { message: unknown }).message === 'string';
}

function preview(res: request.Response): string {
  const text = typeof res.text === 'string' && res.text !== '' ? res.text : JSON.stringify(res.body) ?? '';
  return text.length > 1500 ? `${text.slice(0, 1500)}...(${text.length} chars)` : text;
}

function specError(method: string, url: string, res: request.Response, problems: string[]): Error {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const version = specVersionFor(negotiatedVersion(url, res));
  const error = new Error(
    [
      `${method.toUpperCase()} ${path} -> ${res.status} does not match engine-api-v${version}.yaml:`,
      ...problems.map((problem) => `  - ${problem}`),
      'body:',
      preview(res),
    ].join('\n'),
  );
  return error;
}

type EndCallback = (err: unknown, res: request.Response) => void;

/** Hook `test.end` (which `await`/`.then` also go through) to validate the answer. */
function checked(test: request.Test): request.Test {
  const end = test.end.bind(test) as (fn?: EndCallback) => request.Test;
  const hooked = (fn?: EndCallback): request.Test =>
    end((err, res) => {
      let failure = err;
      if (res && !err) {
        const t = test as unknown as { method: string; url: string };
        const problems = checkResponse(t.method, t.url, res);
        if (problems.length > 0) failure = specError(t.method, t.url, res, problems);
      }
      fn?.(failure, res);
    });
  (test as unknown as { end: typeof hooked }).end = hooked;
  return test;
}

/** A supertest client for `url` whose every response is validated against the negotiated version's spec. */
export function apiClient(url: string): ApiClient {
  const base = request(url) as unknown as Record<Method, (path: string) => request.Test>;
  const client = {} as ApiClient;
  for (const method of METHODS) client[method] = (path: string) => checked(base[method](path));
  return client;
}

/** What a hijacked stream's client knows of it: with a TTY the bytes are raw, without one stdcopy frames. */
export interface StreamExpectation {
  tty?: boolean;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
}

function parseHead(head: string): RawAnswer {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers };
}

/** The path's /v1.NN, else the daemon's Api-Version, else (hijacked heads carry none) the newest version mockerd serves. */
function answeredVersion(path: string, header: string | undefined): string {
  return splitRequestPath(path).version ?? (header && /^1\.\d+$/.test(header) ? header : MAX_API_VERSION);
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Problems with a hijacked (or raw HTTP) answer to `req`: the spec's, then the stream's framing and type. */
export function streamProblems(req: RawRequest, head: string | undefined, rawBody: Buffer, expected: StreamExpectation = {}): string[] {
  if (head === undefined) return [`${req.method} ${req.path}: the connection closed before a response head`];
  const { status, headers } = parseHead(head);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(rawBody) : rawBody;
  const version = answeredVersion(req.path, headers['api-version']);
  const type = mediaType(headers['content-type']);
  const problems = specProblems({ status, text: body.toString('utf8'), headers }, { method: req.method, path: req.path, version });
  if (status >= 400 || body.length === 0 && type === undefined) return problems;
  const framed = expected.tty === false || type === MULTIPLEXED;
  if (framed) problems.push(...stdcopyProblems(body));
  if (expected.tty === true && type !== RAW_STREAM) problems.push(`a TTY stream is ${RAW_STREAM}, got ${type}`);
  if (expected.tty === false) {
    const want = compareVersions(specVersionFor(version), '1.42') >= 0 ? MULTIPLEXED : RAW_STREAM;
    if (type !== want) problems.push(`a stream without a TTY is ${want} at API ${version}, got ${type}`);
  }
  return problems;
}

function streamError(req: RawRequest, head: string | undefined, body: Buffer, problems: string[]): Error {
  return new Error([`${req.method} ${req.path} does not match the spec:`, ...problems.map((p) => `  - ${p}`), 'head:', head ?? '(none)', 'body:', JSON.stringify(body.toString('latin1').slice(0, 500))].join('\n'));
}

/**
 * A raw TCP request (test/support/raw-client.ts) for hijacked endpoints
 * (attach, exec start) whose answer is validated when the daemon closes the
 * connection: `await conn.closed` rejects with the problems (status, error
 * body, content type, stdcopy framing for `tty: false`).
 */
export function apiStream(url: string, req: RawRequest, expected: StreamExpectation = {}): RawConnection {
  const conn = rawRequest(url, req);
  const closed = conn.closed.then(async (body) => {
    const head = await Promise.race([conn.head, Promise.resolve(undefined)]);
    const problems = streamProblems(req, head, body, expected);
    if (problems.length > 0) throw streamError(req, head, body, problems);
    return body;
  });
  Object.defineProperty(conn, 'closed', { value: closed });
  return conn;
}

/**
 * A WebSocket whose handshake answer is validated (101, or an error with its
 * body): a mismatch is emitted as the socket's 'error'.
 */
export function apiWebSocket(url: string, path: string, options?: WebSocket.ClientOptions): WebSocket {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + path, options);
  const check = (res: IncomingMessage, body: string) => {
    const headers = res.headers as Record<string, string | string[] | undefined>;
    const header = headers['api-version'];
    const version = answeredVersion(path, Array.isArray(header) ? header[0] : header);
    const problems = specProblems({ status: res.statusCode ?? 0, text: body, headers }, { method: 'GET', path, version });
    if (problems.length > 0) ws.emit('error', new Error([`GET ${path} -> ${res.statusCode} does not match the spec:`, ...problems].join('\n  - ')));
  };
  ws.once('upgrade', (res) => check(res, ''));
  ws.on('unexpected-response', (req, res) => {
    const testListens = ws.listenerCount('unexpected-response') > 1;
    let body = '';
    res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    res.on('end', () => {
      check(res, body);
      // without a listener of its own the test gets what ws does then: an error
      if (!testListens) {
        req.destroy();
        ws.emit('error', new Error(`Unexpected server response: ${res.statusCode}`));
      }
    });
  });
  return ws;
}
