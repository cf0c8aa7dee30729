/**
 * The simulated programs by name, and how a command name is looked up: a bare name
 * or a path in a bin directory (/bin/echo, /usr/bin/env) finds the built-in program;
 * a shell script in the container fs runs in `sh`.
 */
import { posix } from 'node:path';
import type { ProcessFileSystem } from '../../fs/types.js';
import type { Program } from '../program.js';
import { echo, falseProgram, printf, seq, sleep, trueProgram, yes } from './basic.js';
import { cp, find, ls, mkdir, rm, touch } from './files.js';
import { date, env, hostname, id, kill, printenv, pwd, uname, whoami } from './system.js';
import { test } from './test.js';
import { basename, cat, dirname, grep, head, sort, tail, wc } from './text.js';
import { getent, nslookup, ping } from './network.js';
import { awk } from './awk.js';
import { top, uptime } from './monitor.js';

export const PROGRAMS: Record<string, Program> = {
  echo, printf, true: trueProgram, false: falseProgram, sleep, yes, seq,
  cat, head, tail, wc, grep, sort, basename, dirname, awk,
  ls, mkdir, touch, rm, cp, find,
  env, printenv, hostname, id, whoami, pwd, date, uname, kill,
  test, '[': test, '[[': test,
  ping, nslookup, getent,
  top, uptime,
};

/** Names that run the shell; registered by the shell module to avoid an import cycle. */
export const SHELLS = ['sh', 'ash', 'bash', 'dash'];

const BIN_DIRS = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type Resolved =
  | { kind: 'program'; name: string; program: Program }
  | { kind: 'script'; path: string }
  /** A file that exists but is no program we simulate: it runs until signalled, like a daemon. */
  | { kind: 'opaque'; path: string }
  | { kind: 'missing'; error: string; exitCode: number };

export function resolveCommand(name: string, fs: ProcessFileSystem, cwd: string, pathVar = DEFAULT_PATH): Resolved {
  if (!name.includes('/')) {
    if (Object.hasOwn(PROGRAMS, name)) return { kind: 'program', name, program: PROGRAMS[name]! };
    for (const dir of pathVar.split(':').filter(Boolean)) {
      const found = fileCommand(posix.join(dir, name), fs);
      if (found) return found;
    }
    return { kind: 'missing', error: `exec: "${name}": executable file not found in $PATH`, exitCode: 127 };
  }
  const path = posix.resolve(cwd, name);
  const base = posix.basename(path);
  if (BIN_DIRS.has(posix.dirname(path)) && Object.hasOwn(PROGRAMS, base) && !isScript(path, fs)) {
    return { kind: 'program', name: base, program: PROGRAMS[base]! };
  }
  const found = fileCommand(path, fs);
  if (found) return found;
  if (fs.stat(path)?.kind === 'dir') return { kind: 'missing', error: `exec: "${name}": permission denied`, exitCode: 126 };
  return { kind: 'missing', error: `exec: "${name}": stat ${name}: no such file or directory`, exitCode: 127 };
}

function fileCommand(path: string, fs: ProcessFileSystem): Resolved | undefined {
  const stat = fs.stat(path);
  if (stat?.kind !== 'file') return undefined;
  return isScript(path, fs) ? { kind: 'script', path } : { kind: 'opaque', path };
}

/** A text file starting with a #! line naming a shell (or no #! at all). */
function isScript(path: string, fs: ProcessFileSystem): boolean {
  const head = fs.readFile(path)?.subarray(0, 128).toString('latin1');
  if (head === undefined) return false;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  // No #!: a script only if it reads as text (binaries, even synthetic ones, have control bytes).
  if (!shebang) return head.length > 0 && !/[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/.test(head);
  const interp = posix.basename(shebang[1] === '/usr/bin/env' ? shebang[2] ?? '' : shebang[1]!);
  return SHELLS.includes(interp);
}
