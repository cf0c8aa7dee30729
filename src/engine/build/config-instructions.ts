/**
 * The Dockerfile instructions that only change an image's config (ENV, CMD, LABEL,
 * EXPOSE, ...). Shared by the classic builder and by `docker commit --change` /
 * `docker import --change`, which accept the same instructions.
 */
import { invalidParameter } from '../errors.js';

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const CONFIG_INSTRUCTIONS = ['ENV', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'USER', 'VOLUME', 'WORKDIR', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'MAINTAINER'];
/** What `--change` accepts (dockerd's validCommitCommands). */
export const CHANGE_INSTRUCTIONS = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'HEALTHCHECK', 'SHELL'];

export const DEFAULT_SHELL = ['/bin/sh', '-c'];
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A parsed instruction: keyword upper-cased, raw argument text, flags, key/value pairs. */
export interface Instruction {
  keyword: string;
  args: string;
  flags: Record<string, string>;
  /** ENV / LABEL / ARG pairs, values unquoted (not yet expanded). */
  pairs?: [string, string][];
  line: number;
  /** "FROM busybox AS a", as the Step line shows it. */
  original: string;
}

/** A JSON array (exec form) or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Shell form through the config's SHELL, exec form as is. */
export function commandOf(args: string, config: Config): string[] {
  return execForm(args) ?? [...((config.Shell as string[] | undefined) ?? DEFAULT_SHELL), args.trim()];
}

/** Split "K=v K2='x y'" / "K v w" the way the Dockerfile parser does. */
export function parsePairs(args: string, legacySpaceForm: boolean): [string, string][] {
  const text = args.trim();
  if (legacySpaceForm && !/^[^\s=]+=/.test(text)) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(text);
    return m ? [[m[1]!, m[2]!]] : [[text, '']];
  }
  const out: [string, string][] = [];
  const re = /\s*((?:"[^"]*"|'[^']*'|\\.|[^\s=])+)(?:=((?:"(?:\\.|[^"])*"|'[^']*'|\\.|[^\s])*))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0] !== '') out.push([unquote(m[1]!), unquote(m[2] ?? '')]);
  return out;
}

export function unquote(s: string): string {
  return s.replace(/"((?:\\.|[^"])*)"|'([^']*)'|\\(.)/g, (_, dq, sq, esc) => (dq !== undefined ? dq.replace(/\\(.)/g, '$1') : sq !== undefined ? sq : esc));
}

