/** echo, printf, true, false, sleep, yes, seq. */
import type { Program, ProgramContext } from '../program.js';
import { fail, out } from './util.js';

export const trueProgram: Program = async () => 0;
export const falseProgram: Program = async () => 1;

export const echo: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
    const flags = args.shift()!;
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
  }
  let text = args.join(' ');
  if (escapes) {
    const { text: expanded, stop } = expandEscapes(text, true);
    text = expanded;
    if (stop) newline = false;
  }
  out(ctx, Buffer.from(text + (newline ? '\n' : ''), 'latin1'));
  return 0;
};

/** Backslash escapes of echo -e / printf; "\c" stops output. Returns latin1 text (bytes as chars). */
export function expandEscapes(text: string, echoStyle: boolean): { text: string; stop: boolean } {
  let result = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      result += c;
      continue;
    }
    const n = text[++i]!;
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (n in simple) result += simple[n];
    else if (n === 'c') return { text: result, stop: true };
    else if (n === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))?.[0];
      if (hex) {
        result += String.fromCharCode(parseInt(hex, 16));
        i += hex.length;
      } else result += '\\x';
    } else if (/[0-7]/.test(n)) {
      const max = echoStyle && n === '0' ? 4 : 3;
      const oct = /^[0-7]+/.exec(text.slice(i, i + max))![0];
      const digits = echoStyle && n === '0' ? oct.slice(1) || '0' : oct;
      result += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += oct.length - 1;
    } else result += '\\' + n;
  }
  return { text: result, stop: false };
}

export const printf: Program = async (ctx) => {
  const [format, ...args] = ctx.argv.slice(1);
  if (format === undefined) return fail(ctx, 'usage: printf FORMAT [ARGUMENT...]');
  let output = '';
  let status = 0;
  let first = true;
  while (first || args.length > 0) {
    first = false;
    let used = 0;
    const expanded = format.replace(/%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sdiouxXcfFeEgGb%])/g, (_m, flags: string, width?: string, precision?: string, conv?: string) => {
      if (conv === '%') return '%';
      const take = () => {
        used++;
        return args.shift() ?? '';
      };
      const w = width === '*' ? Number(take()) : width ? Number(width) : 0;
      const p = precision === '*' ? Number(take()) : precision !== undefined ? Number(precision) : undefined;
      const arg = take();
      let text: string;
      switch (conv) {
        case 's':
          text = p !== undefined ? arg.slice(0, p) : arg;
          break;
        case 'b':
          text = expandEscapes(arg, true).text;
          break;
        case 'c':
          text = arg.slice(0, 1);
          break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
          const n = Number(arg || 0);
          text = conv.toLowerCase() === 'f' ? n.toFixed(p ?? 6) : conv.toLowerCase() === 'e' ? n.toExponential(p ?? 6) : String(n);
          break;
        }
        default: {
          const n = toInteger(arg);
          if (n === undefined) {
            ctx.stderr.write(`printf: invalid number '${arg}'\n`);
            status = 1;
          }
          const v = n ?? 0;
          text = conv === 'x' ? v.toString(16) : conv === 'X' ? v.toString(16).toUpperCase() : conv === 'o' ? v.toString(8) : String(v);
          if (flags.includes('+') && v >= 0 && 'di'.includes(conv!)) text = '+' + text;
        }
      }
      if (text.length < w) {
        if (flags.includes('-')) text = text.padEnd(w);
        else if (flags.includes('0') && conv !== 's') text = text.startsWith('-') ? '-' + text.slice(1).padStart(w - 1, '0') : text.padStart(w, '0');
        else text = text.padStart(w);
      }
      return text;
    });
    const { text, stop } = expandEscapes(expanded, false);
    output += text;
    if (stop || used === 0) break;
  }
  out(ctx, Buffer.from(output, 'latin1'));
  return status;
};

function toInteger(arg: string): number | undefined {
  if (arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.charCodeAt(1) || 0;
  const n = Number(arg.trim());
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

const SLEEP_UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for a sleep operand ("5", "1.5", "2m", "infinity"); undefined if invalid. */
export function parseSleep(arg: string): number | undefined {
  if (/^inf(inity)?$/i.test(arg)) return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  return m ? Number(m[1]) * SLEEP_UNITS[m[2]!]! : undefined;
}

export const sleep: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) return fail(ctx, 'missing operand');
  let total = 0;
  for (const arg of args) {
    const ms = parseSleep(arg);
    if (ms === undefined) return fail(ctx, `invalid number '${arg}'`);
    total += ms;
  }
  await sleepFor(ctx, total);
  return 0;
};

export async function sleepFor(ctx: ProgramContext, ms: number): Promise<void> {
  const control = ctx.sys.control;
  if (ms === Infinity) return control.wait<void>(() => () => {});
  await control.sleep(ms);
}

/** `yes`: prints forever, yielding to the event loop so it never spins; ends on a broken pipe or kill. */
export const yes: Program = async (ctx) => {
  const line = (ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y') + '\n';
  for (;;) {
    out(ctx, line.repeat(16));
    await ctx.sys.control.tick();
  }
};

export const seq: Program = async (ctx) => {
  const nums = ctx.argv.slice(1).map(Number);
  if (nums.length === 0 || nums.length > 3 || nums.some((n) => !Number.isFinite(n))) {
    const bad = ctx.argv.slice(1).find((a) => !Number.isFinite(Number(a)));
    return fail(ctx, bad !== undefined ? `invalid number '${bad}'` : 'usage: seq [FIRST [INC]] LAST');
  }
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if (step === 0) return fail(ctx, 'invalid increment');
  let lines = '';
  let count = 0;
  for (let n = first; step > 0 ? n <= last : n >= last; n += step) {
    lines += `${n}\n`;
    if (++count % 1024 === 0) {
      out(ctx, lines);
      lines = '';
      await ctx.sys.control.tick();
    }
  }
  out(ctx, lines);
  return 0;
};
