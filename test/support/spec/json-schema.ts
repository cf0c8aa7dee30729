/**
 * Swagger 2.0 schema -> JSON Schema (draft-07, as ajv reads it), with the
 * project's strictness rules:
 *
 * - an object that declares `properties` and says nothing about
 *   `additionalProperties` is closed: an undeclared field is a failure
 *   (Swagger's default would allow it);
 * - `x-nullable: true` adds null to the allowed types (and to `enum`);
 *   on a `$ref` it becomes `anyOf: [ref, null]`;
 * - `allOf` is merged into one object before closing it, so a field of one
 *   member is not "unknown" to another;
 * - `$ref: "#/definitions/X"` points into the version's definitions schema;
 *   the siblings Swagger ignores next to `$ref` (description, type) are dropped;
 * - arrays and maps (objects with `additionalProperties` and no `properties`)
 *   also accept null: dockerd is Go, and encoding/json writes a nil slice or
 *   map as null (`"Warnings": null`, `"Labels": null`, `"Env": null`), which
 *   every client generated from this spec decodes; dockerd does it in nearly
 *   every response, too often for a field-by-field allow-list;
 * - the typo of specs 1.25..1.36, `properties: { additionalProperties: S }`
 *   (ContainerConfig.Volumes), is read as the `additionalProperties: S` it means;
 * - `type: file`, and `{}`, accept anything; `format`, `example`, `default`,
 *   `title`, `description` and every `x-*` extension are annotations and dropped.
 */
import type { SwaggerSchema } from './swagger-types.js';

export type JsonSchema = Record<string, unknown>;

/** $id of the schema holding a version's converted `definitions`. */
export const DEFINITIONS_ID = 'https://mockerd.local/spec/definitions.json';

const COPIED_KEYWORDS = [
  'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems',
  'uniqueItems', 'minLength', 'maxLength', 'pattern', 'multipleOf', 'minProperties', 'maxProperties',
] as const;

export type Definitions = Record<string, SwaggerSchema>;

export function definitionName(ref: string): string {
  const match = /^#\/definitions\/(.+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref} (only #/definitions/... refs are expected)`);
  return match[1]!;
}

/** Fold `allOf` members (following refs) into one Swagger schema. */
export function mergeAllOf(schema: SwaggerSchema, definitions: Definitions): SwaggerSchema {
  const { allOf, ...own } = schema;
  const merged: SwaggerSchema = { ...own };
  for (const member of allOf ?? []) {
    const resolved = member.$ref ? definitions[definitionName(member.$ref)] ?? {} : member;
    const flat = resolved.allOf ? mergeAllOf(resolved, definitions) : resolved;
    for (const [key, value] of Object.entries(flat)) {
      if (key === 'properties') merged.properties = { ...merged.properties, ...flat.properties };
      else if (key === 'required') merged.required = [...new Set([...(merged.required ?? []), ...(flat.required ?? [])])];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** A Go slice (also strslice: `type: [array, string]`) or map: a nil one is marshalled as null. */
function isGoCollection(schema: SwaggerSchema): boolean {
  if (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))) return true;
  return schema.type === 'object' && !schema.properties && schema.additionalProperties !== undefined && schema.additionalProperties !== false;
}

function nullableType(type: string | string[]): string[] {
  const types = Array.isArray(type) ? type : [type];
  return types.includes('null') ? types : [...types, 'null'];
}

function convertRef(schema: SwaggerSchema): JsonSchema {
  const ref = { $ref: `${DEFINITIONS_ID}#/definitions/${definitionName(schema.$ref!)}` };
  return schema['x-nullable'] === true ? { anyOf: [ref, { type: 'null' }] } : ref;
}

function convertObjectKeywords(schema: SwaggerSchema, definitions: Definitions, out: JsonSchema): void {
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, toJsonSchema(property, definitions)]),
    );
  }
  if (schema.required?.length) out.required = [...schema.required];
  const additional = schema.additionalProperties;
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional && typeof additional === 'object') out.additionalProperties = toJsonSchema(additional, definitions);
  else if (schema.properties) out.additionalProperties = false;
}

/** `properties: { additionalProperties: S }`, a typo for `additionalProperties: S`. */
function fixMisplacedAdditionalProperties(schema: SwaggerSchema): SwaggerSchema {
  const names = Object.keys(schema.properties ?? {});
  if (names.length !== 1 || names[0] !== 'additionalProperties') return schema;
  const { properties, ...rest } = schema;
  return { ...rest, additionalProperties: properties!.additionalProperties };
}

/** Convert one Swagger 2.0 schema; `definitions` resolves `allOf` members. */
export function toJsonSchema(swagger: SwaggerSchema | undefined, definitions: Definitions): JsonSchema {
  if (!swagger || typeof swagger !== 'object') return {};
  const schema = fixMisplacedAdditionalProperties(swagger);
  if (schema.$ref) return convertRef(schema);
  if (schema.allOf) return toJsonSchema(mergeAllOf(schema, definitions), definitions);
  if (schema.type === 'file') return {};
  const nullable = schema['x-nullable'] === true || isGoCollection(schema);
  const out: JsonSchema = {};
  if (schema.type !== undefined) out.type = nullable ? nullableType(schema.type) : schema.type;
  for (const keyword of COPIED_KEYWORDS) if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  if (nullable && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (schema.items) out.items = toJsonSchema(schema.items, definitions);
  convertObjectKeywords(schema, definitions, out);
  return out;
}

/** The schema document every response schema of a version refers into. */
export function definitionsSchema(definitions: Definitions): JsonSchema {
  return {
    $id: DEFINITIONS_ID,
    definitions: Object.fromEntries(
      Object.entries(definitions).map(([name, schema]) => [name, toJsonSchema(schema, definitions)]),
    ),
  };
}
