/** Helpers shared by the simulated programs. */
import { posix } from 'node:path';
import { FsError } from '../../fs/types.js';
import type { ProgramContext } from '../program.js';

export function out(ctx: ProgramContext, text: string | Buffer): void {
  ctx.stdout.write(text);
}

/** Print "prog: message" to stderr and return status (busybox style). */
export function fail(ctx: ProgramContext, message: string, status = 1): number {
  ctx.stderr.write(`${progName(ctx)}: ${message}\n`);
  return status;
}

export function progName(ctx: ProgramContext): string {
  return posix.basename(ctx.argv[0] ?? 'sh');
}

export function resolvePath(cwd: string, path: string): string {
  return posix.resolve(cwd, path);
}

/** Next chunk of stdin; null at EOF. */
export async function readChunk(ctx: ProgramContext): Promise<Buffer | null> {
  for (;;) {
    const data = ctx.stdin.tryRead();
    if (data !== undefined) return data;
    await ctx.sys.control.wait<void>((resolve) => ctx.stdin.onChange(() => resolve()));
  }
}

/** Next line of stdin including its "\n" (the last may lack it); null at EOF. */
export async function readLine(ctx: ProgramContext): Promise<string | null> {
  for (;;) {
    const line = ctx.stdin.tryReadLine();
    if (line !== undefined) return line;
    await ctx.sys.control.wait<void>((resolve) => ctx.stdin.onChange(() => resolve()));
  }
}

export async function readAll(ctx: ProgramContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let c = await readChunk(ctx); c !== null; c = await readChunk(ctx)) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Contents of each operand ("-" or none = stdin), reporting unreadable files busybox-style. */
export async function* inputs(ctx: ProgramContext, operands: string[]): AsyncGenerator<{ name: string; data: Buffer }> {
  if (operands.length === 0) operands = ['-'];
  for (const name of operands) {
    if (name === '-') {
      yield { name, data: await readAll(ctx) };
      continue;
    }
    const data = readFileOrReport(ctx, name);
    if (data) yield { name, data };
  }
}

/** Read a file; on failure print busybox's message, set ctx status via the returned undefined. */
export function readFileOrReport(ctx: ProgramContext, name: string): Buffer | undefined {
  const path = resolvePath(ctx.cwd, name);
  const stat = ctx.sys.fs.stat(path);
  if (!stat) {
    fail(ctx, `can't open '${name}': No such file or directory`);
    return undefined;
  }
  if (stat.kind === 'dir') {
    fail(ctx, `read error: Is a directory`);
    return undefined;
  }
  return ctx.sys.fs.readFile(path) ?? Buffer.alloc(0);
}

/** Split "-abc" style flags off the front of args; stops at "--" or the first operand. */
export function parseFlags(args: string[], known: string): { flags: Set<string>; operands: string[]; bad?: string } {
  const flags = new Set<string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (const f of arg.slice(1)) {
      if (!known.includes(f)) return { flags, operands: [], bad: f };
      flags.add(f);
    }
  }
  return { flags, operands: args.slice(i) };
}

export function fsErrorText(err: unknown): string | undefined {
  return err instanceof FsError ? FsError.describe(err.code) : undefined;
}

/** Lines of text; a final line without "\n" still counts. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
