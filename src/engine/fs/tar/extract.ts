/**
 * `PUT /containers/{id}/archive` and `docker load`/build: reading tars. Extraction
 * stages the whole tar first and checks every entry, then applies it, so a bad tar,
 * an escaping path or a read-only root writes nothing.
 */
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { Layer, treeFromEntries } from '../layer.js';
import type { LayeredFs } from '../layered-fs.js';
import { dirNode, WHITEOUT, type DirNode, type Entry } from '../node.js';
import { baseName, joinPath, normalizePath, parentOf, splitPath } from '../path.js';
import { FsError } from '../types.js';
import { OPAQUE_MARKER, WHITEOUT_PREFIX } from './walk.js';

/** An archive the daemon refuses; `message` is dockerd's wording. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad-tar' | 'not-a-directory' | 'not-found' | 'conflict' | 'read-only',
  ) {
    super(message);
  }
}

export interface StagedEntry {
  /** Normalised relative path, no leading slash. */
  name: string;
  entry: Entry;
}

/** Read a whole tar into entries (file contents in memory). Rejects bad tars and escaping names. */
export async function readTar(stream: Readable): Promise<StagedEntry[]> {
  const staged: StagedEntry[] = [];
  const ex = extract();
  try {
    const done = (async () => {
      for await (const item of ex) {
        const chunks: Buffer[] = [];
        for await (const chunk of item) chunks.push(chunk as Buffer);
        const h = item.header;
        const name = safeName(h.name);
        if (name === undefined) continue;
        const meta = { mode: (h.mode ?? 0o644) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime?.getTime() ?? 0 };
        if (h.type === 'directory') staged.push({ name, entry: { kind: 'dir', children: new Map(), ...meta } });
        else if (h.type === 'symlink') staged.push({ name, entry: { kind: 'symlink', target: h.linkname ?? '', ...meta } });
        else if (h.type === 'link') staged.push({ name, entry: hardLinkTarget(staged, h.linkname ?? '', meta) });
        else if (h.type === 'file' || h.type === 'contiguous-file') staged.push({ name, entry: { kind: 'file', content: Buffer.concat(chunks), ...meta } });
      }
    })();
    stream.on('error', (err) => ex.destroy(err));
    stream.pipe(ex as unknown as NodeJS.WritableStream);
    await done;
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`Error processing tar file(exit status 1): archive/tar: invalid tar header`, 'bad-tar');
  }
  return staged;
}

function safeName(raw: string): string | undefined {
  const parts: string[] = [];
  for (const part of splitPath(raw)) {
    if (part === '..') {
      if (parts.length === 0) throw new ArchiveError(`Error processing tar file(exit status 1): invalid path: "${raw}" escapes the destination`, 'bad-tar');
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

function hardLinkTarget(staged: StagedEntry[], target: string, meta: { mode: number; uid: number; gid: number; mtime: number }): Entry {
  const name = safeName(target);
  const found = staged.find((s) => s.name === name)?.entry;
  if (found?.kind !== 'file') throw new ArchiveError(`Error processing tar file(exit status 1): hard link target "${target}" not found`, 'bad-tar');
  return { kind: 'file', content: found.content, ...meta };
}

export interface ExtractOptions {
  noOverwriteDirNonDir?: boolean;
  /** Keep the tar's owners; otherwise files belong to root (0:0), as with dockerd. */
  copyUIDGID?: boolean;
}

/** Extract a tar into `destPath` (a directory) of a container file system. */
export async function extractTar(fs: LayeredFs, destPath: string, tar: Readable, options: ExtractOptions = {}): Promise<void> {
  const dest = checkDestination(fs, destPath);
  const staged = await readTar(tar);
  const plan = staged
    .filter((s) => !baseName(s.name).startsWith(WHITEOUT_PREFIX))
    .map((s) => ({ path: joinPath(dest, s.name), entry: options.copyUIDGID ? s.entry : { ...s.entry, uid: 0, gid: 0 } }));
  for (const step of plan) checkStep(fs, step.path, step.entry, options);
  checkWritable(fs, dest, plan.map((p) => p.path));
  for (const step of plan) {
    ensureParents(fs, step.path);
    fs.putEntry(step.path, step.entry.kind === 'dir' ? { ...dirNode(step.entry), children: new Map() } : step.entry);
  }
}

function checkDestination(fs: LayeredFs, destPath: string): string {
  let resolved: { path: string; entry: Entry | undefined };
  try {
    resolved = fs.resolve(destPath, true);
  } catch {
    resolved = { path: normalizePath(destPath), entry: undefined };
  }
  if (!resolved.entry) throw new ArchiveError(`Could not find the file ${destPath}`, 'not-found');
  if (resolved.entry.kind !== 'dir') throw new ArchiveError('extraction point is not a directory', 'not-a-directory');
  return resolved.path;
}

function checkStep(fs: LayeredFs, path: string, entry: Entry, options: ExtractOptions): void {
  const existing = fs.entryAt(path);
  if (!existing || !options.noOverwriteDirNonDir) return;
  if (existing.kind === 'dir' && entry.kind !== 'dir') {
    throw new ArchiveError(`Error processing tar file(exit status 1): cannot overwrite directory "${path}" with non-directory "${path}"`, 'conflict');
  }
  if (existing.kind !== 'dir' && entry.kind === 'dir') {
    throw new ArchiveError(`Error processing tar file(exit status 1): cannot overwrite non-directory "${path}" with directory "${path}"`, 'conflict');
  }
}

function checkWritable(fs: LayeredFs, dest: string, paths: string[]): void {
  for (const path of [dest, ...paths]) {
    const mount = fs.mountAt(path);
    if (mount ? mount.readOnly : fs.readOnly) {
      throw new ArchiveError('container rootfs is marked read-only', 'read-only');
    }
  }
}

function ensureParents(fs: LayeredFs, path: string): void {
  const parent = parentOf(path);
  if (fs.entryAt(parent)?.kind === 'dir') return;
  ensureParents(fs, parent);
  fs.putEntry(parent, dirNode({ mtime: 0 }));
}

/** A layer from a layer tar (`docker load`, pulls of pushed images): `.wh.` entries become whiteouts. */
export async function layerFromTar(tar: Readable): Promise<Layer> {
  const staged = await readTar(tar);
  const root = treeFromEntries([], 0);
  for (const { name, entry } of staged) placeLayerEntry(root, name, entry);
  return new Layer(root);
}

function placeLayerEntry(root: DirNode, name: string, entry: Entry): void {
  const parts = name.split('/');
  const last = parts.pop()!;
  let dir = root;
  for (const part of parts) {
    let next = dir.children.get(part);
    if (next?.kind !== 'dir') dir.children.set(part, (next = dirNode({ mtime: entry.mtime })));
    dir = next;
  }
  if (last === OPAQUE_MARKER) dir.opaque = true;
  else if (last.startsWith(WHITEOUT_PREFIX)) dir.children.set(last.slice(WHITEOUT_PREFIX.length), WHITEOUT);
  else if (entry.kind === 'dir' && dir.children.get(last)?.kind === 'dir') Object.assign(dir.children.get(last)!, { mode: entry.mode, uid: entry.uid, gid: entry.gid, mtime: entry.mtime });
  else dir.children.set(last, entry);
}

export { FsError };
