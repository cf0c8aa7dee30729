/**
 * Recursive-descent parser for the busybox-ash subset: lists (; & newline),
 * && / ||, pipelines with !, simple commands with assignments and redirections,
 * if / while / until / for / case, { } and ( ) groups, and name() functions.
 */
import {
  ShellSyntaxError,
  type AndOr,
  type Assignment,
  type Command,
  type List,
  type Pipeline,
  type Redirect,
  type RedirectOp,
  type Word,
} from './shell-ast.js';
import { Lexer, type Token } from './shell-lexer.js';

const REDIRECT_OPS = new Set(['>', '>>', '>|', '<', '<>', '>&', '<&', '<<', '<<-']);
const LIST_END_WORDS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);

/** Parse a whole script. Throws ShellSyntaxError. */
export function parseScript(src: string): List {
  const parser = new Parser(src, 0);
  const list = parser.parseList();
  parser.expectEof();
  return list;
}

function parseSubshell(src: string, pos: number): { list: List; end: number } {
  const parser = new Parser(src, pos);
  const list = parser.parseList();
  parser.expectOp(')');
  return { list, end: parser.position };
}

class Parser {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;

  constructor(src: string, pos: number) {
    this.lexer = new Lexer(src, parseSubshell, pos);
  }

  get position(): number {
    return this.lexer.pos;
  }

