/**
 * awk, as far as scripts in containers use it (the language subset in awk-syntax.ts):
 * `awk '{print $2}'`, `-F:`, `-v x=1`, patterns, BEGIN/END, printf. Input is read line
 * by line, so `tail -f log | awk ...` streams. Values follow POSIX: input fields that
 * look numeric compare as numbers, string constants as strings.
 */
import type { Program, ProgramContext } from '../program.js';
import { AwkSyntaxError, parseAwk, toRegExp, type Expr, type Rule, type Stmt } from './awk-syntax.js';
import { fail, out, readFileOrReport, readLine, splitLines } from './util.js';

/** Input-derived text: numeric when it looks like a number ("strnum"). */
class StrNum {
  constructor(readonly s: string) {}
}
type Val = number | string | StrNum;

class Next {}
class Exit {
  constructor(readonly code: number) {}
}

const NUMERIC = /^[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n]*$/;
const PREFIX = /^[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

function toNum(v: Val): number {
  if (typeof v === 'number') return v;
  const m = PREFIX.exec(v instanceof StrNum ? v.s : v);
  return m ? Number(m[0]) : 0;
}

function looksNumeric(v: Val): boolean {
  return typeof v === 'number' || (v instanceof StrNum && NUMERIC.test(v.s));
}

/** C's %.6g, awk's default CONVFMT and OFMT. */
function formatG(n: number, precision = 6, alt = false): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan';
  if (n === 0) return '0';
  const p = Math.max(precision, 1);
  const exp = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(p)))));
  const strip = (s: string) => (alt ? s : s.replace(/\.?0+$/, ''));
  if (exp < -4 || exp >= p) {
    const [mant, e] = n.toExponential(p - 1).split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    return `${strip(mant)}e${sign}${e.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return strip(n.toFixed(Math.max(0, p - 1 - exp)));
}

function toStr(v: Val): string {
  if (typeof v === 'string') return v;
  if (v instanceof StrNum) return v.s;
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : formatG(v);
}

function truthy(v: Val): boolean {
  if (typeof v === 'number') return v !== 0;
  if (v instanceof StrNum) return NUMERIC.test(v.s) ? toNum(v) !== 0 : v.s !== '';
  return v !== '';
}

/** printf's conversions: %d %i %o %x %X %u %c %s %e %f %g %%, flags, width, precision. */
export function awkSprintf(format: string, args: Val[]): string {
  let i = 0;
  return format.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXcseEfgG%])/g, (_m, flags: string, w?: string, p?: string, conv?: string) => {
    if (conv === '%') return '%';
    const width = w === '*' ? toNum(args[i++] ?? 0) : w ? Number(w) : 0;
    const prec = p === '*' ? toNum(args[i++] ?? 0) : p !== undefined ? Number(p) : undefined;
    const arg: Val = args[i++] ?? '';
    let body: string;
    let numeric = true;
    switch (conv) {
      case 'd':
      case 'i':
      case 'u': {
        const n = Math.trunc(toNum(arg));
        body = String(Math.abs(n));
        if (prec !== undefined) body = body.padStart(prec, '0');
        body = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
        break;
      }
      case 'o':
      case 'x':
      case 'X': {
        body = Math.trunc(Math.abs(toNum(arg))).toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') body = body.toUpperCase();
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G': {
        const n = toNum(arg);
        const pr = prec ?? 6;
        body = conv === 'f' ? n.toFixed(pr) : conv.toLowerCase() === 'e' ? n.toExponential(pr).replace(/e([-+])(\d)$/, 'e$10$2') : formatG(n, pr || 1, flags.includes('#'));
        if (conv === 'E' || conv === 'G') body = body.toUpperCase();
        if (n >= 0 && flags.includes('+')) body = '+' + body;
        break;
      }
      case 'c':
        numeric = false;
        body = typeof arg === 'number' ? String.fromCharCode(arg) : toStr(arg).slice(0, 1);
        break;
      default:
        numeric = false;
        body = toStr(arg);
        if (prec !== undefined) body = body.slice(0, prec);
    }
    if (body.length >= width) return body;
    if (flags.includes('-')) return body.padEnd(width);
    if (numeric && flags.includes('0')) {
      const sign = /^[-+ ]/.test(body) ? body[0]! : '';
      return sign + body.slice(sign.length).padStart(width - sign.length, '0');
    }
    return body.padStart(width);
  });
}

class AwkRun {
  readonly vars = new Map<string, Val>([['FS', ' '], ['OFS', ' '], ['ORS', '\n'], ['NR', 0], ['NF', 0], ['FNR', 0], ['FILENAME', ''], ['SUBSEP', '\x1c'], ['RSTART', 0], ['RLENGTH', -1]]);
  private record = '';
  private fields: string[] = [];

  constructor(private readonly ctx: ProgramContext) {}

  setRecord(text: string): void {
    this.record = text;
    const fs = toStr(this.vars.get('FS') ?? ' ');
    if (text === '') this.fields = [];
    else if (fs === ' ') this.fields = text.trim() === '' ? [] : text.trim().split(/[ \t\n]+/);
    else if (fs.length === 1 && fs !== '\\') this.fields = text.split(fs);
    else this.fields = text.split(toRegExp(fs));
    this.vars.set('NF', this.fields.length);
  }

  private field(n: number): Val {
    if (n === 0) return new StrNum(this.record);
    return new StrNum(this.fields[n - 1] ?? '');
  }

  private setField(n: number, value: string): void {
    if (n === 0) return this.setRecord(value);
    while (this.fields.length < n) this.fields.push('');
    this.fields[n - 1] = value;
    this.vars.set('NF', this.fields.length);
    this.record = this.fields.join(toStr(this.vars.get('OFS')!));
  }

  exec(stmts: Stmt[]): void {
    for (const s of stmts) {
      switch (s.k) {
        case 'print': {
          const items = s.args.length ? s.args.map((a) => this.eval(a)) : [this.field(0)];
          const text = items.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : formatG(v)) : toStr(v))).join(toStr(this.vars.get('OFS')!));
          out(this.ctx, text + toStr(this.vars.get('ORS')!));
          break;
        }
        case 'printf': {
          const [fmt, ...rest] = s.args.map((a) => this.eval(a));
          out(this.ctx, awkSprintf(toStr(fmt!), rest));
          break;
        }
        case 'expr':
          this.eval(s.e);
          break;
        case 'next':
          throw new Next();
        case 'exit':
          throw new Exit(s.code ? Math.trunc(toNum(this.eval(s.code))) : 0);
        case 'if':
          if (truthy(this.eval(s.test))) this.exec(s.then);
          else if (s.else) this.exec(s.else);
          break;
      }
    }
  }

  matches(pattern: Expr): boolean {
    return truthy(this.eval(pattern));
  }

  private assign(target: Expr, value: Val): Val {
    if (target.k === 'field') this.setField(Math.trunc(toNum(this.eval(target.index))), toStr(value));
    else if (target.k === 'var') {
      this.vars.set(target.name, value);
      if (target.name === 'NF') {
        this.fields = this.fields.slice(0, toNum(value));
        while (this.fields.length < toNum(value)) this.fields.push('');
        this.record = this.fields.join(toStr(this.vars.get('OFS')!));
      }
    }
    return value;
  }

  eval(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return e.v.test(this.record) ? 1 : 0;
      case 'var':
        return this.vars.get(e.name) ?? '';
      case 'field':
        return this.field(Math.trunc(toNum(this.eval(e.index))));
      case 'assign': {
        const value = this.eval(e.value);
        if (e.op === '=') return this.assign(e.target, value instanceof StrNum ? value : value);
        return this.assign(e.target, arith(e.op[0]!, toNum(this.eval(e.target)), toNum(value)));
      }
      case 'incr': {
        const before = toNum(this.eval(e.target));
        this.assign(e.target, before + e.delta);
        return e.prefix ? before + e.delta : before;
      }
      case 'not':
        return truthy(this.eval(e.a)) ? 0 : 1;
      case 'neg':
        return -toNum(this.eval(e.a));
      case 'cond':
        return truthy(this.eval(e.test)) ? this.eval(e.yes) : this.eval(e.no);
      case 'match': {
        const re = e.re.k === 're' ? e.re.v : toRegExp(toStr(this.eval(e.re)));
        return re.test(toStr(this.eval(e.a))) !== e.negate ? 1 : 0;
      }
      case 'call':
        return this.call(e.name, e.args);
      case 'bin': {
        if (e.op === '&&') return truthy(this.eval(e.a)) && truthy(this.eval(e.b)) ? 1 : 0;
        if (e.op === '||') return truthy(this.eval(e.a)) || truthy(this.eval(e.b)) ? 1 : 0;
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        if (e.op === 'concat') return toStr(a) + toStr(b);
        if (['<', '<=', '==', '!=', '>', '>='].includes(e.op)) return compare(e.op, a, b) ? 1 : 0;
        return arith(e.op, toNum(a), toNum(b));
      }
    }
  }

  private call(name: string, args: Expr[]): Val {
    const v = args.map((a) => this.eval(a));
    switch (name) {
      case 'length':
        return toStr(v.length ? v[0]! : this.field(0)).length;
      case 'substr': {
        const s = toStr(v[0] ?? '');
        const start = Math.round(toNum(v[1] ?? 1));
        const end = v.length > 2 ? start + Math.round(toNum(v[2]!)) : Infinity;
        return s.slice(Math.max(start, 1) - 1, Math.max(Math.min(end, s.length + 1) - 1, 0));
      }
      case 'index':
        return toStr(v[0] ?? '').indexOf(toStr(v[1] ?? '')) + 1;
      case 'tolower':
        return toStr(v[0] ?? '').toLowerCase();
      case 'toupper':
        return toStr(v[0] ?? '').toUpperCase();
    }
    return '';
  }
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new AwkRuntimeError('division by zero');
      return a / b;
    case '%':
      if (b === 0) throw new AwkRuntimeError('division by zero in %');
      return a % b;
    case '^':
      return a ** b;
  }
  return 0;
}

function compare(op: string, a: Val, b: Val): boolean {
  const numeric = looksNumeric(a) && looksNumeric(b);
  const x = numeric ? toNum(a) : toStr(a);
  const y = numeric ? toNum(b) : toStr(b);
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

class AwkRuntimeError extends Error {}

/** -F's argument: "t" and "\t" mean a tab. */
function fieldSeparator(arg: string): string {
  return arg === 't' || arg === '\\t' ? '\t' : arg;
}

export const awk: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  const assigns: [string, string][] = [];
  let fs: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('-F')) fs = fieldSeparator(a.length > 2 ? a.slice(2) : (args[++i] ?? ''));
    else if (a.startsWith('-v')) {
      const spec = a.length > 2 ? a.slice(2) : (args[++i] ?? '');
      const eq = spec.indexOf('=');
      if (eq <= 0) return fail(ctx, `-v: invalid variable assignment '${spec}'`, 2);
      assigns.push([spec.slice(0, eq), unescape(spec.slice(eq + 1))]);
    } else if (a.startsWith('-') && a !== '-') return fail(ctx, `unrecognized option '${a}'`, 2);
    else break;
  }
  const source = args[i++];
  if (source === undefined) return fail(ctx, 'usage: awk [-F fs] [-v var=value] program [file ...]', 2);
  let rules: Rule[];
  try {
    rules = parseAwk(source);
  } catch (err) {
    if (err instanceof AwkSyntaxError) return fail(ctx, `cmd. line:1: ${err.message}`, 2);
    throw err;
  }
  const run = new AwkRun(ctx);
  if (fs !== undefined) run.vars.set('FS', fs);
  for (const [k, v] of assigns) run.vars.set(k, new StrNum(v));
  const operands = args.slice(i);
  const main = rules.filter((r) => r.pattern !== 'BEGIN' && r.pattern !== 'END');
  let status = 0;
  try {
    try {
      for (const r of rules) if (r.pattern === 'BEGIN') run.exec(r.action ?? []);
      if (main.length || rules.some((r) => r.pattern === 'END')) {
        const onRecord = (line: string) => {
          run.vars.set('NR', toNum(run.vars.get('NR')!) + 1);
          run.vars.set('FNR', toNum(run.vars.get('FNR')!) + 1);
          run.setRecord(line);
          try {
            for (const r of main) {
              if (r.pattern !== undefined && !run.matches(r.pattern as Expr)) continue;
              run.exec(r.action ?? [{ k: 'print', args: [] }]);
            }
          } catch (err) {
            if (!(err instanceof Next)) throw err;
          }
        };
        const files = operands.filter((o) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(o));
        if (!files.length) operands.push('-');
        for (const operand of operands) {
          const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(operand);
          if (assign) {
            run.vars.set(assign[1]!, new StrNum(unescape(assign[2]!)));
            continue;
          }
          run.vars.set('FILENAME', operand === '-' ? '' : operand);
          run.vars.set('FNR', 0);
          if (operand === '-') {
            for (let line = await readLine(ctx); line !== null; line = await readLine(ctx)) onRecord(line.replace(/\n$/, ''));
          } else {
            const data = readFileOrReport(ctx, operand);
            if (!data) {
              status = 2;
              continue;
            }
            for (const line of splitLines(data.toString('latin1'))) onRecord(line);
          }
        }
      }
    } catch (err) {
      if (!(err instanceof Exit)) throw err;
      status = err.code;
    }
    for (const r of rules) if (r.pattern === 'END') run.exec(r.action ?? []);
  } catch (err) {
    if (err instanceof Exit) return err.code;
    if (err instanceof AwkRuntimeError) return fail(ctx, `cmd. line:1: ${err.message}`, 2);
    throw err;
  }
  return status;
};

/** Escapes in -v and command-line assignments, as in string constants. */
function unescape(text: string): string {
  return text.replace(/\\([ntr\\"/])/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c);
}
