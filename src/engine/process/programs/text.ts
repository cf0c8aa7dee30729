/** cat, head, tail (incl. -f), wc, grep, sort, basename, dirname. */
import type { Program, ProgramContext } from '../program.js';
import { fail, inputs, out, parseFlags, readChunk, readFileOrReport, resolvePath, splitLines } from './util.js';

export const cat: Program = async (ctx) => {
  const { operands } = parseFlags(ctx.argv.slice(1), 'uenvtA');
  let status = 0;
  for (const name of operands.length ? operands : ['-']) {
    if (name === '-') {
      for (let c = await readChunk(ctx); c !== null; c = await readChunk(ctx)) out(ctx, c);
    } else {
      const data = readFileOrReport(ctx, name);
      if (data) out(ctx, data);
      else status = 1;
    }
  }
  return status;
};

/** "-n 5", "-n5", "-5", "-c 3" -> counts; the rest are operands. */
function parseCounts(args: string[], defaults: { n: number }): { n: number; bytes?: number; follow: boolean; operands: string[] } | string {
  let n = defaults.n;
  let bytes: number | undefined;
  let follow = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const num = (v: string | undefined) => (v !== undefined && /^[+-]?\d+$/.test(v) ? Math.abs(Number(v)) : NaN);
    if (a === '-f' || a === '-F') follow = true;
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a === '-n' || a === '-c') {
      const v = num(args[++i]);
      if (Number.isNaN(v)) return `invalid number '${args[i] ?? ''}'`;
      a === '-n' ? (n = v) : (bytes = v);
    } else if (/^-[nc]/.test(a)) {
      const v = num(a.slice(2));
      if (Number.isNaN(v)) return `invalid number '${a.slice(2)}'`;
      a[1] === 'n' ? (n = v) : (bytes = v);
    } else if (a === '-q' || a === '-s') continue;
    else operands.push(a);
  }
  return { n, bytes, follow, operands };
}