  parseList(): List {
    const list: List = [];
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (tok.t === 'eof' || (tok.t === 'op' && (tok.op === ')' || tok.op === ';;'))) break;
      if (tok.t === 'word' && LIST_END_WORDS.has(tok.raw)) break;
      const andOr = this.parseAndOr();
      list.push(andOr);
      const sep = this.peek();
      if (sep.t === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.take();
        andOr.background = sep.op === '&';
      } else if (sep.t !== 'nl') break;
    }
    return list;
  }

  expectEof(): void {
    const tok = this.peek();
    if (tok.t !== 'eof') throw new ShellSyntaxError(`unexpected ${describe(tok)}`);
  }

  expectOp(op: string): void {
    const tok = this.take();
    if (tok.t !== 'op' || tok.op !== op) throw unexpected(tok, op);
  }

  private parseAndOr(): AndOr {
    const andOr: AndOr = { first: this.parsePipeline(), rest: [], background: false };
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op' || (tok.op !== '&&' && tok.op !== '||')) return andOr;
      this.take();
      this.skipNewlines();
      andOr.rest.push({ op: tok.op, pipeline: this.parsePipeline() });
    }
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    const first = this.peek();
    if (first.t === 'word' && first.raw === '!') {
      this.take();
      negate = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const tok = this.peek();
      if (tok.t !== 'op' || tok.op !== '|') return { negate, commands };
      this.take();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
  }

  private parseCommand(): Command {
    const tok = this.peek();
    if (tok.t === 'op' && tok.op === '(') {
      this.take();
      const body = this.parseList();
      this.expectOp(')');
      return { type: 'group', body, subshell: true, redirects: this.parseRedirects() };
    }
    if (tok.t === 'word') {
      switch (tok.raw) {
        case '{': {
          this.take();
          const body = this.parseList();
          this.expectWord('}');
          return { type: 'group', body, subshell: false, redirects: this.parseRedirects() };
        }
        case 'if':
          return this.parseIf();
        case 'while':
        case 'until':
          return this.parseLoop(tok.raw === 'until');
        case 'for':
          return this.parseFor();
        case 'case':
          return this.parseCase();
      }
    }
    return this.parseSimple();
  }

  private parseIf(): Command {
    this.take();
    const clauses: { cond: List; body: List }[] = [];
    let elseBody: List | undefined;
    for (;;) {
      const cond = this.parseList();
      this.expectWord('then');
      const body = this.parseList();
      clauses.push({ cond, body });
      const tok = this.take();
      if (tok.t === 'word' && tok.raw === 'elif') continue;
      if (tok.t === 'word' && tok.raw === 'else') {
        elseBody = this.parseList();
        this.expectWord('fi');
      } else if (tok.t !== 'word' || tok.raw !== 'fi') throw unexpected(tok, 'fi');
      return { type: 'if', clauses, elseBody, redirects: this.parseRedirects() };
    }
  }

  private parseLoop(until: boolean): Command {
    this.take();
    const cond = this.parseList();
    const body = this.parseDoGroup();
    return { type: 'loop', until, cond, body, redirects: this.parseRedirects() };
  }

  private parseFor(): Command {
    this.take();
    const nameTok = this.take();
    if (nameTok.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameTok.raw)) throw unexpected(nameTok);
    let items: Word[] | undefined;
    this.skipNewlines();
    const tok = this.peek();
    if (tok.t === 'word' && tok.raw === 'in') {
      this.take();
      items = [];
      for (let w = this.peek(); w.t === 'word'; w = this.peek()) items.push((this.take() as { word: Word }).word);
    }
    const sep = this.peek();
    if (sep.t === 'op' && sep.op === ';') this.take();
    const body = this.parseDoGroup();
    return { type: 'for', name: nameTok.raw, items, body, redirects: this.parseRedirects() };
  }

  private parseDoGroup(): List {
    this.skipNewlines();
    this.expectWord('do');
    const body = this.parseList();
    this.expectWord('done');
    return body;
  }

  private parseCase(): Command {
    this.take();
    const subjectTok = this.take();
    if (subjectTok.t !== 'word') throw unexpected(subjectTok);
    this.skipNewlines();
    this.expectWord('in');
    const arms: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      let tok = this.take();
      if (tok.t === 'word' && tok.raw === 'esac') break;
      if (tok.t === 'op' && tok.op === '(') tok = this.take();
      const patterns: Word[] = [];
      for (;;) {
        if (tok.t !== 'word') throw unexpected(tok);
        patterns.push(tok.word);
        const sep = this.take();
        if (sep.t === 'op' && sep.op === ')') break;
        if (sep.t !== 'op' || sep.op !== '|') throw unexpected(sep, ')');
        tok = this.take();
      }
      const body = this.parseList();
      arms.push({ patterns, body });
      const end = this.peek();
      if (end.t === 'op' && end.op === ';;') this.take();
    }
    return { type: 'case', subject: subjectTok.word, arms, redirects: this.parseRedirects() };
  }

  private parseSimple(): Command {
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && REDIRECT_OPS.has(tok.op)) {
        redirects.push(this.parseRedirect());
      } else if (tok.t === 'word') {
        this.take();
        const assign = words.length === 0 ? asAssignment(tok) : undefined;
        if (assign) assigns.push(assign);
        else words.push(tok.word);
        if (words.length === 1 && assigns.length === 0 && redirects.length === 0 && this.isFunctionStart(tok)) {
          return this.parseFunction(tok.raw);
        }
      } else break;
    }
    if (assigns.length === 0 && words.length === 0 && redirects.length === 0) throw unexpected(this.take());
    return { type: 'simple', assigns, words, redirects };
  }

  private isFunctionStart(tok: Token & { t: 'word' }): boolean {
    const next = this.peek();
    return next.t === 'op' && next.op === '(' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(tok.raw);
  }

  private parseFunction(name: string): Command {
    this.expectOp('(');
    this.expectOp(')');
    this.skipNewlines();
    return { type: 'function', name, body: this.parseCommand() };
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (let tok = this.peek(); tok.t === 'op' && REDIRECT_OPS.has(tok.op); tok = this.peek()) {
      redirects.push(this.parseRedirect());
    }
    return redirects;
  }

  private parseRedirect(): Redirect {
    const tok = this.take() as Token & { t: 'op' };
    const op = tok.op as RedirectOp;
    const fd = tok.fd ?? (op.startsWith('<') && op !== '<>' ? 0 : op === '<>' ? 0 : 1);
    const target = this.take();
    if (target.t !== 'word') throw unexpected(target);
    const redirect: Redirect = { fd, op, target: target.word };
    if (op === '<<' || op === '<<-') this.lexer.addHeredoc(redirect, target.raw);
    return redirect;
  }

  private expectWord(word: string): void {
    const tok = this.take();
    if (tok.t !== 'word' || tok.raw !== word) throw unexpected(tok, word);
  }

  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.take();
  }

  private peek(): Token {
    this.peeked ??= this.lexer.next();
    return this.peeked;
  }

  private take(): Token {
    const tok = this.peek();
    this.peeked = undefined;
    return tok;
  }
}

function asAssignment(tok: Token & { t: 'word' }): Assignment | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(tok.raw);
  const first = tok.word.parts[0];
  if (!m || first?.type !== 'lit' || first.quoted || !first.text.startsWith(m[0])) return undefined;
  const rest = first.text.slice(m[0].length);
  const parts = [...(rest ? [{ ...first, text: rest }] : []), ...tok.word.parts.slice(1)];
  return { name: m[1]!, value: { parts } };
}

function describe(tok: Token): string {
  if (tok.t === 'eof') return 'end of file';
  if (tok.t === 'nl') return 'newline';
  return `"${tok.t === 'op' ? tok.op : tok.raw}"`;
}

function unexpected(tok: Token, expecting?: string): ShellSyntaxError {
  const suffix = tok.t === 'eof' && expecting ? ` (expecting "${expecting}")` : '';
  return new ShellSyntaxError(`unexpected ${describe(tok)}${suffix}`, tok.t === 'eof');
}
