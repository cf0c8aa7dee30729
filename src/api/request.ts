/**
 * Reading requests the way dockerd does: JSON bodies (content type, malformed JSON,
 * wrong top-level type), boolean and integer query parameters, X-Registry-Auth.
 */
import type { Context } from 'hono';
import { invalidParameter } from '../engine/errors.js';
import { decodeRegistryAuth, type Credentials } from '../engine/registries.js';

/** Bodies larger than this are refused with 400 rather than buffered. */
export const MAX_JSON_BODY = 32 * 1024 * 1024;

interface ReadJsonOptions {
  /** The Go type name dockerd decodes into, for its "cannot unmarshal" wording. */
  goType: string;
}

/** Read a JSON object body; an absent body gives {}. */
export async function readJsonObject<T extends object = Record<string, unknown>>(
  c: Context,
  options: ReadJsonOptions,
): Promise<Partial<T>> {
  const text = await readBodyText(c);
  if (text.trim() === '') return {};
  checkJsonContentType(c.req.header('content-type'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidParameter(`invalid JSON: ${describeJsonError(text, err)}`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameter(`json: cannot unmarshal ${jsonKind(value)} into Go value of type ${options.goType}`);
  }
  return value as Partial<T>;
}

export async function readBodyText(c: Context): Promise<string> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_JSON_BODY) throw tooLarge(length);
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength > MAX_JSON_BODY) throw tooLarge(buf.byteLength);
  return Buffer.from(buf).toString('utf8');
}

function tooLarge(n: number) {
  return invalidParameter(`request body too large: ${n} bytes exceeds the limit of ${MAX_JSON_BODY} bytes`);
}

/** dockerd refuses a body that does not say it is JSON (a missing header included). */
function checkJsonContentType(contentType: string | undefined): void {
  if (!contentType) throw invalidParameter("unsupported Content-Type header (): must be 'application/json'");
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw invalidParameter(`unsupported Content-Type header (${contentType}): must be 'application/json'`);
  }
}

/** Go's encoding/json type words, for "cannot unmarshal X into ..." messages. */
export function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool';
}

function describeJsonError(text: string, err: unknown): string {
  const pos = /position (\d+)/.exec(String(err))?.[1];
  if (pos === undefined) return 'unexpected EOF';
  const ch = text[Number(pos)];
  if (ch === undefined) return 'unexpected EOF';
  return `invalid character '${ch}' looking for beginning of value`;
}

/** dockerd's boolean query parsing: "", "0", "false", "no", "none" are false. */
export function boolParam(c: Context, name: string, fallback = false): boolean {
  const v = c.req.query(name);
  if (v === undefined) return fallback;
  return !['', '0', 'false', 'no', 'none', 'False', 'FALSE'].includes(v.trim());
}

export function intParam(c: Context, name: string): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidParameter(`strconv.Atoi: parsing "${v}": invalid syntax`);
  return n;
}

/**
 * Decode X-Registry-Auth: base64url (or base64) JSON with username/password/email/
 * serveraddress, identitytoken or the legacy registrytoken. dockerd ignores a header it
 * cannot decode ("to increase compatibility with the existing API"): the request goes
 * on anonymously, as the 20.10 golden `create-bad-registry-auth` shows.
 */
export function registryAuth(c: Context): Credentials | undefined {
  return decodeRegistryAuth(c.req.header('x-registry-auth'));
}

