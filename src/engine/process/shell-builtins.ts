/** The ash builtins that change the shell itself (exit, export, cd, trap, read, set, ...). */
import { posix } from 'node:path';
import { Interrupted } from './control.js';
import { PROGRAMS, resolveCommand } from './programs/index.js';
import { runCommand } from './runner.js';
import { ShellExit, type Shell } from './shell-interpreter.js';
import { parseSignal, signalName } from './signals.js';

type Builtin = (shell: Shell, args: string[]) => Promise<number> | number;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function toStatus(shell: Shell, arg: string | undefined, fallback: number): number {
  if (arg === undefined) return fallback;
  if (!/^-?\d+$/.test(arg)) {
    shell.error(`exit: Illegal number: ${arg}`);
    return 2;
  }
  return Number(arg) & 0xff;
}

const exportLike =
  (mark: boolean): Builtin =>
  (shell, args) => {
    const names = args.filter((a) => a !== '-p' && a !== '-n');
    if (names.length === 0) {
      for (const name of [...shell.exported].sort()) {
        const v = shell.vars.get(name);
        if (v !== undefined) shell.stdout.write(`export ${name}='${v.replace(/'/g, `'"'"'`)}'\n`);
      }
      return 0;
    }
    for (const arg of names) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!NAME.test(name)) {
        shell.error(`export: bad variable name`);
        return 1;
      }
      if (eq >= 0) shell.vars.set(name, arg.slice(eq + 1));
      if (mark) shell.exported.add(name);
    }
    return 0;
  };

const read: Builtin = async (shell, args) => {
  let raw = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-r') raw = true;
    else if (a === '-p') shell.stderr.write(args[++i] ?? '');
    else if (a === '-s') continue;
    else names.push(a);
  }
  if (names.length === 0) names.push('REPLY');
  const stdin = shell.stdin;
  let line: string | null | undefined;
  try {
    while ((line = stdin.tryReadLine()) === undefined) {
      await shell.sys.control.wait<void>((resolve) => stdin.onChange(() => resolve()));
    }
  } catch (err) {
    if (err instanceof Interrupted) return 128 + err.signo;
    throw err;
  }
  if (line === null) {
    for (const name of names) shell.vars.set(name, '');
    return 1;
  }
  const complete = line.endsWith('\n');
  let text = complete ? line.slice(0, -1) : line;
  if (!raw) text = text.replace(/\\(.)/g, '$1');
  const fields = text.replace(/^[ \t]+/, '').split(/[ \t]+/);
  names.forEach((name, i) => {
    const value = i === names.length - 1 ? fields.slice(i).join(' ') : fields[i] ?? '';
    shell.vars.set(name, i === names.length - 1 ? value.replace(/[ \t]+$/, '') : value);
  });
  if (names.length === 1 && names[0] !== 'REPLY') shell.vars.set(names[0]!, text.replace(/^[ \t]+|[ \t]+$/g, ''));
  return complete ? 0 : 1;
};

const trap: Builtin = (shell, args) => {
  if (args.length === 0) {
    for (const [signo, handler] of shell.sys.traps) {
      shell.stdout.write(`trap -- '${handler.action}' ${signalName(signo).replace(/^SIG/, '')}\n`);
    }
    if (shell.exitTrap) shell.stdout.write(`trap -- '${shell.exitTrap}' EXIT\n`);
    return 0;
  }
  if (args[0] === '-l') {
    shell.stdout.write(' 1) HUP\n 2) INT\n 3) QUIT\n 9) KILL\n10) USR1\n12) USR2\n13) PIPE\n14) ALRM\n15) TERM\n');
    return 0;
  }
  let [action, ...specs] = args as [string, ...string[]];
  if (/^\d+$/.test(action) && specs.length === 0) {
    specs = [action];
    action = '-';
  }
  let status = 0;
  for (const spec of specs) {
    if (!shell.setTrap(action === '-' ? undefined : action, spec.toUpperCase())) {
      shell.error(`trap: ${spec}: invalid signal specification`);
      status = 1;
    }
  }
  return status;
};

const set: Builtin = (shell, args) => {
  if (args.length === 0) {
    for (const [k, v] of [...shell.vars].sort()) shell.stdout.write(`${k}='${v}'\n`);
    return 0;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      shell.positionalArgs = args.slice(i + 1);
      return 0;
    }
    if (a === '-o' || a === '+o') {
      if (args[++i] === 'pipefail') shell.pipefail = a === '-o';
      if (args[i] === 'errexit') shell.errexit = a === '-o';
      continue;
    }
    if (!/^[-+]/.test(a)) {
      shell.positionalArgs = args.slice(i);
      return 0;
    }
    const on = a[0] === '-';
    for (const f of a.slice(1)) {
      if (f === 'e') shell.errexit = on;
      else if (f === 'x') shell.xtrace = on;
    }
  }
  return 0;
};

