/**
 * Matches concrete request paths to the swagger path templates of a version.
 * Like moby's router (`/images/{name:.*}/json`), a template parameter may span
 * several segments, so image and plugin names with slashes resolve; when more
 * than one template matches, the one with the most literal segments wins
 * (`/images/json` is ImageList, not ImageInspect of "json").
 */
import { loadSwagger } from './load.js';
import { HTTP_METHODS, type HttpMethod, type SwaggerOperation } from './swagger-types.js';
import { specVersionFor, splitRequestPath } from './versions.js';

export interface FoundOperation {
  /** the version whose swagger file documents the operation ("1.25".."1.56") */
  specVersion: string;
  method: Uppercase<HttpMethod>;
  /** the swagger path template, e.g. "/containers/{id}/json" */
  template: string;
  operationId: string;
  operation: SwaggerOperation;
  /** template parameters taken from the concrete path (URI-decoded) */
  params: Record<string, string>;
}

interface Route {
  template: string;
  segments: string[];
  literalCount: number;
  operations: Partial<Record<HttpMethod, SwaggerOperation>>;
}

const routeTables = new Map<string, Route[]>();

function routesFor(specVersion: string): Route[] {
  let routes = routeTables.get(specVersion);
  if (!routes) {
    routes = Object.entries(loadSwagger(specVersion).paths).map(([template, item]) => {
      const segments = template.split('/').filter(Boolean);
      const operations: Route['operations'] = {};
      for (const method of HTTP_METHODS) if (item[method]) operations[method] = item[method];
      return { template, segments, literalCount: segments.filter((s) => !isParam(s)).length, operations };
    });
    routeTables.set(specVersion, routes);
  }
  return routes;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Template parameters if `segments` fit `template`, each parameter taking one or more segments. */
function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  const [head, ...rest] = template;
  if (head === undefined) return segments.length === 0 ? {} : undefined;
  if (!isParam(head)) {
    if (segments[0] !== head) return undefined;
    return matchSegments(rest, segments.slice(1));
  }
  const literalsAfter = rest.length;
  for (let take = 1; take <= segments.length - literalsAfter; take++) {
    const tail = matchSegments(rest, segments.slice(take));
    if (tail) return { [head.slice(1, -1)]: segments.slice(0, take).map(decode).join('/'), ...tail };
  }
  return undefined;
}

/**
 * The swagger operation answering `method concretePath` in API `version`
 * (a "/v1.NN" prefix and the query string are ignored), or undefined when that
 * version's spec has no such operation.
 */
export function findOperation(version: string | undefined, method: string, concretePath: string): FoundOperation | undefined {
  const specVersion = specVersionFor(version);
  const verb = method.toLowerCase() as HttpMethod;
  const segments = splitRequestPath(concretePath).path.split('/').filter(Boolean);
  let best: FoundOperation | undefined;
  let bestLiterals = -1;
  for (const route of routesFor(specVersion)) {
    const operation = route.operations[verb];
    if (!operation || route.literalCount <= bestLiterals) continue;
    const params = matchSegments(route.segments, segments);
    if (!params) continue;
    bestLiterals = route.literalCount;
    best = {
      specVersion,
      method: verb.toUpperCase() as Uppercase<HttpMethod>,
      template: route.template,
      operationId: operation.operationId ?? `${verb.toUpperCase()} ${route.template}`,
      operation,
      params,
    };
  }
  return best;
}
