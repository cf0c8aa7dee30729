/**
 * The build context: the tar the client sends (plain or gzip), as a tree, with
 * .dockerignore applied the way the classic builder applies it to COPY/ADD sources.
 */
import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import dockerignoreModule from '@balena/dockerignore';
import { treeFromEntries } from '../fs/layer.js';
import type { DirNode, Entry } from '../fs/node.js';
import { readTar } from '../fs/tar/extract.js';
import { invalidParameter, systemError } from '../errors.js';

/** The package is CommonJS (module.exports = factory); its typings say `export default`. */
type IgnoreFactory = () => { add(patterns: string[]): unknown; ignores(path: string): boolean };
const dockerignore = ((dockerignoreModule as unknown as { default?: IgnoreFactory }).default ?? dockerignoreModule) as unknown as IgnoreFactory;

export interface BuildContext {
  /** Everything not excluded by .dockerignore. */
  root: DirNode;
  /** The Dockerfile's text (read before .dockerignore applies, as dockerd does). */
  dockerfile: string;
  dockerfileName: string;
}

export async function readBuildContext(body: Readable, dockerfileName: string): Promise<BuildContext> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw systemError('unexpected EOF');
    }
  }
  let staged;
  try {
    staged = bytes.length ? await readTar(Readable.from([bytes])) : [];
  } catch {
    throw systemError('archive/tar: invalid tar header');
  }
  const files = new Map<string, Entry>(staged.map((s) => [s.name, s.entry]));
  const name = dockerfileName.replace(/^\.?\//, '');
  const df = files.get(name);
  if (df?.kind !== 'file') throw systemError(`Cannot locate specified Dockerfile: ${dockerfileName}`);
  const dockerfile = (Buffer.isBuffer(df.content) ? df.content : df.content.read()).toString('utf8');
  if (dockerfile.trim() === '' || dockerfile.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
    throw invalidParameter(`the Dockerfile (${dockerfileName}) cannot be empty`);
  }
  const ignoreFile = files.get('.dockerignore');
  const ig = dockerignore();
  if (ignoreFile?.kind === 'file') {
    const text = (Buffer.isBuffer(ignoreFile.content) ? ignoreFile.content : ignoreFile.content.read()).toString('utf8');
    ig.add(text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')));
  }
  const kept = staged.filter((s) => !ig.ignores(s.name));
  return { root: treeFromEntries(kept.map((s): [string, Entry] => [s.name, s.entry]), 0), dockerfile, dockerfileName };
}
