/** The operation list of the newest spec, from endpoints.tsv. */
import fs from 'node:fs';
import path from 'node:path';
import { specDir } from './load.js';
import { compareVersions, specVersionFor } from './versions.js';

export interface EndpointRow {
  method: string;
  /** swagger path template */
  path: string;
  operationId: string;
  tag: string;
  /** first API version whose spec has the operation ("1.25" = 1.25 or earlier) */
  since: string;
}

let rows: EndpointRow[] | undefined;

function readEndpoints(): EndpointRow[] {
  const text = fs.readFileSync(path.join(specDir(), 'endpoints.tsv'), 'utf8');
  const [header, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  const columns = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const cell = (name: keyof EndpointRow) => cells[columns.indexOf(name)] ?? '';
    return { method: cell('method'), path: cell('path'), operationId: cell('operationId'), tag: cell('tag'), since: cell('since') };
  });
}

/**
 * Every operation of the newest spec; with `version`, only those that exist
 * in that version (since <= version).
 */
export function operations(version?: string): EndpointRow[] {
  rows ??= readEndpoints();
  if (version === undefined) return [...rows];
  const specVersion = specVersionFor(version);
  return rows.filter((row) => compareVersions(row.since, specVersion) <= 0);
}

export function endpointById(operationId: string): EndpointRow | undefined {
  return operations().find((row) => row.operationId === operationId);
}
