/** test / [ : file tests, string and integer comparisons, ! -a -o and parentheses. */
import type { Program, ProgramContext } from '../program.js';
import { fail, resolvePath } from './util.js';

class TestError extends Error {}

export const test: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (ctx.argv[0]?.endsWith('[')) {
    if (args[args.length - 1] !== ']') return fail(ctx, 'missing ]', 2);
    args.pop();
  }
  try {
    return evaluate(ctx, args) ? 0 : 1;
  } catch (err) {
    if (err instanceof TestError) return fail(ctx, err.message, 2);
    throw err;
  }
};

function evaluate(ctx: ProgramContext, args: string[]): boolean {
  if (args.length === 0) return false;
  let pos = 0;
  const peek = () => args[pos];
  const next = () => args[pos++];

  const orExpr = (): boolean => {
    let value = andExpr();
    while (peek() === '-o') {
      next();
      value = andExpr() || value;
    }
    return value;
  };
  const andExpr = (): boolean => {
    let value = notExpr();
    while (peek() === '-a') {
      next();
      value = notExpr() && value;
    }
    return value;
  };
  const notExpr = (): boolean => {
    if (peek() === '!' && pos + 1 < args.length) {
      next();
      return !notExpr();
    }
    return primary();
  };
  const primary = (): boolean => {
    const a = next();
    if (a === undefined) throw new TestError('argument expected');
    if (a === '(' && args.includes(')', pos)) {
      const value = orExpr();
      if (next() !== ')') throw new TestError("')' expected");
      return value;
    }
    const op = peek();
    if (op !== undefined && BINARY.has(op) && pos + 1 < args.length) {
      next();
      return binary(a, op, next()!);
    }
    if (UNARY.has(a) && op !== undefined) {
      next();
      return unary(ctx, a, op);
    }
    return a !== '';
  };
  const value = orExpr();
  if (pos < args.length) throw new TestError(`${args[pos]}: unknown operand`);
  return value;
}

const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);
const UNARY = new Set(['-e', '-f', '-d', '-s', '-z', '-n', '-r', '-w', '-x', '-L', '-h', '-b', '-c', '-p', '-S', '-t', '-g', '-u', '-k', '-O', '-G']);

function integer(s: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new TestError(`invalid number '${s}'`);
  return Number(s);
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=': case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '-eq': return integer(a) === integer(b);
    case '-ne': return integer(a) !== integer(b);
    case '-lt': return integer(a) < integer(b);
    case '-le': return integer(a) <= integer(b);
    case '-gt': return integer(a) > integer(b);
    case '-ge': return integer(a) >= integer(b);
    default: return false;
  }
}

function unary(ctx: ProgramContext, op: string, operand: string): boolean {
  if (op === '-z') return operand === '';
  if (op === '-n') return operand !== '';
  if (op === '-t') return ctx.sys.tty && ['0', '1', '2'].includes(operand);
  const path = resolvePath(ctx.cwd, operand);
  const stat = ctx.sys.fs.stat(path, { noFollow: op === '-L' || op === '-h' });
  if (!stat || operand === '') return false;
  switch (op) {
    case '-f': return stat.kind === 'file';
    case '-d': return stat.kind === 'dir';
    case '-L': case '-h': return stat.kind === 'symlink';
    case '-s': return stat.size > 0;
    case '-x': return (stat.mode & 0o111) !== 0 || ctx.sys.user.uid === 0 && stat.kind === 'dir';
    case '-r': case '-w': case '-e': return true;
    default: return false;
  }
}
