/**
 * Checks one HTTP response against the swagger of an API version and lists
 * what is wrong with it (empty list = compliant).
 */
import { endpointById } from './endpoints.js';
import { findOperation, type FoundOperation } from './paths.js';
import { describeErrors } from './problems.js';
import { JSON_MESSAGE_FIELDS, statusQuirk } from './quirks.js';
import { recordApiCall } from './record.js';
import { currentTestFile } from './current-test.js';
import type { HttpMethod, SwaggerResponse, SwaggerSchema } from './swagger-types.js';
import { compiledValidator, patchedSwagger } from './validators.js';
import { compareVersions, specVersionFor, splitRequestPath } from './versions.js';

export interface ResponseDetails {
  /** the response's Content-Type, when known; decides how the body is read */
  contentType?: string;
}

/**
 * Operations whose JSON answer is a stream of documents: a stream that ended
 * before its first document (events between since and until with none) is
 * empty, which is fine.
 */
const JSON_STREAM_OPERATIONS = new Set(['SystemEvents', 'ContainerStats']);

/** Hijacked connections: dockerd writes errors as raw text under these types. */
const RAW_STREAM_TYPES = ['application/vnd.docker.raw-stream', 'application/vnd.docker.multiplexed-stream'];

/** Below API 1.23 dockerd answers errors in text/plain (httputils.MakeErrorHandler). */
const TEXT_ERRORS_BELOW = '1.23';

const JSON_LINES_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-seq'];
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() || undefined;
}

function isJsonLike(type: string): boolean {
  return JSON_TYPE.test(type) || JSON_LINES_TYPES.includes(type);
}

/** Why the operation is missing from this version, e.g. "PUT /volumes/{name} only exists since API 1.42". */
function missingOperationProblem(version: string, method: string, path: string): string {
  const specVersion = specVersionFor(version);
  const label = `${method.toUpperCase()} ${splitRequestPath(path).path}`;
  const newest = findOperation(undefined, method, path);
  const row = newest && endpointById(newest.operationId);
  if (row && compareVersions(row.since, specVersion) > 0) {
    return `${label} (${row.operationId}) is not an operation of API ${specVersion}: it exists since API ${row.since}`;
  }
  if (newest) return `${label} (${newest.operationId}) is not an operation of API ${specVersion}`;
  return `${label} is not an operation of API ${specVersion} (nor of the newest spec)`;
}

function responseFor(found: FoundOperation, status: number): { response?: SwaggerResponse; key: string; undocumented: boolean } {
  const operation = patchedSwagger(found.specVersion).paths[found.template]?.[found.method.toLowerCase() as HttpMethod];
  const responses = operation?.responses ?? {};
  if (responses[String(status)]) return { response: responses[String(status)], key: String(status), undocumented: false };
  if (responses.default) return { response: responses.default, key: 'default', undocumented: false };
  return { key: 'undocumented', undocumented: true };
}

const ERROR_RESPONSE: SwaggerResponse = { schema: { $ref: '#/definitions/ErrorResponse' } };

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return body.length === 0;
  return false;
}

/** Log streams, tar archives: the operation's own `produces` lists no JSON type. */
function producesNoJson(found: FoundOperation): boolean {
  const produces = found.operation.produces;
  return produces !== undefined && !produces.some((type) => isJsonLike(type.toLowerCase()));
}

function isBinarySchema(schema: SwaggerSchema): boolean {
  return schema.type === 'file' || (schema.type === 'string' && schema.format === 'binary');
}

/** The JSON values in a body: one, or one per line of a JSON-lines stream. */
function jsonValues(body: unknown, type: string | undefined): { values: unknown[]; problem?: string } {
  if (!(typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array)) return { values: [body] };
  const text = Buffer.isBuffer(body) || body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : body;
  const lines = text.split('\n').map((line) => line.replace(/^\x1e/, '').trim()).filter(Boolean);
  const asLines = (type !== undefined && JSON_LINES_TYPES.includes(type)) || lines.length > 1;
  try {
    return { values: asLines ? lines.map((line) => JSON.parse(line) as unknown) : [JSON.parse(text)] };
  } catch {
    return { values: [], problem: `body is not JSON: ${JSON.stringify(text.slice(0, 80))}` };
  }
}

