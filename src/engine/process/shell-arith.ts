/** $(( )) arithmetic: integers, variables, + - * / % ** comparisons, && || ! ~, ?:, parentheses, = and op=. */

export interface ArithHost {
  param(name: string): string | undefined;
  assign(name: string, value: string): void;
}

export class ArithError extends Error {}

export function evaluateArithmetic(expr: string, host: ArithHost): number {
  const tokens = expr.match(/\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|[-+*/%()<>!~?:=&|^])\s*/g) ?? [];
  const toks = tokens.map((t) => t.trim());
  if (toks.join('') !== expr.replace(/\s+/g, '')) throw new ArithError(`arithmetic syntax error`);
  let pos = 0;
  const peek = () => toks[pos];
  const take = () => toks[pos++];
  const varValue = (name: string) => {
    const v = host.param(name) ?? '';
    return v === '' ? 0 : /^-?\d+$/.test(v.trim()) ? Number(v) : evaluateArithmetic(v, host);
  };

  const BINARY: [string[], (a: number, b: number) => number][] = [
    [['||'], (a, b) => Number(a !== 0 || b !== 0)],
    [['&&'], (a, b) => Number(a !== 0 && b !== 0)],
    [['|'], (a, b) => a | b],
    [['^'], (a, b) => a ^ b],
    [['&'], (a, b) => a & b],
    [['==', '!='], () => 0],
    [['<', '<=', '>', '>='], () => 0],
    [['<<', '>>'], () => 0],
    [['+', '-'], () => 0],
    [['*', '/', '%'], () => 0],
  ];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '==': return Number(a === b);
      case '!=': return Number(a !== b);
      case '<': return Number(a < b);
      case '<=': return Number(a <= b);
      case '>': return Number(a > b);
      case '>=': return Number(a >= b);
      case '<<': return a << b;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '**': return a ** b;
      case '/': case '%':
        if (b === 0) throw new ArithError('divide by zero');
        return op === '/' ? Math.trunc(a / b) : a % b;
      default: return BINARY.find(([ops]) => ops.includes(op))![1](a, b);
    }
  };

  const assignment = (): number => {
    const name = peek();
    const op = toks[pos + 1];
    if (name && /^[A-Za-z_]/.test(name) && op && /^[-+*/%]?=$/.test(op)) {
      pos += 2;
      const rhs = assignment();
      const value = op === '=' ? rhs : apply(op[0]!, varValue(name), rhs);
      host.assign(name, String(value));
      return value;
    }
    return ternary();
  };
  const ternary = (): number => {
    const cond = binary(0);
    if (peek() !== '?') return cond;
    take();
    const a = assignment();
    if (take() !== ':') throw new ArithError('arithmetic syntax error');
    const b = assignment();
    return cond !== 0 ? a : b;
  };
  const binary = (level: number): number => {
    if (level >= BINARY.length) return power();
    let left = binary(level + 1);
    while (peek() !== undefined && BINARY[level]![0].includes(peek()!)) {
      const op = take()!;
      left = apply(op, left, binary(level + 1));
    }
    return left;
  };
  const power = (): number => {
    const base = unary();
    if (peek() === '**') {
      take();
      return apply('**', base, power());
    }
    return base;
  };
  const unary = (): number => {
    const t = peek();
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      take();
      const v = unary();
      return t === '-' ? -v : t === '+' ? v : t === '!' ? Number(v === 0) : ~v;
    }
    return primary();
  };
  const primary = (): number => {
    const t = take();
    if (t === undefined) throw new ArithError('arithmetic syntax error');
    if (t === '(') {
      const v = assignment();
      if (take() !== ')') throw new ArithError('arithmetic syntax error');
      return v;
    }
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) return varValue(t);
    throw new ArithError('arithmetic syntax error');
  };

  if (toks.length === 0) return 0;
  const result = assignment();
  if (pos < toks.length) throw new ArithError('arithmetic syntax error');
  return result;
}
