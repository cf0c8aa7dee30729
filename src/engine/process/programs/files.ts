/** ls, mkdir, touch, rm. */
import { posix } from 'node:path';
import { FsError, type FileStat } from '../../fs/types.js';
import type { Program, ProgramContext } from '../program.js';
import { globToRegExp } from '../shell-expand.js';
import { fail, fsErrorText, out, parseFlags, resolvePath } from './util.js';

export const ls: Program = async (ctx) => {
  const { flags, operands, bad } = parseFlags(ctx.argv.slice(1), 'laA1dhFp');
  if (bad) return fail(ctx, `invalid option -- '${bad}'`);
  const fs = ctx.sys.fs;
  let status = 0;
  const targets = operands.length ? operands : ['.'];
  const files: { name: string; stat: FileStat }[] = [];
  const dirs: { name: string; path: string }[] = [];
  for (const name of targets) {
    const path = resolvePath(ctx.cwd, name);
    const stat = fs.stat(path);
    if (!stat) {
      status = fail(ctx, `${name}: No such file or directory`, 2);
      continue;
    }
    if (stat.kind === 'dir' && !flags.has('d')) dirs.push({ name, path });
    else files.push({ name, stat });
  }
  const print = (entries: { name: string; stat: FileStat }[]) => {
    for (const e of entries) out(ctx, (flags.has('l') ? longLine(ctx, e.name, e.stat) : e.name) + indicator(e.stat) + '\n');
  };
  // -p marks directories with '/'; -F also symlinks '@' and executables '*'.
  const indicator = (stat: FileStat) => {
    if (stat.kind === 'dir' && (flags.has('p') || flags.has('F'))) return '/';
    if (!flags.has('F') || flags.has('l')) return '';
    if (stat.kind === 'symlink') return '@';
    return stat.mode & 0o111 ? '*' : '';
  };
  print(files);
  for (const [i, dir] of dirs.entries()) {
    if (targets.length > 1) out(ctx, `${files.length || i ? '\n' : ''}${dir.name}:\n`);
    const names = (fs.readDir(dir.path) ?? []).filter((n) => flags.has('a') || flags.has('A') || !n.startsWith('.'));
    if (flags.has('a')) names.unshift('.', '..');
    const entries = names.map((n) => ({ name: n, stat: fs.stat(posix.join(dir.path, n), { noFollow: true }) }));
    if (flags.has('l')) out(ctx, `total ${entries.length * 4}\n`);
    print(entries.filter((e): e is { name: string; stat: FileStat } => e.stat !== undefined));
  }
  return status;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function longLine(ctx: ProgramContext, name: string, stat: FileStat): string {
  const type = stat.kind === 'dir' ? 'd' : stat.kind === 'symlink' ? 'l' : '-';
  const perms = [6, 3, 0].map((shift) => {
    const bits = (stat.mode >> shift) & 7;
    return (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + (bits & 1 ? 'x' : '-');
  });
  const d = new Date(stat.mtime);
  const sameYear = d.getUTCFullYear() === new Date(ctx.sys.clock.now()).getUTCFullYear();
  const time = sameYear
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : String(d.getUTCFullYear()).padStart(5);
  const date = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time}`;
  const owner = (id: number) => (id === 0 ? 'root' : String(id));
  const links = stat.kind === 'dir' ? 2 : 1;
  const suffix = stat.kind === 'symlink' && stat.linkTarget ? ` -> ${stat.linkTarget}` : '';
  return `${type}${perms.join('')}    ${links} ${owner(stat.uid).padEnd(8)} ${owner(stat.gid).padEnd(8)} ${String(stat.size).padStart(9)} ${date} ${name}${suffix}`;
}

export const mkdir: Program = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.argv.slice(1), 'pm');
  if (operands.length === 0) return fail(ctx, 'missing operand');
  let status = 0;
  for (const name of operands) {
    const path = resolvePath(ctx.cwd, name);
    if (flags.has('p') && ctx.sys.fs.stat(path)?.kind === 'dir') continue;
    try {
      ctx.sys.fs.mkdir(path, { parents: flags.has('p') });
    } catch (err) {
      status = fail(ctx, `can't create directory '${name}': ${fsErrorText(err) ?? String(err)}`);
    }
  }
  return status;
};

export const touch: Program = async (ctx) => {
  const { operands } = parseFlags(ctx.argv.slice(1), 'cam');
  if (operands.length === 0) return fail(ctx, 'missing operand');
  let status = 0;
  for (const name of operands) {
    const path = resolvePath(ctx.cwd, name);
    try {
      ctx.sys.fs.writeFile(path, Buffer.alloc(0), { append: true });
    } catch (err) {
      status = fail(ctx, `${name}: ${fsErrorText(err) ?? String(err)}`);
    }
  }
  return status;
};

