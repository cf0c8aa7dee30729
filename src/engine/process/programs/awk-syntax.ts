/**
 * The awk language subset the simulated awk runs, parsed to a small AST: rules
 * (BEGIN, END, an expression or /regex/ pattern, an action), print/printf, next, exit,
 * if/else, assignments, fields, variables, arithmetic (^ included), comparison, concatenation,
 * regex matches, && || !, and the string built-ins length, substr, index, tolower,
 * toupper. What is outside it is a syntax error, as a real awk would report one.
 */

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: RegExp }
  | { k: 'var'; name: string }
  | { k: 'field'; index: Expr }
  | { k: 'assign'; op: string; target: Expr; value: Expr }
  | { k: 'incr'; target: Expr; delta: number; prefix: boolean }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'match'; negate: boolean; a: Expr; re: Expr }
  | { k: 'cond'; test: Expr; yes: Expr; no: Expr }
  | { k: 'call'; name: string; args: Expr[] };

export type Stmt =
  | { k: 'print'; args: Expr[] }
  | { k: 'printf'; args: Expr[] }
  | { k: 'expr'; e: Expr }
  | { k: 'next' }
  | { k: 'exit'; code?: Expr }
  | { k: 'if'; test: Expr; then: Stmt[]; else?: Stmt[] };

export interface Rule {
  pattern: 'BEGIN' | 'END' | Expr | undefined;
  /** Undefined: print the record. */
  action?: Stmt[];
}

export class AwkSyntaxError extends Error {}

const BUILTINS = new Set(['length', 'substr', 'index', 'tolower', 'toupper']);

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'nl' };

const OPS = ['**', '&&', '||', '==', '!=', '<=', '>=', '!~', '+=', '-=', '*=', '/=', '%=', '++', '--', '{', '}', '(', ')', ';', ',', '<', '>', '!', '~', '+', '-', '*', '/', '%', '$', '=', '?', ':', '^'];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  // A slash starts a regex unless it follows something that ends an operand.
  const regexAllowed = () => {
    const last = toks[toks.length - 1];
    if (!last) return true;
    if (last.t === 'id') return ['print', 'printf', 'if', 'else', 'exit'].includes(last.v);
    if (last.t === 'num' || last.t === 'str' || last.t === 're') return false;
    return !(last.t === 'op' && [')', '$'].includes(last.v));
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '\n') (toks.push({ t: 'nl' }), i++);
    else if (c === '#') while (i < src.length && src[i] !== '\n') i++;
    else if (/[0-9.]/.test(c) && /[0-9]/.test(src[c === '.' ? i + 1 : i] ?? '')) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if (c === '"') {
      let v = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[++i]!;
          v += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/' } as Record<string, string>)[e] ?? `\\${e}`;
        } else v += src[i];
        i++;
      }
      if (src[i] !== '"') throw new AwkSyntaxError('runaway string constant');
      i++;
      toks.push({ t: 'str', v });
    } else if (c === '/' && regexAllowed()) {
      let v = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') (v += '/', (i += 2));
        else v += src[i++];
      }
      if (src[i] !== '/') throw new AwkSyntaxError('runaway regular expression');
      i++;
      toks.push({ t: 're', v });
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new AwkSyntaxError(`unexpected character '${c}'`);
      toks.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return toks;
}

