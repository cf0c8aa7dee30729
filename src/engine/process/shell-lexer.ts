/**
 * Tokens of the shell subset: words (with their quoting kept as parts, so expansion
 * knows what to field-split), operators, redirections, newlines. `$(...)` bodies
 * are parsed through the injected parseSubshell, which keeps this file free of the
 * grammar.
 */
import { ShellSyntaxError, type List, type ParamOp, type Redirect, type Word, type WordPart } from './shell-ast.js';

export type Token =
  | { t: 'word'; word: Word; raw: string }
  | { t: 'op'; op: string; fd?: number }
  | { t: 'nl' }
  | { t: 'eof' };

/** Parse a command list starting at pos up to a closing ")"; return it and the index after ")". */
export type SubshellParser = (src: string, pos: number) => { list: List; end: number };

type Mode = 'word' | 'dq' | 'brace' | 'heredoc';

const OPERATORS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '>|', '<>', ';', '&', '|', '(', ')', '<', '>'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const SPECIAL_PARAMS = new Set(['?', '$', '#', '@', '*', '!', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

export class Lexer {
  pos: number;
  private pending: PendingHeredoc[] = [];

  constructor(
    readonly src: string,
    private readonly parseSubshell: SubshellParser,
    start = 0,
  ) {
    this.pos = start;
  }

  next(): Token {
    this.skipBlanks();
    if (this.pos >= this.src.length) {
      if (this.pending.length > 0) throw new ShellSyntaxError('unexpected end of file (expecting here-document end)', true);
      return { t: 'eof' };
    }
    const c = this.src[this.pos]!;
    if (c === '\n') {
      this.pos++;
      this.readHeredocBodies();
      return { t: 'nl' };
    }
    const io = /^(\d+)(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 4));
    if (io) {
      this.pos += io[1]!.length;
      const op = this.readOperator()!;
      return { t: 'op', op, fd: Number(io[1]) };
    }
    const op = this.readOperator();
    if (op) return { t: 'op', op };
    const start = this.pos;
    const word = { parts: this.readParts('word') };
    return { t: 'word', word, raw: this.src.slice(start, this.pos) };
  }

  /** Register a here-document; its body is read after the next newline. */
  addHeredoc(redirect: Redirect, delimiterRaw: string): void {
    const quoted = /['"\\]/.test(delimiterRaw);
    const delimiter = delimiterRaw.replace(/\\(.)/g, '$1').replace(/['"]/g, '');
    this.pending.push({ redirect, delimiter, quoted, stripTabs: redirect.op === '<<-' });
  }

  private readOperator(): string | undefined {
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  private readHeredocBodies(): void {
    for (const doc of this.pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= this.src.length) break;
        const nl = this.src.indexOf('\n', this.pos);
        const end = nl < 0 ? this.src.length : nl;
        let line = this.src.slice(this.pos, end);
        this.pos = nl < 0 ? end : end + 1;
        if (doc.stripTabs) line = line.replace(/^\t+/, '');
        if (line === doc.delimiter) break;
        lines.push(line + '\n');
      }
      const text = lines.join('');
      doc.redirect.body = doc.quoted
        ? { parts: [{ type: 'lit', text, quoted: true }] }
        : { parts: new Lexer(text, this.parseSubshell).readParts('heredoc') };
    }
    this.pending = [];
  }

  /** Read word parts until the mode's terminator (not consumed). */
  readParts(mode: Mode): WordPart[] {
    const parts: WordPart[] = [];
    const quotedMode = mode === 'dq' || mode === 'heredoc';
    const lit = (text: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.type === 'lit' && last.quoted === quoted) last.text += text;
      else parts.push({ type: 'lit', text, quoted });
    };
    let braceDepth = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (mode === 'word' && META.has(c)) break;
      if (mode === 'dq' && c === '"') break;
      if (mode === 'brace' && c === '}' && braceDepth === 0) break;
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        this.pos += 2;
        if (n === undefined) lit('\\', quotedMode);
        else if (n === '\n') continue;
        else if (!quotedMode || '$`"\\'.includes(n) && !(mode === 'heredoc' && n === '"')) lit(n, true);
        else lit('\\' + n, true);
      } else if (c === "'" && !quotedMode) {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string', true);
        lit(this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (c === '"' && !quotedMode) {
        this.pos++;
        const inner = this.readParts('dq');
        if (this.src[this.pos] !== '"') throw new ShellSyntaxError('unterminated quoted string', true);
        this.pos++;
        if (inner.length === 0) lit('', true);
        for (const p of inner) p.type === 'lit' ? lit(p.text, true) : parts.push(p);
      } else if (c === '$') {
        const part = this.readDollar(quotedMode);
        part ? parts.push(part) : lit('$', quotedMode);
      } else if (c === '`') {
        parts.push(this.readBackticks(quotedMode));
      } else {
        if (mode === 'brace' && c === '{') braceDepth++;
        if (mode === 'brace' && c === '}') braceDepth--;
        lit(c, quotedMode);
        this.pos++;
      }
    }
    return parts;
  }

  private readDollar(quoted: boolean): WordPart | undefined {
    const s = this.src;
    const p = this.pos + 1;
    if (s.startsWith('((', p)) {
      const end = findArithEnd(s, p + 2);
      const expr = { parts: new Lexer(s.slice(p + 2, end), this.parseSubshell).readParts('heredoc') };
      this.pos = end + 2;
      return { type: 'arith', expr, quoted };
    }
    if (s[p] === '(') {
      const { list, end } = this.parseSubshell(s, p + 1);
      this.pos = end;
      return { type: 'cmdsub', body: list, quoted };
    }
    if (s[p] === '{') return this.readBraceParam(quoted);
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(p, p + 256))?.[0];
    if (name) {
      this.pos = p + name.length;
      return { type: 'param', name, quoted };
    }
    if (s[p] !== undefined && SPECIAL_PARAMS.has(s[p]!)) {
      this.pos = p + 1;
      return { type: 'param', name: s[p]!, quoted };
    }
    this.pos = p;
    return undefined;
  }

  private readBraceParam(quoted: boolean): WordPart {
    const s = this.src;
    let p = this.pos + 2;
    let length = false;
    if (s[p] === '#' && s[p + 1] !== '}') {
      length = true;
      p++;
    }
    const name = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?$#@*!-])/.exec(s.slice(p, p + 256))?.[0];
    if (!name) throw new ShellSyntaxError('bad substitution');
    p += name.length;
    if (length) {
      if (s[p] !== '}') throw new ShellSyntaxError('bad substitution');
      this.pos = p + 1;
      return { type: 'param', name, op: 'length', quoted };
    }
    if (s[p] === '}') {
      this.pos = p + 1;
      return { type: 'param', name, quoted };
    }
    const op = ([':-', ':=', ':+', ':?', '##', '%%', '-', '=', '+', '?', '#', '%'] as const).find((o) => s.startsWith(o, p));
    if (!op) throw new ShellSyntaxError('bad substitution');
    this.pos = p + op.length;
    const arg = { parts: this.readParts('brace') };
    if (s[this.pos] !== '}') throw new ShellSyntaxError('bad substitution', true);
    this.pos++;
    return { type: 'param', name, op: op as ParamOp, arg, quoted };
  }

  private readBackticks(quoted: boolean): WordPart {
    let p = this.pos + 1;
    let body = '';
    while (p < this.src.length && this.src[p] !== '`') {
      if (this.src[p] === '\\' && '$`\\'.includes(this.src[p + 1] ?? '')) p++;
      body += this.src[p++];
    }
    if (p >= this.src.length) throw new ShellSyntaxError('unterminated quoted string', true);
    this.pos = p + 1;
    const { list } = this.parseSubshell(body + ')', 0);
    return { type: 'cmdsub', body: list, quoted };
  }
}

function findArithEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      if (depth === 0 && s[i + 1] === ')') return i;
      depth--;
    }
  }
  throw new ShellSyntaxError('unexpected end of file (expecting "))")', true);
}
