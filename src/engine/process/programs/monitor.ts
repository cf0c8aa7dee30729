/**
 * top and uptime, as busybox prints them. Test suites use `top` as the long-running
 * command of a container (docker-py's integration tests run nearly everything as
 * `alpine top`), and `uptime` for a line that names users and the load average.
 */
import type { Clock } from '../../clock.js';
import { SIGHUP, SIGINT, SIGTERM } from '../signals.js';
import type { Program, ProgramContext } from '../program.js';
import { fail, out } from './util.js';

/** The simulated host came up when its engine clock was first read by one of these programs. */
const bootTimes = new WeakMap<Clock, number>();
/** A host that has been up a while, so `uptime` never reads "0 min". */
const HOST_UP_BEFORE_MS = 3 * 3600_000 + 17 * 60_000;

function hostUptimeMs(clock: Clock): number {
  let boot = bootTimes.get(clock);
  if (boot === undefined) {
    boot = clock.now() - HOST_UP_BEFORE_MS;
    bootTimes.set(clock, boot);
  }
  return clock.now() - boot;
}

const LOAD = ['0.00', '0.00', '0.00'];

export const uptime: Program = async (ctx) => {
  const now = new Date(ctx.sys.clock.now());
  const p2 = (n: number) => String(n).padStart(2, '0');
  const upMin = Math.floor(hostUptimeMs(ctx.sys.clock) / 60_000);
  const days = Math.floor(upMin / 1440);
  const hours = Math.floor((upMin % 1440) / 60);
  const mins = upMin % 60;
  let up = days > 0 ? `${days} day${days === 1 ? '' : 's'}, ` : '';
  up += hours > 0 ? `${String(hours).padStart(2)}:${p2(mins)}` : `${mins} min`;
  const clock = `${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}`;
  out(ctx, ` ${clock} up ${up},  0 users,  load average: ${LOAD.join(', ')}\n`);
  return 0;
};

/** Signals busybox top catches to restore the terminal; it then exits with 128+signo. */
const TOP_FATAL_SIGNALS = [SIGHUP, SIGINT, SIGTERM];
const SCREEN_WIDTH = 80;

interface TopOptions {
  batch: boolean;
  iterations: number;
  delayMs: number;
}

function parseTopArgs(args: string[]): TopOptions | string {
  const opts: TopOptions = { batch: false, iterations: Infinity, delayMs: 5000 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^-([a-zA-Z]+)(.*)$/.exec(arg);
    if (!m) return `invalid argument '${arg}'`;
    for (const flag of m[1]!) {
      if (flag === 'b') opts.batch = true;
      else if (flag === 'n' || flag === 'd') {
        const value = m[2] || args[++i];
        const n = Number(value);
        if (value === undefined || !Number.isFinite(n) || n < 0) return `invalid number '${value ?? ''}'`;
        if (flag === 'n') opts.iterations = Math.floor(n);
        else opts.delayMs = n * 1000;
        break;
      } else if (!'cHmsS'.includes(flag)) return `invalid option -- '${flag}'`;
    }
  }
  return opts;
}

function topFrame(ctx: ProgramContext, batch: boolean): string {
  const procs = [...ctx.sys.procs.values()].sort((a, b) => a.pid - b.pid);
  const lastPid = procs.reduce((max, p) => Math.max(max, p.pid), 0);
  const head = [
    'Mem: 1700096K used, 22983988K free, 8872K shrd, 6320K buff, 525520K cached',
    'CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq',
    `Load average: ${LOAD.join(' ')} 1/${procs.length + 120} ${lastPid}`,
  ];
  const title = '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND';
  const rows = procs.map((p) => {
    const stat = p.pid === ctx.pid ? 'R' : 'S';
    const row = `${String(p.pid).padStart(5)}${String(p.ppid).padStart(6)} ${p.user.slice(0, 8).padEnd(8)} ${stat.padEnd(4)}${'1604'.padStart(6)}${'0'.padStart(4)}%${'0'.padStart(4)}% ${p.command}`;
    return batch ? row : row.slice(0, SCREEN_WIDTH - 1);
  });
  if (batch) return [...head, title, ...rows].join('\n') + '\n\n';
  // An interactive screen: home + clear, the title in reverse video, no newline after the last row.
  return `\x1b[H\x1b[J${head.join('\n')}\n\x1b[7m${title}\x1b[m\n${rows.join('\n')}\r`;
}

export const top: Program = async (ctx) => {
  const opts = parseTopArgs(ctx.argv.slice(1));
  if (typeof opts === 'string') return fail(ctx, opts);
  const control = ctx.sys.control;
  // As PID 1 nothing else handles these: top's own handler ends it (docker stop takes no timeout).
  const installed = ctx.pid === 1 ? TOP_FATAL_SIGNALS.filter((s) => !ctx.sys.traps.has(s)) : [];
  for (const signo of installed) {
    ctx.sys.traps.set(signo, { action: 'top', deliver: () => control.kill({ exitCode: 128 + signo }) });
  }
  try {
    for (let n = 0; n < opts.iterations; n++) {
      if (n > 0) await control.sleep(opts.delayMs);
      out(ctx, topFrame(ctx, opts.batch));
    }
    return 0;
  } finally {
    for (const signo of installed) ctx.sys.traps.delete(signo);
  }
};