export function parseAwk(src: string): Rule[] {
  return new Parser(lex(src)).program();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  private isId(v: string): boolean {
    const t = this.peek();
    return t?.t === 'id' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.isOp(v)) throw new AwkSyntaxError(`syntax error at or near ${this.describe()}`);
    this.i++;
  }
  private describe(): string {
    const t = this.peek();
    if (!t) return 'end of file';
    if (t.t === 'nl') return 'end of line';
    return String('v' in t ? t.v : '');
  }
  private skipNewlines(): void {
    while (this.peek()?.t === 'nl') this.i++;
  }
  private skipTerminators(): void {
    while (this.peek()?.t === 'nl' || this.isOp(';')) this.i++;
  }

  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipTerminators();
    while (this.peek()) {
      let pattern: Rule['pattern'];
      if (this.isId('BEGIN') || this.isId('END')) pattern = (this.toks[this.i++] as { v: string }).v as 'BEGIN' | 'END';
      else if (!this.isOp('{')) pattern = this.expr();
      if (this.isOp('{')) rules.push({ pattern, action: this.block() });
      else if (pattern === 'BEGIN' || pattern === 'END') throw new AwkSyntaxError(`syntax error at or near ${this.describe()}`);
      else rules.push({ pattern });
      this.skipTerminators();
    }
    return rules;
  }

  private block(): Stmt[] {
    this.eat('{');
    const stmts: Stmt[] = [];
    this.skipTerminators();
    while (!this.isOp('}')) {
      if (!this.peek()) throw new AwkSyntaxError('syntax error at or near end of file');
      stmts.push(...this.statement());
      this.skipTerminators();
    }
    this.eat('}');
    return stmts;
  }

  private statement(): Stmt[] {
    if (this.isOp('{')) return this.block();
    if (this.isOp(';')) return [];
    const t = this.peek();
    if (t?.t === 'id') {
      switch (t.v) {
        case 'print':
        case 'printf': {
          this.i++;
          const args = this.endOfSimple() ? [] : this.printArgs();
          if (t.v === 'printf' && !args.length) throw new AwkSyntaxError('syntax error at or near printf');
          return [{ k: t.v, args }];
        }
        case 'next':
          this.i++;
          return [{ k: 'next' }];
        case 'exit':
          this.i++;
          return [{ k: 'exit', code: this.endOfSimple() ? undefined : this.expr() }];
        case 'if': {
          this.i++;
          this.eat('(');
          const test = this.expr();
          this.eat(')');
          this.skipNewlines();
          const then = this.statement();
          const save = this.i;
          this.skipTerminators();
          if (this.isId('else')) {
            this.i++;
            this.skipNewlines();
            return [{ k: 'if', test, then, else: this.statement() }];
          }
          this.i = save;
          return [{ k: 'if', test, then }];
        }
      }
    }
    return [{ k: 'expr', e: this.expr() }];
  }

  private endOfSimple(): boolean {
    const t = this.peek();
    return !t || t.t === 'nl' || (t.t === 'op' && (t.v === ';' || t.v === '}'));
  }

  /** `print (a, b)` is `print a, b`; `print (a) b` concatenates. */
  private printArgs(): Expr[] {
    if (this.isOp('(')) {
      const save = this.i;
      this.i++;
      try {
        const list = this.exprList();
        if (this.isOp(')')) {
          this.i++;
          if (this.endOfSimple()) return list;
        }
      } catch (err) {
        if (!(err instanceof AwkSyntaxError)) throw err;
      }
      this.i = save;
    }
    return this.exprList();
  }

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.isOp(',')) {
      this.i++;
      this.skipNewlines();
      list.push(this.expr());
    }
    return list;
  }

  private expr(): Expr {
    return this.ternary();
  }

  private ternary(): Expr {
    const test = this.assignment();
    if (!this.isOp('?')) return test;
    this.i++;
    const yes = this.ternary();
    this.eat(':');
    return { k: 'cond', test, yes, no: this.ternary() };
  }

  private assignment(): Expr {
    const target = this.or();
    const t = this.peek();
    if (t?.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%='].includes(t.v)) {
      if (target.k !== 'var' && target.k !== 'field') throw new AwkSyntaxError(`syntax error at or near ${t.v}`);
      this.i++;
      return { k: 'assign', op: t.v, target, value: this.assignment() };
    }
    return target;
  }

  private or(): Expr {
    let a = this.and();
    while (this.isOp('||')) {
      this.i++;
      this.skipNewlines();
      a = { k: 'bin', op: '||', a, b: this.and() };
    }
    return a;
  }

  private and(): Expr {
    let a = this.matching();
    while (this.isOp('&&')) {
      this.i++;
      this.skipNewlines();
      a = { k: 'bin', op: '&&', a, b: this.matching() };
    }
    return a;
  }

  private matching(): Expr {
    let a = this.comparison();
    while (this.isOp('~') || this.isOp('!~')) {
      const negate = (this.toks[this.i++] as { v: string }).v === '!~';
      a = { k: 'match', negate, a, re: this.comparison() };
    }
    return a;
  }

  private comparison(): Expr {
    const a = this.concatenation();
    const t = this.peek();
    if (t?.t === 'op' && ['<', '<=', '==', '!=', '>', '>='].includes(t.v)) {
      this.i++;
      return { k: 'bin', op: t.v, a, b: this.concatenation() };
    }
    return a;
  }

  private concatenation(): Expr {
    let a = this.additive();
    while (this.startsOperand()) a = { k: 'bin', op: 'concat', a, b: this.additive() };
    return a;
  }

  private startsOperand(): boolean {
    const t = this.peek();
    if (!t || t.t === 'nl') return false;
    if (t.t === 'num' || t.t === 'str' || t.t === 're') return true;
    if (t.t === 'id') return !['in', 'getline', 'else'].includes(t.v);
    return t.v === '$' || t.v === '(';
  }

  private additive(): Expr {
    let a = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Expr {
    let a = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = (this.toks[this.i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Expr {
    if (this.isOp('!')) return (this.i++, { k: 'not', a: this.unary() });
    if (this.isOp('-')) return (this.i++, { k: 'neg', a: this.unary() });
    if (this.isOp('+')) return (this.i++, this.unary());
    return this.power();
  }

  /** Exponentiation binds tighter than unary minus and to the right (-2^2 is -4). */
  private power(): Expr {
    const base = this.postfix();
    if (!this.isOp('^') && !this.isOp('**')) return base;
    this.i++;
    return { k: 'bin', op: '^', a: base, b: this.unary() };
  }

  private postfix(): Expr {
    if (this.isOp('++') || this.isOp('--')) {
      const delta = (this.toks[this.i++] as { v: string }).v === '++' ? 1 : -1;
      return { k: 'incr', target: this.lvalue(this.primary()), delta, prefix: true };
    }
    const e = this.primary();
    if ((e.k === 'var' || e.k === 'field') && (this.isOp('++') || this.isOp('--'))) {
      const delta = (this.toks[this.i++] as { v: string }).v === '++' ? 1 : -1;
      return { k: 'incr', target: e, delta, prefix: false };
    }
    return e;
  }

  private lvalue(e: Expr): Expr {
    if (e.k !== 'var' && e.k !== 'field') throw new AwkSyntaxError('syntax error at or near ++');
    return e;
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw new AwkSyntaxError('syntax error at or near end of file');
    this.i++;
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v };
      case 'str':
        return { k: 'str', v: t.v };
      case 're':
        return { k: 're', v: toRegExp(t.v) };
      case 'id': {
        if (BUILTINS.has(t.v)) {
          const args: Expr[] = [];
          if (this.isOp('(')) {
            this.i++;
            if (!this.isOp(')')) args.push(...this.exprList());
            this.eat(')');
          }
          return { k: 'call', name: t.v, args };
        }
        if (['BEGIN', 'END', 'function', 'getline', 'in', 'while', 'for', 'do', 'delete', 'else'].includes(t.v)) {
          throw new AwkSyntaxError(`syntax error at or near ${t.v}`);
        }
        return { k: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '$') return { k: 'field', index: this.incrOrPrimary() };
        if (t.v === '(') {
          const e = this.expr();
          this.eat(')');
          return e;
        }
    }
    this.i--;
    throw new AwkSyntaxError(`syntax error at or near ${this.describe()}`);
  }

  /** What follows `$`: a primary (`$NF`, `$(i+1)`, `$2`), or `$i++` applied to i. */
  private incrOrPrimary(): Expr {
    if (this.isOp('-')) return (this.i++, { k: 'neg', a: this.primary() });
    return this.primary();
  }
}

/** An awk (POSIX extended) regex as a JavaScript one. */
export function toRegExp(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new AwkSyntaxError(`bad regex '${source}'`);
  }
}
