/**
 * Contract checks against the official Docker Engine API swagger
 * (../shared/spec/engine-api-v1.NN.yaml) for every API test.
 *
 *   const res = await request(app).get('/v1.44/containers/abc/json');
 *   expectSpecCompliant(res, { method: 'GET', path: '/v1.44/containers/abc/json' });
 *
 * Rules (stricter than Swagger 2.0 itself, because real clients decode into
 * the Go types the spec is generated from):
 * - a field the spec's object does not declare (when it declares
 *   `properties`) is a failure; so is a missing `required` field, a wrong
 *   type, or a value outside an `enum`;
 * - `x-nullable: true` allows null; `additionalProperties` maps are checked
 *   value by value; `allOf` members merge into one object;
 * - `format` (int64, uint64, dateTime, ...), `example`, `x-go-name`,
 *   `x-omitempty` and other annotations are ignored; `{}` and `type: file`
 *   accept anything; non-JSON responses (tar, raw streams, text) are not
 *   parsed; JSON-lines streams (events, progress) are checked line by line;
 * - a response without a schema is ignored, except that 204, 304 and HEAD
 *   answers must have no body;
 * - a status the operation does not document is a failure below 400; an
 *   undocumented error status (dockerd answers 400 for bad filters on many
 *   operations that only document 500) is accepted if its body is an
 *   ErrorResponse `{"message": ...}`.
 *
 * Version mapping: 1.24 and older use the 1.25 swagger (1.24 exists upstream
 * only as Markdown); versions newer than the newest file use the newest.
 *
 * Spec quirks handled (found by replaying the 691 dockerd 20.10 golden
 * exchanges in fixtures/golden; field-level ones are the allow-list in
 * spec/quirks.ts, keyed by version range + definition + field, with evidence):
 * - YAML: 1.25..1.38 have double-quoted descriptions whose continuation lines
 *   are not indented under their key; go-yaml accepts them, the `yaml`
 *   package does not: spec/yaml-repair.ts re-indents them before parsing.
 * - Go nil slices/maps are sent as null everywhere (`"Warnings": null`,
 *   `"Labels": null`, `"Entrypoint": null`): arrays (incl. strslice
 *   `[array, string]`) and additionalProperties maps accept null (a rule in
 *   spec/json-schema.ts, not per field: it is hundreds of fields).
 * - 1.25..1.36 `properties: { additionalProperties: S }` (ContainerConfig.Volumes)
 *   is a typo for `additionalProperties: S`.
 * - 1.25..1.31 describe ContainerInspect.NetworkSettings with a placeholder
 *   ("NetworkConfig: TODO: check is correct") and PortBindings values as one
 *   object: both backported from the 1.32 definitions.
 * - null where the spec is not x-nullable: HostConfig.MemorySwappiness (*int64),
 *   ExecInspect.ExitCode before exit (<= 1.41), wait's `"Error": null`
 *   (<= 1.41; moby 25+ omits it), EndpointSettings.IPAMConfig (< 1.32).
 * - fields dockerd sends that the spec omits: events `status`/`id`/`from`
 *   (until 1.52 removed them), Task.Status.PortStatus (< 1.44),
 *   SystemDataUsage.BuilderSize (<= 1.41), NetworkContainer.Name (< 1.30),
 *   SecretCreate/ConfigCreate answer `{"ID"}`, not IdResponse's `{"Id"}`.
 * - statuses: ExecStart 101 (hijacked), AttachWebsocket 400 in plain text;
 *   hijacked attach errors come as raw text under the raw-stream type; below
 *   API 1.23 dockerd writes errors as text/plain.
 * - not handled (a project decision): dockerd 20.10 answering an old version
 *   (e.g. /v1.24/info) sends the fields of its own newest version; the
 *   validator reports them as unknown at 1.25.
 *
 * Every validateResponse call is recorded (coverage/api-calls/calls-<pid>.jsonl)
 * for `npx tsx scripts/coverage-api.ts`.
 */
import { validateResponse, type ResponseDetails } from './spec/validate-response.js';
import { loadSwagger } from './spec/load.js';
import { specVersionFor, splitRequestPath } from './spec/versions.js';
import type { SwaggerDoc } from './spec/swagger-types.js';

export { findOperation, type FoundOperation } from './spec/paths.js';
export { operations, type EndpointRow } from './spec/endpoints.js';
export { validateResponse, type ResponseDetails } from './spec/validate-response.js';
export { SPEC_QUIRKS, type SpecQuirk } from './spec/quirks.js';
export { specVersionFor, NEWEST_SPEC_VERSION } from './spec/versions.js';

/** The official swagger document of `version`, parsed once per process. */
export function specFor(version: string): SwaggerDoc {
  return loadSwagger(version);
}

/** A supertest response, or anything with a status and a body. */
export interface ResponseLike {
  status: number;
  body?: unknown;
  /** supertest: the raw body text (preferred over `body` when present) */
  text?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** supertest: the media type */
  type?: string;
}

export interface SpecRequest {
  method: string;
  /** the request path as sent, e.g. "/v1.44/containers/abc/json?size=1" */
  path: string;
  /** API version; defaults to the path's /v1.NN prefix, else the newest */
  version?: string;
}

function contentTypeOf(res: ResponseLike): string | undefined {
  const header = res.headers?.['content-type'];
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? (res.type || undefined);
}

function bodyOf(res: ResponseLike): unknown {
  return typeof res.text === 'string' ? res.text : res.body;
}

/** Problems with `res` as the answer to `req` (empty = compliant). */
export function specProblems(res: ResponseLike, req: SpecRequest): string[] {
  const version = req.version ?? splitRequestPath(req.path).version;
  const details: ResponseDetails = { contentType: contentTypeOf(res) };
  return validateResponse(version ?? '', req.method, req.path, res.status, bodyOf(res), details);
}

function bodyPreview(res: ResponseLike): string {
  const body = bodyOf(res);
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2) ?? String(body);
  return text.length > 2000 ? `${text.slice(0, 2000)}\n...(${text.length} chars)` : text;
}

/** Throws, listing every problem, unless `res` is what the spec says `req` answers. */
export function expectSpecCompliant(res: ResponseLike, req: SpecRequest): void {
  const problems = specProblems(res, req);
  if (problems.length === 0) return;
  const version = specVersionFor(req.version ?? splitRequestPath(req.path).version);
  throw new Error(
    [
      `${req.method.toUpperCase()} ${req.path} -> ${res.status} does not match engine-api-v${version}.yaml:`,
      ...problems.map((problem) => `  - ${problem}`),
      'body:',
      bodyPreview(res),
    ].join('\n'),
  );
}
