/**
 * Word expansion: parameters (${X:-d} and friends), $(...), $((...)), tilde, field
 * splitting of unquoted results, and pathname globbing against the container fs.
 */
import { posix } from 'node:path';
import type { ProcessFileSystem } from '../fs/types.js';
import { evaluateArithmetic } from './shell-arith.js';
import type { List, Word, WordPart } from './shell-ast.js';

export interface ExpansionHost {
  /** Value of a named or special parameter; undefined when unset. */
  param(name: string): string | undefined;
  /** "$@" as separate fields. */
  positional(): string[];
  assign(name: string, value: string): void;
  substitute(body: List): Promise<string>;
  /** ${X:?msg}: report and abort the shell. */
  paramError(name: string, message: string): never;
  fs: ProcessFileSystem;
  cwd: string;
}

interface Field {
  text: string;
  /** Glob pattern with quoted characters escaped. */
  pattern: string;
  quoted: boolean;
  glob: boolean;
}

const GLOB_CHARS = /[*?[]/;

/** Expand a word to fields (command arguments, for-lists). */
export async function expandFields(host: ExpansionHost, word: Word): Promise<string[]> {
  const fields: Field[] = [];
  let cur: Field = newField();
  const flush = () => {
    if (cur.text !== '' || cur.quoted) fields.push(cur);
    cur = newField();
  };
  const appendQuoted = (text: string) => {
    cur.text += text;
    cur.pattern += text.replace(/[*?[\]\\]/g, '\\$&');
    cur.quoted = true;
  };
  const appendUnquoted = (text: string) => {
    cur.text += text;
    cur.pattern += text;
    if (GLOB_CHARS.test(text)) cur.glob = true;
  };
  for (const [i, part] of word.parts.entries()) {
    if (part.type === 'lit') {
      if (part.quoted) appendQuoted(part.text);
      else appendUnquoted(i === 0 ? expandTilde(host, part.text) : part.text);
      continue;
    }
    if (part.type === 'param' && (part.name === '@' || part.name === '*') && !part.op) {
      const values = host.positional();
      if (part.quoted && part.name === '@') {
        values.forEach((v, j) => {
          if (j > 0) flush();
          appendQuoted(v);
        });
        continue;
      }
      const joined = values.join(part.name === '*' && part.quoted ? ' ' : ' ');
      part.quoted ? appendQuoted(joined) : splitInto(joined);
      continue;
    }
    const value = await expandPart(host, part);
    part.quoted ? appendQuoted(value) : splitInto(value);
  }
  flush();
  return globFields(host, fields);

  function splitInto(value: string) {
    const words = value.split(/[ \t\n]+/).filter(Boolean);
    if (/^[ \t\n]/.test(value)) flush();
    words.forEach((w, j) => {
      if (j > 0) flush();
      appendUnquoted(w);
    });
    if (words.length > 0 && /[ \t\n]$/.test(value)) flush();
  }
}

function newField(): Field {
  return { text: '', pattern: '', quoted: false, glob: false };
}

/** Expand a word to one string, without splitting or globbing (assignments, redirect targets, case). */
export async function expandString(host: ExpansionHost, word: Word): Promise<string> {
  let text = '';
  for (const [i, part] of word.parts.entries()) {
    if (part.type === 'lit') text += !part.quoted && i === 0 ? expandTilde(host, part.text) : part.text;
    else text += await expandPart(host, part);
  }
  return text;
}

/** Expand a word to a glob pattern (quoted characters escaped), for case and ${X#pat}. */
export async function expandPattern(host: ExpansionHost, word: Word): Promise<string> {
  let pattern = '';
  for (const part of word.parts) {
    const text = part.type === 'lit' ? part.text : await expandPart(host, part);
    pattern += part.quoted ? text.replace(/[*?[\]\\]/g, '\\$&') : text;
  }
  return pattern;
}

async function expandPart(host: ExpansionHost, part: Exclude<WordPart, { type: 'lit' }>): Promise<string> {
  switch (part.type) {
    case 'cmdsub':
      return (await host.substitute(part.body)).replace(/\n+$/, '');
    case 'arith':
      return String(evaluateArithmetic(await expandString(host, part.expr), host));
    case 'param':
      return expandParam(host, part);
  }
}

async function expandParam(host: ExpansionHost, part: WordPart & { type: 'param' }): Promise<string> {
  const value = part.name === '@' || part.name === '*' ? host.positional().join(' ') : host.param(part.name);
  const arg = () => (part.arg ? expandString(host, part.arg) : Promise.resolve(''));
  const unsetOrEmpty = value === undefined || value === '';
  switch (part.op) {
    case undefined:
      return value ?? '';
    case 'length':
      return String((value ?? '').length);
    case ':-':
      return unsetOrEmpty ? arg() : value;
    case '-':
      return value === undefined ? arg() : value;
    case ':=':
    case '=': {
      if (part.op === ':=' ? !unsetOrEmpty : value !== undefined) return value!;
      const assigned = await arg();
      host.assign(part.name, assigned);
      return assigned;
    }
    case ':+':
      return unsetOrEmpty ? '' : arg();
    case '+':
      return value === undefined ? '' : arg();
    case ':?':
    case '?':
      if (part.op === ':?' ? !unsetOrEmpty : value !== undefined) return value!;
      return host.paramError(part.name, (await arg()) || (value === undefined ? 'parameter not set' : 'parameter null or not set'));
    default: {
      const pattern = part.arg ? await expandPattern(host, part.arg) : '';
      return removePattern(value ?? '', pattern, part.op);
    }
  }
}

function removePattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = globToRegExp(pattern);
  const lengths = [...Array(value.length + 1).keys()];
  if (op === '#' || op === '##') {
    for (const n of op === '#' ? lengths : lengths.reverse()) if (re.test(value.slice(0, n))) return value.slice(n);
  } else {
    for (const n of op === '%' ? lengths : lengths.reverse()) if (re.test(value.slice(value.length - n))) return value.slice(0, value.length - n);
  }
  return value;
}

function expandTilde(host: ExpansionHost, text: string): string {
  if (text !== '~' && !text.startsWith('~/')) return text;
  return (host.param('HOME') ?? '/') + text.slice(1);
}

/** A glob pattern (with backslash escapes) as an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function globFields(host: ExpansionHost, fields: Field[]): string[] {
  const result: string[] = [];
  for (const field of fields) {
    const matches = field.glob ? glob(host, field.pattern) : [];
    if (matches.length > 0) result.push(...matches);
    else result.push(field.text);
  }
  return result;
}

/** Match a pattern one path segment at a time against the fs; sorted like sh. */
function glob(host: ExpansionHost, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter(Boolean);
  let candidates = [absolute ? '/' : ''];
  for (const segment of segments) {
    const next: string[] = [];
    const literal = !GLOB_CHARS.test(segment.replace(/\\./g, ''));
    for (const base of candidates) {
      const dir = posix.resolve(host.cwd, base || '.');
      if (literal) {
        const name = segment.replace(/\\(.)/g, '$1');
        if (host.fs.stat(posix.join(dir, name))) next.push(base ? posix.join(base, name) : name);
        continue;
      }
      const re = globToRegExp(segment);
      for (const name of host.fs.readDir(dir) ?? []) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (re.test(name)) next.push(base ? posix.join(base, name) : name);
      }
    }
    candidates = next;
    if (candidates.length === 0) return [];
  }
  return candidates.sort();
}