function validateJson(found: FoundOperation, version: string, key: string, schema: SwaggerSchema, values: unknown[], label: string): string[] {
  const validate = compiledValidator(version, `${found.method} ${found.template} ${key}`, schema);
  return values.flatMap((value, index) => {
    if (validate(value)) return [];
    const prefix = `${label}${values.length > 1 ? ` line ${index + 1}` : ''}: `;
    const lines = describeErrors(validate.errors ?? [], prefix);
    return lines.length > 0 ? lines : [`${prefix}body does not match the schema`];
  });
}

/**
 * Problems with `body` as the answer (status `status`) to `method
 * concretePath` in API `version`; [] when it is what the spec says.
 */
export function validateResponse(
  version: string,
  method: string,
  concretePath: string,
  status: number,
  body: unknown,
  details: ResponseDetails = {},
): string[] {
  const found = findOperation(version, method, concretePath);
  if (!found) return [missingOperationProblem(version, method, concretePath)];
  recordApiCall({ operationId: found.operationId, version: requestedVersion(version), method: found.method, path: found.template, status, testFile: currentTestFile() });
  const label = `${found.operationId} ${status} (API ${found.specVersion})`;
  if (found.method === 'HEAD') return isEmptyBody(body) ? [] : [`${label}: a HEAD answer has no body`];
  const quirk = statusQuirk(found.operationId, status);
  if (quirk) return quirk.body === 'json-messages' ? jsonMessageProblems(body, label) : [];
  const { response, key, undocumented } = responseFor(found, status);
  if (undocumented && status < 400) {
    return [`${label}: status ${status} is not documented for ${found.method} ${found.template}`];
  }
  // dockerd answers any error with an ErrorResponse, documented status or not
  const schema = (response ?? ERROR_RESPONSE).schema;
  if (!schema) {
    const mustBeEmpty = status === 204 || status === 304;
    return mustBeEmpty && !isEmptyBody(body) ? [`${label}: expected no body, got ${JSON.stringify(body).slice(0, 80)}`] : [];
  }
  if (isBinarySchema(schema) || producesNoJson(found)) return [];
  const type = mediaType(details.contentType);
  if (type !== undefined && !isJsonLike(type)) {
    return status < 400 || errorMayBeText(version, type) ? [] : [`${label}: error bodies are JSON, got Content-Type ${type}`];
  }
  if (isEmptyBody(body)) return JSON_STREAM_OPERATIONS.has(found.operationId) ? [] : [`${label}: expected a JSON body, got none`];
  const { values, problem } = jsonValues(body, type);
  if (problem) return [`${label}: ${problem}`];
  return validateJson(found, version, key, schema, values, label);
}

/** A progress stream: one JSON message per line, each with JSONMessage's fields only. */
function jsonMessageProblems(body: unknown, label: string): string[] {
  const { values, problem } = jsonValues(body, 'application/x-ndjson');
  if (problem) return [`${label}: ${problem}`];
  if (values.length === 0) return [`${label}: expected JSON messages, got none`];
  return values.flatMap((value, index) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${label} line ${index + 1}: not a JSON message object`];
    const unknown = Object.keys(value).filter((key) => !JSON_MESSAGE_FIELDS.includes(key));
    return unknown.length > 0 ? [`${label} line ${index + 1}: not JSON message fields: ${unknown.join(', ')}`] : [];
  });
}

function requestedVersion(version: string): string {
  return /^v?1\.\d+$/.test(version) ? version.replace(/^v/, '') : specVersionFor(version);
}

function errorMayBeText(version: string, type: string): boolean {
  if (RAW_STREAM_TYPES.includes(type)) return true;
  return /^v?1\.\d+$/.test(version) && compareVersions(version.replace(/^v/, ''), TEXT_ERRORS_BELOW) < 0;
}
