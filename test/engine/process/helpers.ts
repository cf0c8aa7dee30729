/** Test helpers: a tiny in-memory ProcessFileSystem and a runner on a VirtualClock. */
import { posix } from 'node:path';
import { VirtualClock } from '../../../src/engine/clock.js';
import { FsError, type FileStat, type ProcessFileSystem } from '../../../src/engine/fs/types.js';
import { isSpawnFailure, spawn, type SimProcess, type SpawnOptions } from '../../../src/engine/process/index.js';

interface Node {
  kind: 'file' | 'dir';
  data: Buffer;
  mode: number;
}

export class MemFs implements ProcessFileSystem {
  readonly nodes = new Map<string, Node>([['/', { kind: 'dir', data: Buffer.alloc(0), mode: 0o755 }]]);

  constructor(files: Record<string, string> = {}) {
    for (const [path, content] of Object.entries(files)) {
      if (path.endsWith('/')) this.mkdir(path.slice(0, -1), { parents: true });
      else {
        this.mkdir(posix.dirname(path), { parents: true });
        this.writeFile(path, Buffer.from(content), { mode: 0o755 });
      }
    }
  }

  stat(path: string): FileStat | undefined {
    const node = this.nodes.get(posix.normalize(path));
    if (!node) return undefined;
    return { name: posix.basename(path), kind: node.kind, size: node.data.length, mode: node.mode, uid: 0, gid: 0, mtime: 0 };
  }
  readFile(path: string): Buffer | undefined {
    const node = this.nodes.get(posix.normalize(path));
    return node?.kind === 'file' ? node.data : undefined;
  }
  writeFile(path: string, data: Buffer, options?: { append?: boolean; mode?: number }): void {
    path = posix.normalize(path);
    if (this.nodes.get(posix.dirname(path))?.kind !== 'dir') throw new FsError('ENOENT', path);
    const existing = this.nodes.get(path);
    if (existing?.kind === 'dir') throw new FsError('EISDIR', path);
    const prefix = options?.append && existing ? existing.data : Buffer.alloc(0);
    this.nodes.set(path, { kind: 'file', data: Buffer.concat([prefix, data]), mode: options?.mode ?? existing?.mode ?? 0o644 });
  }
  readDir(path: string): string[] | undefined {
    path = posix.normalize(path);
    if (this.nodes.get(path)?.kind !== 'dir') return undefined;
    const prefix = path === '/' ? '/' : path + '/';
    return [...this.nodes.keys()].filter((p) => p !== path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length)).sort();
  }
  mkdir(path: string, options?: { parents?: boolean }): void {
    path = posix.normalize(path);
    if (this.nodes.has(path)) {
      if (options?.parents) return;
      throw new FsError('EEXIST', path);
    }
    const parent = posix.dirname(path);
    if (!this.nodes.has(parent)) {
      if (!options?.parents) throw new FsError('ENOENT', path);
      this.mkdir(parent, options);
    }
    this.nodes.set(path, { kind: 'dir', data: Buffer.alloc(0), mode: 0o755 });
  }
  remove(path: string, options?: { recursive?: boolean }): void {
    path = posix.normalize(path);
    if (!this.nodes.has(path)) throw new FsError('ENOENT', path);
    const children = [...this.nodes.keys()].filter((p) => p.startsWith(path + '/'));
    if (children.length && !options?.recursive) throw new FsError('ENOTEMPTY', path);
    for (const p of [path, ...children]) this.nodes.delete(p);
  }
  symlink(): void {
    throw new FsError('EINVAL', 'symlink');
  }
}

export interface Harness {
  proc: SimProcess;
  clock: VirtualClock;
  fs: MemFs;
  out(): string;
  err(): string;
}

export function start(argv: string[], options: Partial<SpawnOptions> & { files?: Record<string, string> } = {}): Harness {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
  const fs = (options.fs as MemFs | undefined) ?? new MemFs(options.files);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const proc = spawn({
    argv,
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=c0ffee'],
    workingDir: '/',
    user: '',
    hostname: 'c0ffee',
    tty: false,
    pid1: true,
    ...options,
    clock,
    fs,
    stdout: (c) => stdout.push(c),
    stderr: (c) => stderr.push(c),
  });
  if (isSpawnFailure(proc)) throw new Error(`spawn failed: ${proc.error}`);
  return { proc, clock, fs, out: () => Buffer.concat(stdout).toString(), err: () => Buffer.concat(stderr).toString() };
}

/** Step virtual time until the process exits (fails if it waits on something that never comes). */
export async function finish(h: Harness, maxSteps = 10_000): Promise<{ exitCode: number; oomKilled?: boolean; signal?: string; out: string; err: string }> {
  let done = false;
  void h.proc.exited.then(() => (done = true));
  for (let i = 0; i < maxSteps && !done; i++) {
    if (!(await h.clock.step())) await h.clock.advance(0);
    if (!done && h.clock.nextDue() === undefined) await h.clock.advance(0);
  }
  if (!done) throw new Error(`process did not exit; stdout=${JSON.stringify(h.out())} stderr=${JSON.stringify(h.err())}`);
  return { ...(await h.proc.exited), out: h.out(), err: h.err() };
}

/** Run a command line to completion. */
export async function run(argv: string[], options: Parameters<typeof start>[1] & { stdin?: string } = {}) {
  const h = start(argv, options);
  if (options.stdin !== undefined) h.proc.writeStdin(Buffer.from(options.stdin));
  h.proc.endStdin();
  return finish(h);
}

/** Run a shell script to completion. */
export function sh(script: string, options: Parameters<typeof run>[1] = {}) {
  return run(['sh', '-c', script], options);
}
