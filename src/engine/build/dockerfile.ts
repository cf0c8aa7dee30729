/**
 * Dockerfiles parsed with dockerfile-ast (the parser behind VS Code's Docker
 * support) into build stages, with the classic builder's parse errors.
 */
import { lazyModule } from '../../lazy-module.js';

const dockerfileAst = lazyModule<typeof import('dockerfile-ast')>('dockerfile-ast');
import { invalidParameter } from '../errors.js';
import type { Instruction } from './config-instructions.js';

export const KNOWN_INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

export interface Stage {
  /** The FROM instruction. */
  from: Instruction;
  /** "AS name", lower-cased, if any. */
  name?: string;
  index: number;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs before the first FROM (usable in FROM lines). */
  metaArgs: Instruction[];
  stages: Stage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const doc = dockerfileAst().DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  /** The instruction as written, continuation lines joined (what "Step N/M :" shows). */
  const originalOf = (start: number, end: number) =>
    lines.slice(start, end + 1).map((l, i, all) => (i < all.length - 1 ? l.replace(/\\\s*$/, '') : l)).join('').trim();
  const metaArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of doc.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (!KNOWN_INSTRUCTIONS.includes(keyword)) throw invalidParameter(`dockerfile parse error line ${line}: unknown instruction: ${ins.getInstruction().toUpperCase()}`);
    const flags: Record<string, string> = {};
    const withFlags = ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] };
    for (const f of withFlags.getFlags?.() ?? []) flags[f.getName()] = f.getValue() ?? '';
    const withProps = ins as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] };
    let args = ins.getArgumentsContent() ?? '';
    if (keyword === 'HEALTHCHECK' || keyword === 'COPY' || keyword === 'ADD' || keyword === 'RUN') args = args.replace(/^(--[a-z-]+(=\S*)?\s+)+/, '');
    const parsed: Instruction = {
      keyword,
      args,
      flags,
      line,
      original: originalOf(ins.getRange().start.line, ins.getRange().end.line),
    };
    if (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG') {
      parsed.pairs = (withProps.getProperties?.() ?? []).map((p) => [p.getName(), p.getValue() ?? ''] as [string, string]);
      if (keyword === 'ARG') parsed.pairs = parsed.pairs.map(([k, v]) => [k, v]);
    }
    if (keyword === 'FROM') {
      const parts = args.trim().split(/\s+/);
      if (parts.length === 0 || parts[0] === '') throw invalidParameter(`dockerfile parse error line ${line}: FROM requires either one or three arguments`);
      if (parts.length !== 1 && !(parts.length === 3 && parts[1]!.toUpperCase() === 'AS')) {
        throw invalidParameter(`dockerfile parse error line ${line}: FROM requires either one or three arguments`);
      }
      stages.push({ from: parsed, name: parts[2]?.toLowerCase(), index: stages.length, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (keyword !== 'ARG') throw invalidParameter(`dockerfile parse error line ${line}: no build stage in current context`);
      metaArgs.push(parsed);
      continue;
    }
    stages[stages.length - 1]!.instructions.push(parsed);
  }
  if (stages.length === 0) throw invalidParameter('dockerfile parse error: no build stage in current context');
  return { metaArgs, stages };
}

/** Shell-style variable expansion: $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt}, \$ escapes. */
export function expandVariables(text: string, vars: Record<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced, op, word, bare) => {
    if (m === '\\$') return '$';
    const name = braced ?? bare;
    const value = vars[name];
    if (op === '-') return value === undefined || value === '' ? word : value;
    if (op === '+') return value === undefined || value === '' ? '' : word;
    return value ?? '';
  });
}
