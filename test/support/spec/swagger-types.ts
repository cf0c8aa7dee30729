/** The parts of a Swagger 2.0 document the harness reads. */

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';

export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** A Swagger 2.0 schema object (a superset of what the Docker specs use). */
export interface SwaggerSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, SwaggerSchema>;
  additionalProperties?: boolean | SwaggerSchema;
  required?: string[];
  items?: SwaggerSchema;
  allOf?: SwaggerSchema[];
  enum?: unknown[];
  'x-nullable'?: boolean;
  [keyword: string]: unknown;
}

export interface SwaggerResponse {
  description?: string;
  schema?: SwaggerSchema;
  headers?: Record<string, unknown>;
}

export interface SwaggerOperation {
  operationId?: string;
  tags?: string[];
  produces?: string[];
  responses?: Record<string, SwaggerResponse>;
}

export type SwaggerPathItem = Partial<Record<HttpMethod, SwaggerOperation>> & { parameters?: unknown };

export interface SwaggerDoc {
  swagger: string;
  basePath?: string;
  produces?: string[];
  info?: { version?: string };
  definitions: Record<string, SwaggerSchema>;
  paths: Record<string, SwaggerPathItem>;
}
