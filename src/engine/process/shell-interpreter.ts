/**
 * Runs parsed shell scripts the way busybox ash does: variables and exports,
 * pipelines between simulated programs, redirections into the container fs,
 * control flow, functions, `trap`, `set -e/-x`, and the ash builtins.
 */
import { posix } from 'node:path';
import { FsError } from '../fs/types.js';
import { Interrupted } from './control.js';
import { BrokenPipe, FileSink, NullSink, Pipe, type Sink } from './io.js';
import type { System } from './program.js';
import { resolveCommand } from './programs/index.js';
import { runCommand } from './runner.js';
import { BUILTINS } from './shell-builtins.js';
import { ArithError } from './shell-arith.js';
import { ShellSyntaxError, type AndOr, type Command, type List, type Pipeline, type Redirect, type Word } from './shell-ast.js';
import { expandFields, expandPattern, expandString, globToRegExp, type ExpansionHost } from './shell-expand.js';
import { parseScript } from './shell-parser.js';
import { parseSignal, SIGPIPE } from './signals.js';

/** `exit N`, or a fatal shell error: unwinds to the top of the shell (or subshell). */
export class ShellExit {
  /** explicit: the `exit` builtin (an interactive shell survives the other, error, exits). */
  constructor(
    readonly status: number,
    readonly explicit = false,
  ) {}
}
class LoopJump {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
class FunctionReturn {
  constructor(readonly status: number) {}
}

type Fd = Pipe | Sink;

export interface ShellOptions {
  /** "sh" or "bash": used in messages. */
  name: string;
  env: Record<string, string>;
  cwd: string;
  arg0: string;
  args: string[];
  stdin: Pipe;
  stdout: Sink;
  stderr: Sink;
  pid: number;
}

export class Shell implements ExpansionHost {
  readonly sys: System;
  readonly name: string;
  vars = new Map<string, string>();
  exported = new Set<string>();
  functions = new Map<string, Command>();
  positionalArgs: string[];
  arg0: string;
  cwd: string;
  status = 0;
  pid: number;
  lastBackgroundPid: number | undefined;
  errexit = false;
  xtrace = false;
  pipefail = false;
  exitTrap: string | undefined;
  pendingTraps: number[] = [];
  fds = new Map<number, Fd>();
  private background = new Set<Promise<number>>();
  private conditionDepth = 0;
  private substStatus: number | undefined;

