/** env, printenv, hostname, id, whoami, pwd, date, uname, kill. */
import { parseSignal, SIGTERM } from '../signals.js';
import type { Program } from '../program.js';
import { fail, out } from './util.js';

/** What `uname` reports: a plausible Docker host kernel. */
export const KERNEL = { sysname: 'Linux', release: '6.8.0-mockerd', version: '#1 SMP PREEMPT_DYNAMIC', machine: 'x86_64' };

export const env: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let vars: Record<string, string> = { ...ctx.env };
  while (args.length > 0) {
    const a = args[0]!;
    if (a === '-i' || a === '-') vars = {};
    else if (a === '-u') {
      args.shift();
      delete vars[args[0] ?? ''];
    } else if (/^[^=]+=/.test(a)) {
      const eq = a.indexOf('=');
      vars[a.slice(0, eq)] = a.slice(eq + 1);
    } else break;
    args.shift();
  }
  if (args.length > 0) return ctx.run(args, vars);
  out(ctx, Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

export const printenv: Program = async (ctx) => {
  const names = ctx.argv.slice(1);
  if (names.length === 0) {
    out(ctx, Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const name of names) {
    if (name in ctx.env) out(ctx, ctx.env[name] + '\n');
    else status = 1;
  }
  return status;
};

export const hostname: Program = async (ctx) => {
  out(ctx, ctx.sys.hostname + '\n');
  return 0;
};

export const id: Program = async (ctx) => {
  const u = ctx.sys.user;
  const flag = ctx.argv[1];
  const named = (n: number, name?: string) => (name ? `${n}(${name})` : String(n));
  if (flag === '-u') out(ctx, `${u.uid}\n`);
  else if (flag === '-g') out(ctx, `${u.gid}\n`);
  else if (flag === '-un') out(ctx, `${u.name ?? u.uid}\n`);
  else if (flag === '-gn') out(ctx, `${u.group ?? u.gid}\n`);
  else if (flag === '-G') out(ctx, `${u.groups.join(' ')}\n`);
  else {
    const groupNames = groupNamesOf(ctx);
    const groups = u.groups.map((g) => named(g, groupNames.get(g))).join(',');
    out(ctx, `uid=${named(u.uid, u.name)} gid=${named(u.gid, u.group)} groups=${groups}\n`);
  }
  return 0;
};

function groupNamesOf(ctx: Parameters<Program>[0]): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of ctx.sys.fs.readFile('/etc/group')?.toString().split('\n') ?? []) {
    const [name, , id] = line.split(':');
    if (name && id && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
  }
  if (!names.has(0)) names.set(0, 'root');
  return names;
}

export const whoami: Program = async (ctx) => {
  const u = ctx.sys.user;
  if (!u.name) return fail(ctx, `unknown uid ${u.uid}`);
  out(ctx, u.name + '\n');
  return 0;
};

export const pwd: Program = async (ctx) => {
  out(ctx, ctx.cwd + '\n');
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime for the UTC time zone containers run in by default. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const fields: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()]!,
    b: () => MONTHS[d.getUTCMonth()]!,
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => p2(d.getUTCHours()),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    m: () => p2(d.getUTCMonth() + 1),
    y: () => p2(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    s: () => String(Math.floor(ms / 1000)),
    N: () => String((ms % 1000) * 1_000_000).padStart(9, '0'),
    Z: () => 'UTC',
    z: () => '+0000',
    T: () => formatDate(ms, '%H:%M:%S'),
    F: () => formatDate(ms, '%Y-%m-%d'),
    D: () => formatDate(ms, '%m/%d/%y'),
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (m, c: string) => fields[c]?.() ?? m);
}

export const date: Program = async (ctx) => {
  const format = ctx.argv.slice(1).find((a) => a.startsWith('+'));
  const iso = ctx.argv.includes('-I') || ctx.argv.includes('--iso-8601');
  const now = ctx.sys.clock.now();
  const text = format ? formatDate(now, format.slice(1)) : iso ? formatDate(now, '%F') : formatDate(now, '%a %b %e %H:%M:%S %Z %Y');
  out(ctx, text + '\n');
  return 0;
};

export const uname: Program = async (ctx) => {
  const flags = ctx.argv.slice(1).join('').replace(/-/g, '') || 's';
  const all = flags.includes('a');
  const fields = [
    ['s', KERNEL.sysname],
    ['n', ctx.sys.hostname],
    ['r', KERNEL.release],
    ['v', KERNEL.version],
    ['m', KERNEL.machine],
    ['o', 'Linux'],
  ] as const;
  const picked = fields.filter(([f]) => all || flags.includes(f) || (f === 'm' && flags.includes('p'))).map(([, v]) => v);
  out(ctx, picked.join(' ') + '\n');
  return 0;
};

/** kill [-SIG|-s SIG] PID...: only this process tree's PIDs exist here. */
export const kill: Program = async (ctx) => {
  const args = ctx.argv.slice(1);
  let signo = SIGTERM;
  if (args[0] === '-l') {
    out(ctx, 'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n');
    return 0;
  }
  if (args[0] === '-s' || (args[0]?.startsWith('-') && args.length > 1)) {
    const spec = args[0] === '-s' ? args.splice(0, 2)[1]! : args.shift()!.slice(1);
    const sig = parseSignal(spec);
    if (!sig) return fail(ctx, `bad signal name '${spec}'`);
    signo = sig.number;
  }
  if (args.length === 0) return fail(ctx, 'usage: kill [-SIG] PID');
  let status = 0;
  for (const pid of args) {
    if (ctx.sys.procs.has(Number(pid))) ctx.sys.signal(signo);
    else status = fail(ctx, `can't kill pid ${pid}: No such process`);
  }
  return status;
};
