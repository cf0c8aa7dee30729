/** Turning a fixture layer's `files:` map into a layer tree. */
import { Layer, treeFromEntries } from '../fs/layer.js';
import type { Entry } from '../fs/node.js';
import { SyntheticContent, seedOf } from '../fs/synthetic.js';

/** A file spec: a string is inline content; otherwise content/size/link/dir plus mode/uid/gid. */
export type FileSpec =
  | string
  | {
      content?: string;
      /** Base64 content (binary). */
      base64?: string;
      /** Synthetic deterministic bytes of this length, generated when read. */
      size?: number;
      link?: string;
      dir?: boolean;
      mode?: number | string;
      uid?: number;
      gid?: number;
    };

/** `0755`, `"0755"` and `0o755` all mean octal 755. */
export function parseMode(mode: number | string | undefined, fallback: number): number {
  if (mode === undefined) return fallback;
  const text = String(mode).replace(/^0o/, '');
  const parsed = parseInt(text, 8);
  if (!/^[0-7]+$/.test(text) || Number.isNaN(parsed)) throw new Error(`bad mode ${mode}`);
  return parsed;
}

export function entryFromSpec(spec: FileSpec, path: string, mtime: number, seedKey: string): Entry {
  const s = typeof spec === 'string' ? { content: spec } : spec ?? {};
  const owner = { uid: s.uid ?? 0, gid: s.gid ?? 0, mtime };
  if (s.link !== undefined) return { kind: 'symlink', target: s.link, mode: 0o777, ...owner };
  if (s.dir) return { kind: 'dir', children: new Map(), mode: parseMode(s.mode, 0o755), ...owner };
  const content =
    s.size !== undefined && s.content === undefined && s.base64 === undefined
      ? new SyntheticContent(s.size, seedOf(`${seedKey}:${path}`))
      : s.base64 !== undefined
        ? Buffer.from(s.base64, 'base64')
        : Buffer.from(s.content ?? '');
  return { kind: 'file', content, mode: parseMode(s.mode, 0o644), ...owner };
}

export function layerFromFiles(files: Record<string, FileSpec>, mtime: number, seedKey: string): Layer {
  const entries = Object.entries(files).map(([path, spec]): [string, Entry] => [path, entryFromSpec(spec, path, mtime, seedKey)]);
  return new Layer(treeFromEntries(entries, mtime));
}