const cd: Builtin = (shell, args) => {
  const target = args[0] === '-' ? shell.vars.get('OLDPWD') ?? shell.cwd : args[0] ?? shell.vars.get('HOME') ?? '/';
  const path = posix.resolve(shell.cwd, target);
  const stat = shell.fs.stat(path);
  if (stat?.kind !== 'dir') {
    shell.error(`cd: can't cd to ${target}: ${stat ? 'Not a directory' : 'No such file or directory'}`);
    return 2;
  }
  shell.vars.set('OLDPWD', shell.cwd);
  shell.cwd = path;
  shell.vars.set('PWD', path);
  return 0;
};

const wait: Builtin = async (shell) => {
  try {
    return await shell.waitForBackground();
  } catch (err) {
    if (err instanceof Interrupted) return 128 + err.signo;
    throw err;
  }
};

const source: Builtin = async (shell, args) => {
  const file = args[0];
  if (!file) return 0;
  const path = posix.resolve(shell.cwd, file);
  const data = shell.fs.readFile(path);
  if (!data) {
    shell.error(`.: can't open '${file}'`);
    throw new ShellExit(2);
  }
  return shell.evalSource(data.toString());
};

const exec: Builtin = async (shell, args) => {
  throw new ShellExit(await runCommandFromShell(shell, args));
};

async function runCommandFromShell(shell: Shell, argv: string[]): Promise<number> {
  return shell.invoke(argv, {}, false);
}

const command: Builtin = async (shell, args) => {
  if (args[0] === '-v' || args[0] === '-V') {
    const name = args[1] ?? '';
    if (Object.hasOwn(BUILTINS, name) || shell.functions.has(name)) {
      shell.stdout.write(`${name}\n`);
      return 0;
    }
    const resolved = resolveCommand(name, shell.fs, shell.cwd, shell.vars.get('PATH'));
    if (resolved.kind === 'missing') return 127;
    const path = resolved.kind === 'program' ? (name.includes('/') ? name : `/bin/${name}`) : resolved.path;
    shell.stdout.write(`${path}\n`);
    return 0;
  }
  return runCommandFromShell(shell, args);
};

const type: Builtin = (shell, args) => {
  let status = 0;
  for (const name of args) {
    if (Object.hasOwn(BUILTINS, name)) shell.stdout.write(`${name} is a shell builtin\n`);
    else if (shell.functions.has(name)) shell.stdout.write(`${name} is a function\n`);
    else if (Object.hasOwn(PROGRAMS, name)) shell.stdout.write(`${name} is /bin/${name}\n`);
    else {
      shell.stdout.write(`${name}: not found\n`);
      status = 127;
    }
  }
  return status;
};

const kill: Builtin = async (shell, args) => {
  const pidArgs = args.filter((a) => /^\d+$/.test(a));
  if (pidArgs.some((p) => Number(p) === shell.pid)) {
    const spec = args.find((a) => a.startsWith('-'))?.slice(1);
    const sig = spec ? parseSignal(spec) : parseSignal('TERM');
    if (!sig) {
      shell.error(`kill: bad signal name '${spec}'`);
      return 1;
    }
    shell.sys.signal(sig.number);
    return 0;
  }
  return runCommand(shell.sys, { argv: ['kill', ...args], env: shell.environment(), cwd: shell.cwd, ppid: shell.pid, stdin: shell.stdin, stdout: shell.stdout, stderr: shell.stderr });
};

export const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  exit: (shell, args) => shell.throwExit(toStatus(shell, args[0], shell.status)),
  return: (shell, args) => shell.throwReturn(toStatus(shell, args[0], shell.status)),
  break: (shell, args) => shell.throwJump('break', Number(args[0] ?? 1) || 1),
  continue: (shell, args) => shell.throwJump('continue', Number(args[0] ?? 1) || 1),
  export: exportLike(true),
  readonly: exportLike(false),
  local: exportLike(false),
  unset: (shell, args) => {
    for (const name of args.filter((a) => !a.startsWith('-'))) {
      shell.vars.delete(name);
      shell.exported.delete(name);
      if (args.includes('-f')) shell.functions.delete(name);
    }
    return 0;
  },
  shift: (shell, args) => {
    const n = Number(args[0] ?? 1);
    if (n > shell.positionalArgs.length) return 1;
    shell.positionalArgs = shell.positionalArgs.slice(n);
    return 0;
  },
  set,
  cd,
  trap,
  read,
  wait,
  eval: (shell, args) => shell.evalSource(args.join(' ')),
  '.': source,
  source,
  exec,
  command,
  type,
  kill,
};
