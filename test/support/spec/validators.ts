/**
 * One ajv instance per spec version holding that version's (quirk-patched)
 * definitions; a response schema is compiled the first time an operation +
 * status is validated, and only what it refers to gets compiled.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { definitionsSchema, toJsonSchema } from './json-schema.js';
import { loadSwagger } from './load.js';
import { withQuirks } from './quirks.js';
import type { SwaggerDoc, SwaggerSchema } from './swagger-types.js';
import { specVersionFor } from './versions.js';

interface VersionValidators {
  doc: SwaggerDoc;
  ajv: Ajv;
  compiled: Map<string, ValidateFunction>;
}

const byVersion = new Map<string, VersionValidators>();

function validatorsFor(specVersion: string): VersionValidators {
  let entry = byVersion.get(specVersion);
  if (!entry) {
    const doc = withQuirks(loadSwagger(specVersion), specVersion);
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false, allowUnionTypes: true });
    ajv.addSchema(definitionsSchema(doc.definitions));
    entry = { doc, ajv, compiled: new Map() };
    byVersion.set(specVersion, entry);
  }
  return entry;
}

/** The quirk-patched swagger document the validators of `version` use. */
export function patchedSwagger(version: string): SwaggerDoc {
  return validatorsFor(specVersionFor(version)).doc;
}

/**
 * The compiled validator for `schema`, cached under `key` (e.g.
 * "get /containers/{id}/json 200"). `schema` must come from patchedSwagger.
 */
export function compiledValidator(version: string, key: string, schema: SwaggerSchema): ValidateFunction {
  const entry = validatorsFor(specVersionFor(version));
  let validate = entry.compiled.get(key);
  if (!validate) {
    validate = entry.ajv.compile(toJsonSchema(schema, entry.doc.definitions));
    entry.compiled.set(key, validate);
  }
  return validate;
}
