/** The syntax tree of the busybox-ash subset that simulated shells run. */

export type WordPart =
  /** Literal text; quoted text is never field-split. */
  | { type: 'lit'; text: string; quoted: boolean }
  | { type: 'param'; name: string; op?: ParamOp; arg?: Word; quoted: boolean }
  | { type: 'cmdsub'; body: List; quoted: boolean }
  | { type: 'arith'; expr: Word; quoted: boolean };

export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | 'length' | '#' | '##' | '%' | '%%';

export interface Word {
  parts: WordPart[];
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '<<' | '<<-';

export interface Redirect {
  fd: number;
  op: RedirectOp;
  target: Word;
  /** Here-document body (for << and <<-). */
  body?: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export type Command =
  | { type: 'simple'; assigns: Assignment[]; words: Word[]; redirects: Redirect[] }
  | { type: 'if'; clauses: { cond: List; body: List }[]; elseBody?: List; redirects: Redirect[] }
  | { type: 'loop'; until: boolean; cond: List; body: List; redirects: Redirect[] }
  | { type: 'for'; name: string; items?: Word[]; body: List; redirects: Redirect[] }
  | { type: 'case'; subject: Word; arms: { patterns: Word[]; body: List }[]; redirects: Redirect[] }
  | { type: 'group'; body: List; subshell: boolean; redirects: Redirect[] }
  | { type: 'function'; name: string; body: Command };

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
}

export type List = AndOr[];

/** Thrown for a script that does not parse; `incomplete` when more input could complete it. */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly incomplete = false,
  ) {
    super(message);
  }
}