/** Apply one config instruction; throws dockerd's texts for bad arguments. */
export function applyConfigInstruction(config: Config, ins: Instruction, expand: (s: string) => string = (s) => s): void {
  const args = ins.args;
  switch (ins.keyword) {
    case 'ENV': {
      const pairs = ins.pairs ?? parsePairs(args, true);
      if (!pairs.length) throw invalidParameter('ENV requires at least one argument');
      const env: string[] = [...(config.Env ?? [])];
      for (const [k, v] of pairs) {
        const value = expand(v);
        const at = env.findIndex((e) => e.split('=')[0] === k);
        if (at >= 0) env[at] = `${k}=${value}`;
        else env.push(`${k}=${value}`);
      }
      config.Env = env;
      return;
    }
    case 'LABEL': {
      const pairs = ins.pairs ?? parsePairs(args, false);
      if (!pairs.length) throw invalidParameter('LABEL requires at least one argument');
      config.Labels = { ...(config.Labels ?? {}) };
      for (const [k, v] of pairs) config.Labels[expand(k)] = expand(v);
      return;
    }
    case 'CMD':
      config.Cmd = commandOf(args, config);
      config.ArgsEscaped = execForm(args) ? undefined : true;
      if (config.ArgsEscaped === undefined) delete config.ArgsEscaped;
      return;
    case 'ENTRYPOINT':
      config.Entrypoint = args.trim() === '' ? null : commandOf(args, config);
      config.Cmd = null;
      return;
    case 'EXPOSE': {
      config.ExposedPorts = { ...(config.ExposedPorts ?? {}) };
      for (const p of expand(args).split(/\s+/).filter(Boolean)) {
        if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw invalidParameter(`invalid containerPort: ${p.split('/')[0]}`);
        config.ExposedPorts[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
      }
      return;
    }
    case 'USER':
      config.User = expand(args.trim());
      return;
    case 'WORKDIR': {
      const dir = expand(args.trim());
      const base = config.WorkingDir || '/';
      config.WorkingDir = dir.startsWith('/') ? dir : `${base.replace(/\/$/, '')}/${dir}`;
      return;
    }
    case 'VOLUME': {
      const list = execForm(args) ?? expand(args).split(/\s+/).filter(Boolean);
      if (!list.length) throw invalidParameter('VOLUME specified can not be an empty string');
      config.Volumes = { ...(config.Volumes ?? {}) };
      for (const v of list) config.Volumes[v] = {};
      return;
    }
    case 'STOPSIGNAL':
      config.StopSignal = expand(args.trim());
      return;
    case 'SHELL': {
      const shell = execForm(args);
      if (!shell) throw invalidParameter('SHELL requires the arguments to be in JSON form');
      config.Shell = shell;
      return;
    }
    case 'ONBUILD': {
      const trigger = args.trim();
      const kw = trigger.split(/\s+/)[0]!.toUpperCase();
      if (['ONBUILD', 'FROM', 'MAINTAINER'].includes(kw)) throw invalidParameter(`${kw} isn't allowed as an ONBUILD trigger`);
      config.OnBuild = [...(config.OnBuild ?? []), trigger];
      return;
    }
    case 'HEALTHCHECK':
      config.Healthcheck = healthcheckOf(args, ins.flags, config);
      return;
    case 'MAINTAINER':
      return;
    default:
      throw invalidParameter(`${ins.keyword.toLowerCase()} is not a valid change command`);
  }
}

function healthcheckOf(args: string, flags: Record<string, string>, config: Config): Record<string, unknown> {
  const rest = args.replace(/^(--\S+\s+)*/, '').trim();
  const kw = rest.split(/\s+/)[0]!.toUpperCase();
  if (kw === 'NONE') return { Test: ['NONE'] };
  if (kw !== 'CMD') throw invalidParameter(`Unknown type "${kw}" in HEALTHCHECK (try CMD)`);
  const cmdArgs = rest.slice(3).trim();
  const exec = execForm(cmdArgs);
  const out: Record<string, unknown> = { Test: exec ? ['CMD', ...exec] : ['CMD-SHELL', cmdArgs] };
  const dur = (name: string, key: string) => {
    if (flags[name] !== undefined) out[key] = parseDuration(flags[name]!);
  };
  dur('interval', 'Interval');
  dur('timeout', 'Timeout');
  dur('start-period', 'StartPeriod');
  dur('start-interval', 'StartInterval');
  if (flags.retries !== undefined) out.Retries = Number(flags.retries);
  void config;
  return out;
}

/** Go durations ("5s", "1m30s") in nanoseconds. */
export function parseDuration(text: string): number {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let m: RegExpExecArray | null;
  let matched = '';
  while ((m = re.exec(text))) {
    matched += m[0];
    const unit = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[m[2] as 's'];
    total += Number(m[1]) * unit;
  }
  if (matched !== text) throw invalidParameter(`time: invalid duration "${text}"`);
  return Math.round(total);
}

/** Parse `--change` strings ("ENV FOO=bar", "CMD [\"x\"]") into instructions. */
export function parseChanges(changes: string[]): Instruction[] {
  return changes.filter((c) => c.trim() !== '').map((c, i) => {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(c)!;
    const keyword = m[1]!.toUpperCase();
    if (!CHANGE_INSTRUCTIONS.includes(keyword)) throw invalidParameter(`${m[1]!.toLowerCase()} is not a valid change command`);
    const flags: Record<string, string> = {};
    let args = m[2]!;
    if (keyword === 'HEALTHCHECK') {
      for (const f of args.matchAll(/--([a-z-]+)=(\S+)/g)) flags[f[1]!] = f[2]!;
    }
    if (keyword === 'HEALTHCHECK') args = args.replace(/--[a-z-]+=\S+\s*/g, '');
    return { keyword, args, flags, line: i + 1, original: c };
  });
}