  constructor(sys: System, opts: ShellOptions) {
    this.sys = sys;
    this.name = opts.name;
    this.cwd = opts.cwd;
    this.arg0 = opts.arg0;
    this.positionalArgs = opts.args;
    this.pid = opts.pid;
    for (const [k, v] of Object.entries(opts.env)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (!this.vars.has('PWD')) this.vars.set('PWD', opts.cwd);
    this.fds.set(0, opts.stdin).set(1, opts.stdout).set(2, opts.stderr);
  }

  get fs() {
    return this.sys.fs;
  }

  /** Parse and run a script; returns the shell's exit status (syntax errors: 2). */
  async runScript(src: string): Promise<number> {
    return this.runTop(async () => {
      await this.evalSource(src);
    });
  }

  /** Run with `exit`, EXIT traps and fatal errors handled; returns the final status. */
  async runTop(body: () => Promise<unknown>): Promise<number> {
    try {
      await body();
    } catch (err) {
      this.status = this.statusOf(err);
    }
    await this.runExitTrap();
    return this.status;
  }

  /** Parse and execute in this shell (eval, ., traps). Syntax errors are reported and fatal. */
  async evalSource(src: string): Promise<number> {
    let list: List;
    try {
      list = parseScript(src);
    } catch (err) {
      if (!(err instanceof ShellSyntaxError)) throw err;
      this.error(`syntax error: ${err.message}`);
      throw new ShellExit(2);
    }
    return this.execList(list);
  }

  error(message: string): void {
    this.stderr.write(`${this.name}: ${message}\n`);
  }

  get stdout(): Sink {
    return this.fds.get(1) ?? new NullSink();
  }

  get stderr(): Sink {
    return this.fds.get(2) ?? new NullSink();
  }

  get stdin(): Pipe {
    const fd = this.fds.get(0);
    return fd instanceof Pipe ? fd : Pipe.empty();
  }

  // ---- ExpansionHost ----

  param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.pid);
      case '#':
        return String(this.positionalArgs.length);
      case '!':
        return this.lastBackgroundPid === undefined ? '' : String(this.lastBackgroundPid);
      case '-':
        return (this.errexit ? 'e' : '') + (this.xtrace ? 'x' : '');
      case '0':
        return this.arg0;
    }
    if (/^\d+$/.test(name)) return this.positionalArgs[Number(name) - 1];
    return this.vars.get(name);
  }

  positional(): string[] {
    return this.positionalArgs;
  }

  assign(name: string, value: string): void {
    this.vars.set(name, value);
  }

  async substitute(body: List): Promise<string> {
    const chunks: Buffer[] = [];
    const sub = this.subshell();
    sub.fds.set(1, { write: (d) => void chunks.push(typeof d === 'string' ? Buffer.from(d) : d) });
    this.substStatus = await sub.runSubshell(() => sub.execList(body));
    return Buffer.concat(chunks).toString();
  }

  paramError(name: string, message: string): never {
    this.error(`${name}: ${message}`);
    throw new ShellExit(1);
  }

  /** The environment programs get: exported variables. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const value = this.vars.get(name);
      if (value !== undefined) env[name] = value;
    }
    return env;
  }

  // ---- execution ----

  async execList(list: List): Promise<number> {
    for (const andOr of list) {
      this.sys.control.check();
      if (andOr.background) this.startBackground(andOr);
      else await this.execAndOr(andOr);
    }
    return this.status;
  }

  private async execAndOr(andOr: AndOr): Promise<number> {
    const steps = [{ op: undefined as '&&' | '||' | undefined, pipeline: andOr.first }, ...andOr.rest];
    let status = this.status;
    for (const [i, { op, pipeline }] of steps.entries()) {
      if (op === '&&' && status !== 0) continue;
      if (op === '||' && status === 0) continue;
      const last = i === steps.length - 1;
      status = last ? await this.execPipeline(pipeline) : await this.inCondition(() => this.execPipeline(pipeline));
      if (last && status !== 0 && this.errexit && this.conditionDepth === 0 && !pipeline.negate) throw new ShellExit(status);
    }
    return status;
  }

  private async inCondition<T>(fn: () => Promise<T>): Promise<T> {
    this.conditionDepth++;
    try {
      return await fn();
    } finally {
      this.conditionDepth--;
    }
  }

  private async execPipeline(pipeline: Pipeline): Promise<number> {
    let status: number;
    if (pipeline.commands.length === 1) status = await this.execCommand(pipeline.commands[0]!);
    else status = await this.execPipe(pipeline.commands);
    if (pipeline.negate) status = status === 0 ? 1 : 0;
    this.status = status;
    await this.runPendingTraps();
    return this.status === status ? status : this.status;
  }

  private async execPipe(commands: Command[]): Promise<number> {
    const pipes = commands.slice(1).map(() => new Pipe());
    const runs = commands.map(async (command, i) => {
      const sub = this.subshell();
      if (i > 0) sub.fds.set(0, pipes[i - 1]!);
      if (i < commands.length - 1) sub.fds.set(1, pipes[i]!);
      try {
        return await sub.runSubshell(() => sub.execCommand(command));
      } finally {
        if (i > 0) pipes[i - 1]!.closeRead();
        if (i < commands.length - 1) pipes[i]!.end();
      }
    });
    const statuses = await Promise.all(runs);
    if (this.pipefail) return [...statuses].reverse().find((s) => s !== 0) ?? 0;
    return statuses[statuses.length - 1]!;
  }

  /** A copy of this shell's state for ( ), pipelines, $( ) and background jobs. */
  subshell(): Shell {
    const sub = Object.create(Shell.prototype) as Shell;
    Object.assign(sub, this);
    sub.vars = new Map(this.vars);
    sub.exported = new Set(this.exported);
    sub.functions = new Map(this.functions);
    sub.positionalArgs = [...this.positionalArgs];
    sub.fds = new Map(this.fds);
    sub.exitTrap = undefined;
    sub.pendingTraps = [];
    sub.background = new Set();
    return sub;
  }

  /** Run a subshell body: exit, a broken pipe or a loop jump end only the subshell. */
  async runSubshell(body: () => Promise<number>): Promise<number> {
    try {
      this.status = await body();
    } catch (err) {
      this.status = this.statusOf(err);
    }
    return this.status;
  }

  private statusOf(err: unknown): number {
    if (err instanceof ShellExit) return err.status;
    if (err instanceof FunctionReturn) return err.status;
    if (err instanceof LoopJump) return this.status;
    if (err instanceof BrokenPipe) return 128 + SIGPIPE;
    if (err instanceof Interrupted) return 128 + err.signo;
    throw err;
  }

  private startBackground(andOr: AndOr): void {
    const sub = this.subshell();
    if (!this.sys.tty) sub.fds.set(0, Pipe.empty());
    const pid = this.sys.allocatePid();
    this.lastBackgroundPid = pid;
    const job = sub.runSubshell(() => sub.execAndOr({ ...andOr, background: false })).catch(() => 0);
    this.background.add(job);
    void job.then(() => this.background.delete(job));
    this.status = 0;
  }

  async waitForBackground(): Promise<number> {
    let status = 0;
    while (this.background.size > 0) {
      const jobs = [...this.background];
      const statuses = await this.sys.control.wait<number[]>((resolve) => {
        void Promise.all(jobs).then(resolve);
        return () => {};
      });
      status = statuses[statuses.length - 1] ?? 0;
    }
    return status;
  }

  async execCommand(command: Command): Promise<number> {
    switch (command.type) {
      case 'simple':
        return this.execSimple(command);
      case 'function':
        this.functions.set(command.name, command.body);
        return (this.status = 0);
    }
    return this.withRedirects(command.redirects, async () => {
      switch (command.type) {
        case 'if':
          for (const clause of command.clauses) {
            if ((await this.inCondition(() => this.execList(clause.cond))) === 0) return this.execList(clause.body);
          }
          return command.elseBody ? this.execList(command.elseBody) : (this.status = 0);
        case 'loop':
          return this.execLoop(command.until, command.cond, command.body);
        case 'for': {
          const items = command.items ? await this.expandAll(command.items) : [...this.positionalArgs];
          return this.execIterations(items.length, async (i) => {
            this.vars.set(command.name, items[i]!);
            return this.execList(command.body);
          });
        }
        case 'case':
          return this.execCase(command);
        case 'group': {
          if (!command.subshell) return this.execList(command.body);
          const sub = this.subshell();
          return (this.status = await sub.runSubshell(() => sub.execList(command.body)));
        }
      }
    });
  }

  private async execLoop(until: boolean, cond: List, body: List): Promise<number> {
    let ran = 0;
    return this.execIterations(Infinity, async () => {
      const condStatus = await this.inCondition(() => this.execList(cond));
      if ((condStatus === 0) === until) throw new LoopJump('break', 1);
      ran++;
      return this.execList(body);
    }).then((status) => (ran === 0 ? (this.status = 0) : status));
  }

  /** Run loop iterations with break/continue, yielding to the event loop between them. */
  private async execIterations(count: number, iteration: (i: number) => Promise<number>): Promise<number> {
    let status = 0;
    for (let i = 0; i < count; i++) {
      await this.sys.control.tick();
      try {
        status = await iteration(i);
      } catch (err) {
        if (!(err instanceof LoopJump)) throw err;
        if (err.levels > 1) {
          err.levels--;
          throw err;
        }
        if (err.kind === 'break') break;
      }
      await this.runPendingTraps();
    }
    return (this.status = status);
  }

  private async execCase(command: Command & { type: 'case' }): Promise<number> {
    const subject = await expandString(this, command.subject);
    for (const arm of command.arms) {
      for (const pattern of arm.patterns) {
        if (globToRegExp(await expandPattern(this, pattern)).test(subject)) return this.execList(arm.body);
      }
    }
    return (this.status = 0);
  }

  private async expandAll(words: Word[]): Promise<string[]> {
    const fields: string[] = [];
    for (const word of words) fields.push(...(await expandFields(this, word)));
    return fields;
  }

  private async execSimple(command: Command & { type: 'simple' }): Promise<number> {
    this.substStatus = undefined;
    let argv: string[];
    try {
      argv = await this.expandAll(command.words);
    } catch (err) {
      if (err instanceof ArithError) {
        this.error(err.message);
        throw new ShellExit(2);
      }
      throw err;
    }
    const assigns: Record<string, string> = {};
    for (const { name, value } of command.assigns) assigns[name] = await expandString(this, value);
    if (argv.length === 0) {
      for (const [name, value] of Object.entries(assigns)) this.vars.set(name, value);
      if (this.xtrace && command.assigns.length) this.trace(Object.entries(assigns).map(([k, v]) => `${k}=${v}`));
      const status = await this.withRedirects(command.redirects, async () => 0);
      return (this.status = status || (this.substStatus ?? 0));
    }
    if (this.xtrace) this.trace(argv);
    if (argv[0] === 'exec' && argv.length === 1) {
      const fds = await this.openRedirects(command.redirects);
      if (fds) this.fds = fds;
      return (this.status = fds ? 0 : 1);
    }
    return this.withRedirects(command.redirects, () => this.invoke(argv, assigns));
  }

  private trace(words: string[]): void {
    this.stderr.write(`+ ${words.join(' ')}\n`);
  }

  /** Run a command name: builtin, function, or program. */
  async invoke(argv: string[], assigns: Record<string, string> = {}, useFunctions = true): Promise<number> {
    const name = argv[0]!;
    const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    if (builtin) {
      for (const [k, v] of Object.entries(assigns)) this.vars.set(k, v);
      return (this.status = await builtin(this, argv.slice(1)));
    }
    const fn = useFunctions ? this.functions.get(name) : undefined;
    if (fn) return (this.status = await this.callFunction(fn, argv));
    const env = { ...this.environment(), ...assigns };
    if (resolveCommand(name, this.fs, this.cwd, env.PATH).kind === 'missing') {
      const notFound = this.name === 'bash' ? 'command not found' : 'not found';
      this.error(`${name}: ${this.fs.stat(posix.resolve(this.cwd, name))?.kind === 'dir' ? 'Permission denied' : notFound}`);
      return (this.status = this.fs.stat(posix.resolve(this.cwd, name))?.kind === 'dir' ? 126 : 127);
    }
    const status = await runCommand(this.sys, { argv, env, cwd: this.cwd, ppid: this.pid, stdin: this.stdin, stdout: this.stdout, stderr: this.stderr });
    return (this.status = status);
  }

  private async callFunction(body: Command, argv: string[]): Promise<number> {
    const saved = this.positionalArgs;
    this.positionalArgs = argv.slice(1);
    try {
      return await this.execCommand(body);
    } catch (err) {
      if (err instanceof FunctionReturn) return err.status;
      throw err;
    } finally {
      this.positionalArgs = saved;
    }
  }

  // ---- redirections ----

  private async withRedirects(redirects: Redirect[], body: () => Promise<number>): Promise<number> {
    if (redirects.length === 0) return body();
    const fds = await this.openRedirects(redirects);
    if (!fds) return (this.status = 1);
    const saved = this.fds;
    this.fds = fds;
    try {
      return await body();
    } finally {
      this.fds = saved;
    }
  }

  /** The fd table after the redirections; undefined (after reporting) when one cannot be opened. */
  private async openRedirects(redirects: Redirect[]): Promise<Map<number, Fd> | undefined> {
    const fds = new Map(this.fds);
    for (const r of redirects) {
      const target = await expandString(this, r.body ?? r.target);
      try {
        fds.set(r.fd, this.openRedirect(r, target, fds) ?? new NullSink());
      } catch (err) {
        if (!(err instanceof FsError)) throw err;
        const path = target;
        if (r.op.startsWith('<')) this.error(`can't open '${path}': ${FsError.describe(err.code)}`);
        else this.error(`can't create ${path}: ${err.code === 'ENOENT' ? 'nonexistent directory' : FsError.describe(err.code)}`);
        return undefined;
      }
    }
    return fds;
  }

  private openRedirect(r: Redirect, target: string, fds: Map<number, Fd>): Fd | undefined {
    if (r.body) return Pipe.of(target);
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') return new NullSink();
      if (/^\d+$/.test(target)) return fds.get(Number(target));
    }
    const special: Record<string, () => Fd | undefined> = {
      '/dev/null': () => (r.op.startsWith('<') ? Pipe.empty() : new NullSink()),
      '/dev/stdout': () => fds.get(1),
      '/dev/stderr': () => fds.get(2),
      '/dev/stdin': () => fds.get(0),
    };
    if (special[target]) return special[target]!();
    const path = posix.resolve(this.cwd, target);
    if (r.op === '<' || r.op === '<>' || r.op === '<&') {
      const stat = this.fs.stat(path);
      if (!stat) throw new FsError('ENOENT', path);
      return Pipe.of(this.fs.readFile(path) ?? Buffer.alloc(0));
    }
    if (this.fs.stat(path)?.kind === 'dir') throw new FsError('EISDIR', path);
    return new FileSink(this.fs, path, r.op === '>>');
  }

  // ---- traps ----

  async runPendingTraps(): Promise<void> {
    while (this.pendingTraps.length > 0) {
      const signo = this.pendingTraps.shift()!;
      const action = this.sys.traps.get(signo)?.action;
      if (!action) continue;
      const saved = this.status;
      await this.evalSource(action);
      this.status = saved;
    }
  }

  private async runExitTrap(): Promise<void> {
    const action = this.exitTrap;
    if (!action || this.sys.control.killed) return;
    this.exitTrap = undefined;
    const saved = this.status;
    try {
      await this.evalSource(action);
      this.status = saved;
    } catch (err) {
      this.status = this.statusOf(err);
    }
  }

  setTrap(action: string | undefined, spec: string): boolean {
    if (spec === 'EXIT' || spec === '0') {
      this.exitTrap = action || undefined;
      return true;
    }
    const sig = parseSignal(spec);
    if (!sig) return false;
    if (action === undefined) this.sys.traps.delete(sig.number);
    else {
      // Simplification of ash (which lets the foreground child finish first): wake waits at once.
      const deliver = (n: number) => {
        this.pendingTraps.push(n);
        this.sys.control.interrupt(n);
      };
      this.sys.traps.set(sig.number, { action, deliver });
    }
    return true;
  }

  // helpers for builtins
  throwExit(status: number): never {
    throw new ShellExit(status, true);
  }
  throwJump(kind: 'break' | 'continue', levels: number): never {
    throw new LoopJump(kind, levels);
  }
  throwReturn(status: number): never {
    throw new FunctionReturn(status);
  }
}
