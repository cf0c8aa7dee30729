/**
 * The `sh` program (also ash, bash, dash): `sh -c SCRIPT [NAME [ARGS]]`,
 * `sh FILE [ARGS]`, or commands read from stdin (with a prompt on a TTY).
 * Importing this module registers the shells in the program table.
 */
import { posix } from 'node:path';
import { Interrupted } from './control.js';
import type { Program, ProgramContext } from './program.js';
import { PROGRAMS, SHELLS } from './programs/index.js';
import { readLine } from './programs/util.js';
import { ShellSyntaxError } from './shell-ast.js';
import { Shell, ShellExit } from './shell-interpreter.js';
import { parseScript } from './shell-parser.js';

export const sh: Program = async (ctx) => {
  const name = posix.basename(ctx.argv[0] ?? 'sh') === 'bash' ? 'bash' : 'sh';
  const args = ctx.argv.slice(1);
  let script: string | undefined;
  const flags = new Set<string>();
  while (args.length > 0 && /^[-+]/.test(args[0]!) && args[0] !== '-' ) {
    const a = args.shift()!;
    if (a === '--') break;
    if (a === '-c') {
      script = args.shift();
      if (script === undefined) {
        ctx.stderr.write(`${name}: -c requires an argument\n`);
        return 2;
      }
      continue;
    }
    if (a.startsWith('--')) continue;
    for (const f of a.slice(1)) {
      if (f === 'c') script = args.shift() ?? '';
      else flags.add(f);
    }
  }
  const make = (arg0: string, positional: string[]) => {
    const shell = new Shell(ctx.sys, {
      name, env: ctx.env, cwd: ctx.cwd, arg0, args: positional,
      stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, pid: ctx.pid,
    });
    shell.errexit = flags.has('e');
    shell.xtrace = flags.has('x');
    return shell;
  };
  if (script !== undefined) return make(args[0] ?? ctx.argv[0] ?? name, args.slice(1)).runScript(script);
  if (args.length > 0 && !flags.has('s')) {
    const file = args[0]!;
    const data = ctx.sys.fs.readFile(posix.resolve(ctx.cwd, file));
    if (!data) {
      ctx.stderr.write(`${name}: can't open '${file}': No such file or directory\n`);
      return 2;
    }
    return make(file, args.slice(1)).runScript(data.toString().replace(/^#![^\n]*/, ''));
  }
  const shell = make(name, args);
  return runFromStdin(shell, ctx, flags.has('i') || ctx.sys.tty);
};

/** Read and run commands line by line; an interactive shell prompts and survives errors. */
async function runFromStdin(shell: Shell, ctx: ProgramContext, interactive: boolean): Promise<number> {
  if (interactive) {
    shell.setTrap('', 'TERM');
    shell.setTrap(':', 'INT');
  }
  const prompt = (more: boolean) => {
    if (!interactive) return;
    const ps1 = `${shell.cwd} ${ctx.sys.user.uid === 0 ? '#' : '$'} `;
    ctx.stderr.write(more ? '> ' : ps1);
  };
  return shell.runTop(async () => {
    let pending = '';
    for (;;) {
      prompt(pending !== '');
      let line: string | null;
      try {
        line = await readLine(ctx);
      } catch (err) {
        if (!(err instanceof Interrupted)) throw err;
        pending = '';
        ctx.stdout.write('\n');
        continue;
      }
      if (line === null) {
        if (pending !== '') shell.error('syntax error: unexpected end of file');
        return;
      }
      pending += line.endsWith('\n') ? line : line + '\n';
      try {
        parseScript(pending);
      } catch (err) {
        if (err instanceof ShellSyntaxError && err.incomplete) continue;
      }
      const source = pending;
      pending = '';
      try {
        await shell.evalSource(source);
      } catch (err) {
        if (!interactive || !(err instanceof ShellExit) || err.explicit) throw err;
      }
      await shell.runPendingTraps();
    }
  });
}

for (const name of SHELLS) PROGRAMS[name] = sh;