export const head: Program = async (ctx) => {
  const opts = parseCounts(ctx.argv.slice(1), { n: 10 });
  if (typeof opts === 'string') return fail(ctx, opts);
  let status = 0;
  const names = opts.operands.length ? opts.operands : ['-'];
  for (const name of names) {
    if (names.length > 1) out(ctx, `${name === names[0] ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
    if (name === '-') await headStdin(ctx, opts.n, opts.bytes);
    else {
      const data = readFileOrReport(ctx, name);
      if (!data) status = 1;
      else out(ctx, opts.bytes !== undefined ? data.subarray(0, opts.bytes) : firstLines(data, opts.n));
    }
  }
  return status;
};

/** Read stdin only as far as needed, so `yes | head -n 3` ends. */
async function headStdin(ctx: ProgramContext, lines: number, bytes?: number): Promise<void> {
  let pending = Buffer.alloc(0);
  const limit = (buf: Buffer) => (bytes !== undefined ? Math.min(buf.length, bytes) : lineEnd(buf, lines));
  for (;;) {
    const end = limit(pending);
    const done = bytes !== undefined ? pending.length >= bytes : end < pending.length || countNewlines(pending) >= lines;
    if (done) break;
    const chunk = await readChunk(ctx);
    if (chunk === null) break;
    pending = Buffer.concat([pending, chunk]);
  }
  out(ctx, pending.subarray(0, limit(pending)));
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (const b of buf) if (b === 0x0a) n++;
  return n;
}

/** Index just past the n-th newline (or the end). */
function lineEnd(buf: Buffer, n: number): number {
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) return buf.length;
    pos = nl + 1;
  }
  return pos;
}

function firstLines(buf: Buffer, n: number): Buffer {
  return buf.subarray(0, lineEnd(buf, n));
}

function lastLines(buf: Buffer, n: number): Buffer {
  const lines = splitLines(buf.toString('latin1'));
  const trailingNl = buf.length > 0 && buf[buf.length - 1] === 0x0a;
  const kept = n === 0 ? [] : lines.slice(-n);
  return Buffer.from(kept.join('\n') + (kept.length && trailingNl ? '\n' : ''), 'latin1');
}

/** How often `tail -f` looks for new bytes (busybox polls once a second). */
const TAIL_POLL_MS = 1000;

export const tail: Program = async (ctx) => {
  const opts = parseCounts(ctx.argv.slice(1), { n: 10 });
  if (typeof opts === 'string') return fail(ctx, opts);
  const name = opts.operands[0] ?? '-';
  const pick = (buf: Buffer) => (opts.bytes !== undefined ? buf.subarray(Math.max(0, buf.length - opts.bytes)) : lastLines(buf, opts.n));
  if (name === '-') {
    const chunks: Buffer[] = [];
    for (let c = await readChunk(ctx); c !== null; c = await readChunk(ctx)) chunks.push(c);
    out(ctx, pick(Buffer.concat(chunks)));
    if (opts.follow) await ctx.sys.control.wait<void>(() => () => {});
    return 0;
  }
  const path = resolvePath(ctx.cwd, name);
  let data = ctx.sys.fs.readFile(path);
  if (!data) {
    fail(ctx, `can't open '${name}': No such file or directory`);
    if (!opts.follow) return 1;
    data = Buffer.alloc(0);
  } else out(ctx, pick(data));
  if (!opts.follow) return 0;
  let seen = data.length;
  for (;;) {
    await ctx.sys.control.sleep(TAIL_POLL_MS);
    const now = ctx.sys.fs.readFile(path);
    if (!now) continue;
    if (now.length > seen) out(ctx, now.subarray(seen));
    seen = now.length;
  }
};

export const wc: Program = async (ctx) => {
  const { flags, operands, bad } = parseFlags(ctx.argv.slice(1), 'lwcmL');
  if (bad) return fail(ctx, `invalid option -- '${bad}'`);
  const columns = flags.size ? (['l', 'w', 'c'] as const).filter((f) => flags.has(f) || (f === 'c' && flags.has('m'))) : (['l', 'w', 'c'] as const);
  let status = 0;
  const rows: { counts: number[]; name?: string }[] = [];
  for (const name of operands.length ? operands : ['-']) {
    const data = await readOperand(ctx, name);
    if (!data) {
      status = 1;
      continue;
    }
    const text = data.toString('latin1');
    const all = { l: countNewlines(data), w: text.split(/\s+/).filter(Boolean).length, c: data.length };
    rows.push({ counts: columns.map((c) => all[c]), name: name === '-' ? undefined : name });
  }
  if (rows.length > 1) rows.push({ counts: columns.map((_, i) => rows.reduce((s, r) => s + r.counts[i]!, 0)), name: 'total' });
  for (const row of rows) {
    const single = columns.length === 1;
    const nums = row.counts.map((n) => (single ? String(n) : String(n).padStart(9))).join(' ');
    out(ctx, `${nums}${row.name !== undefined ? ' ' + row.name : ''}\n`);
  }
  return status;
};

export const grep: Program = async (ctx) => {
  const { flags, operands, bad } = parseFlags(ctx.argv.slice(1), 'vicqEFnlhsxwe');
  if (bad) return fail(ctx, `invalid option -- '${bad}'`, 2);
  const [pattern, ...files] = operands;
  if (pattern === undefined) return fail(ctx, 'usage: grep [-vicqEFn] PATTERN [FILE]...', 2);
  let source = flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : flags.has('E') ? pattern : basicToExtended(pattern);
  if (flags.has('x')) source = `^(?:${source})$`;
  if (flags.has('w')) source = `\\b(?:${source})\\b`;
  let re: RegExp;
  try {
    re = new RegExp(source, flags.has('i') ? 'i' : '');
  } catch {
    return fail(ctx, `bad regex '${pattern}'`, 2);
  }
  let matches = 0;
  let status = 0;
  const many = files.length > 1 && !flags.has('h');
  for (const name of files.length ? files : ['-']) {
    const data = await readOperand(ctx, name);
    if (!data) {
      status = 2;
      continue;
    }
    let fileMatches = 0;
    splitLines(data.toString()).forEach((line, i) => {
      if (re.test(line) === flags.has('v')) return;
      fileMatches++;
      if (!flags.has('q') && !flags.has('c') && !flags.has('l')) {
        out(ctx, `${many ? name + ':' : ''}${flags.has('n') ? `${i + 1}:` : ''}${line}\n`);
      }
    });
    if (flags.has('c')) out(ctx, `${many ? name + ':' : ''}${fileMatches}\n`);
    if (flags.has('l') && fileMatches > 0) out(ctx, `${name === '-' ? '(standard input)' : name}\n`);
    matches += fileMatches;
    if (flags.has('q') && matches > 0) return 0;
  }
  return status === 2 && matches === 0 ? 2 : matches > 0 ? 0 : 1;
};

/** POSIX basic regex to JS: \( \) \{ \} \| are the operators, bare ( ) { } | + ? are literals. */
function basicToExtended(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      out += '(){}|+?'.includes(n) ? n : '\\' + n;
    } else out += '(){}|+?'.includes(c) ? '\\' + c : c;
  }
  return out;
}

export const sort: Program = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.argv.slice(1), 'rnuf');
  const lines: string[] = [];
  for await (const { data } of inputs(ctx, operands)) lines.push(...splitLines(data.toString()));
  const key = (s: string) => (flags.has('f') ? s.toLowerCase() : s);
  lines.sort(flags.has('n') ? (a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0) : (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (flags.has('r')) lines.reverse();
  const result = flags.has('u') ? lines.filter((l, i) => i === 0 || l !== lines[i - 1]) : lines;
  out(ctx, result.map((l) => l + '\n').join(''));
  return 0;
};

export const basename: Program = async (ctx) => {
  const [path, suffix] = ctx.argv.slice(1);
  if (path === undefined) return fail(ctx, 'missing operand');
  let base = path.replace(/\/+$/, '').split('/').pop() || (path.startsWith('/') ? '/' : '');
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  out(ctx, base + '\n');
  return 0;
};

export const dirname: Program = async (ctx) => {
  const path = ctx.argv[1];
  if (path === undefined) return fail(ctx, 'missing operand');
  const trimmed = path.replace(/\/+$/, '');
  const idx = trimmed.lastIndexOf('/');
  out(ctx, (idx < 0 ? '.' : idx === 0 ? '/' : trimmed.slice(0, idx).replace(/\/+$/, '') || '/') + '\n');
  return 0;
};

/** A file operand, or all of stdin for "-"; undefined (reported on stderr) when unreadable. */
async function readOperand(ctx: ProgramContext, name: string): Promise<Buffer | undefined> {
  if (name !== '-') return readFileOrReport(ctx, name);
  const chunks: Buffer[] = [];
  for (let c = await readChunk(ctx); c !== null; c = await readChunk(ctx)) chunks.push(c);
  return Buffer.concat(chunks);
}