export const rm: Program = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.argv.slice(1), 'rRfdv');
  const recursive = flags.has('r') || flags.has('R');
  if (operands.length === 0 && !flags.has('f')) return fail(ctx, 'missing operand');
  let status = 0;
  for (const name of operands) {
    const path = resolvePath(ctx.cwd, name);
    const stat = ctx.sys.fs.stat(path, { noFollow: true });
    if (!stat) {
      if (!flags.has('f')) status = fail(ctx, `can't remove '${name}': No such file or directory`);
      continue;
    }
    if (stat.kind === 'dir' && !recursive) {
      status = fail(ctx, `'${name}' is a directory`);
      continue;
    }
    try {
      ctx.sys.fs.remove(path, { recursive });
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      status = fail(ctx, `can't remove '${name}': ${FsError.describe(err.code)}`);
    }
  }
  return status;
};

/** busybox cp: files, and directories with -r/-R/-a; -a and -P/-d keep symlinks as links. */
export const cp: Program = async (ctx) => {
  const { flags, operands, bad } = parseFlags(ctx.argv.slice(1), 'rRafpPdv');
  if (bad) return fail(ctx, `invalid option -- '${bad}'`);
  if (operands.length < 2) return fail(ctx, 'missing file operand');
  const recursive = flags.has('r') || flags.has('R') || flags.has('a');
  const keepLinks = flags.has('a') || flags.has('P') || flags.has('d');
  const fs = ctx.sys.fs;
  const sources = operands.slice(0, -1);
  const destName = operands[operands.length - 1]!;
  const dest = resolvePath(ctx.cwd, destName);
  const destIsDir = fs.stat(dest)?.kind === 'dir';
  if (sources.length > 1 && !destIsDir) return fail(ctx, `'${destName}' is not a directory`);
  let status = 0;
  const copy = (from: string, to: string, name: string): void => {
    const stat = fs.stat(from, { noFollow: keepLinks });
    if (!stat) {
      status = fail(ctx, `can't stat '${name}': No such file or directory`);
      return;
    }
    if (stat.kind === 'symlink' && stat.linkTarget !== undefined) {
      if (fs.stat(to, { noFollow: true })) fs.remove(to);
      fs.symlink(stat.linkTarget, to);
    } else if (stat.kind === 'dir') {
      if (!recursive) {
        status = fail(ctx, `omitting directory '${name}'`);
        return;
      }
      if (fs.stat(to)?.kind !== 'dir') fs.mkdir(to, { mode: stat.mode });
      for (const child of fs.readDir(from) ?? []) copy(posix.join(from, child), posix.join(to, child), posix.join(name, child));
    } else {
      fs.writeFile(to, fs.readFile(from) ?? Buffer.alloc(0), { mode: stat.mode });
    }
  };
  for (const name of sources) {
    const from = resolvePath(ctx.cwd, name);
    const to = destIsDir ? posix.join(dest, posix.basename(from)) : dest;
    try {
      copy(from, to, name);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      status = fail(ctx, `can't create '${destName}': ${FsError.describe(err.code)}`);
    }
  }
  return status;
};

/** busybox find: paths, then -type f|d|l, -name/-iname GLOB, -maxdepth/-mindepth N (all ANDed), printing each match. */
export const find: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  const roots: string[] = [];
  while (args.length && !args[0]!.startsWith('-')) roots.push(args.shift()!);
  const tests: Array<(path: string, stat: FileStat, depth: number) => boolean> = [];
  let maxDepth = Infinity;
  let minDepth = 0;
  while (args.length) {
    const opt = args.shift()!;
    const value = args.shift();
    if (value === undefined) return fail(ctx, `${opt}: requires an argument`);
    if (opt === '-type') {
      const kind = { f: 'file', d: 'dir', l: 'symlink' }[value];
      if (!kind) return fail(ctx, `bad arg '${value}'`);
      tests.push((_p, s) => s.kind === kind);
    } else if (opt === '-name' || opt === '-iname') {
      const re = globToRegExp(value);
      const flagged = opt === '-iname' ? new RegExp(re.source, 'i') : re;
      tests.push((p) => flagged.test(posix.basename(p)));
    } else if (opt === '-maxdepth') maxDepth = Number(value);
    else if (opt === '-mindepth') minDepth = Number(value);
    else return fail(ctx, `unrecognized: ${opt}`);
  }
  let status = 0;
  const walk = (shown: string, path: string, depth: number): void => {
    const stat = ctx.sys.fs.stat(path, { noFollow: true });
    if (!stat) {
      status = fail(ctx, `${shown}: No such file or directory`);
      return;
    }
    if (depth >= minDepth && tests.every((t) => t(shown, stat, depth))) out(ctx, shown + '\n');
    if (stat.kind !== 'dir' || depth >= maxDepth) return;
    for (const child of ctx.sys.fs.readDir(path) ?? []) walk(posix.join(shown, child), posix.join(path, child), depth + 1);
  };
  for (const root of roots.length ? roots : ['.']) walk(root, resolvePath(ctx.cwd, root), 0);
  return status;
};
