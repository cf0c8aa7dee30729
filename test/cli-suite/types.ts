/**
 * The table-driven docker CLI suite: each case is one everyday command line with the exit
 * code and output a user would see. Cases are shared by both CLIs (28.2.2 and Debian's
 * 20.10); where the CLIs print differently, `per` makes the expectation per CLI explicit.
 */
import { expect } from 'vitest';

export type CliName = '28' | '20.10';

export interface Ctx {
  cli: CliName;
  /** A scratch directory for this runner (build contexts, compose files, cp targets). */
  dir: string;
  /** Values saved by earlier cases (`save`), substituted as @name@ in later command lines. */
  vars: Record<string, string>;
}

/**
 * string: the exact output; string[]: the exact lines (trailing newline ignored);
 * RegExp: must match; function: free-form checks (e.g. parsed --format json).
 */
export type Check = string | string[] | RegExp | ((out: string, ctx: Ctx) => void);

export interface Expectation {
  /** Default 0. */
  code?: number;
  stdout?: Check;
  /** Default: stderr must be empty when code is 0. */
  stderr?: Check;
}

export interface Case extends Expectation {
  /** The command line after `docker`; @DIR@ is the scratch dir, @name@ a saved value. */
  cmd: string[];
  /** Shown in the test name when the command line alone is unclear. */
  note?: string;
  input?: string;
  /** Extra environment for the CLI (e.g. DOCKER_BUILDKIT=0 for the classic builder). */
  env?: Record<string, string>;
  /** Per-CLI expectation, overriding the shared one field by field. */
  per?: Partial<Record<CliName, Expectation>>;
  /** Files to write under the scratch dir before running (path relative to it). */
  files?: Record<string, string>;
  /** Save the trimmed stdout as @name@. */
  save?: string;
  /** Further checks after the command (files it wrote, state through the ctx). */
  after?: (ctx: Ctx) => void;
  /** Poll (up to 10 s) until the expectation holds: for states the engine converges to. */
  eventually?: boolean;
}

export interface Group {
  name: string;
  /** Which daemon of the runner: a single engine, or a 3-node swarm on a virtual clock. */
  daemon: 'engine' | 'swarm';
  cases: Case[];
}

export const lines = (s: string) => s.replace(/\n$/, '').split('\n');

export function check(what: string, actual: string, expected: Check | undefined, ctx: Ctx): void {
  if (expected === undefined) return;
  if (typeof expected === 'string') expect(actual, what).toBe(expected);
  else if (Array.isArray(expected)) expect(lines(actual), what).toEqual(expected);
  else if (expected instanceof RegExp) expect(actual, what).toMatch(expected);
  else expected(actual, ctx);
}

/** Parse `--format '{{json .}}'` output: one JSON object per line. */
export const jsonLines = (out: string): Record<string, unknown>[] =>
  lines(out)
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Matchers for common outputs. */
export const ID64 = /^[0-9a-f]{64}\n$/;
export const ID12 = /^[0-9a-f]{12}\n$/;
export const SWARM_ID = /^[a-z0-9]{25}\n$/;
