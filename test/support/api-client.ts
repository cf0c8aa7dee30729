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
 * Not validated: error answers to paths no spec version knows (`page not
 * found`, the routes dockerd serves outside the spec such as /grpc and
 * /build/cancel) and mockerd's own control API (/_mockerd). Validation also
 * records each operation for the coverage gate (test/conformance/coverage.test.ts).
 */
import request from 'supertest';
import { findOperation, specProblems, specVersionFor, type ResponseLike } from './spec.js';
import { splitRequestPath } from './spec/versions.js';

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
  return specProblems(responseLike(verb, res), { method: verb, path: url, version });
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
