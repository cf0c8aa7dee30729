/**
 * Linux signal names and numbers, parsed the way moby's signal.ParseSignal does
 * ("SIGTERM", "term", "15", 15, "RTMIN+3"), and each signal's default action.
 */
export interface SignalInfo {
  /** Canonical name with the SIG prefix, e.g. "SIGTERM". */
  name: string;
  number: number;
}

const NAMES: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9,
  USR1: 10, SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17,
  CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25,
  VTALRM: 26, PROF: 27, WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31,
};
const RTMIN = 34;
const RTMAX = 64;

const CANONICAL = new Map<number, string>();
for (const [name, num] of Object.entries(NAMES)) if (!CANONICAL.has(num)) CANONICAL.set(num, `SIG${name}`);

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGTERM = 15;

export function signalName(num: number): string {
  if (CANONICAL.has(num)) return CANONICAL.get(num)!;
  if (num === RTMIN) return 'SIGRTMIN';
  if (num === RTMAX) return 'SIGRTMAX';
  return num > RTMIN && num < RTMAX ? `SIGRTMIN+${num - RTMIN}` : `SIG${num}`;
}

/** Parse a signal by name or number; undefined when it is not a valid signal. */
export function parseSignal(sig: string | number): SignalInfo | undefined {
  const num = typeof sig === 'number' ? sig : signalNumber(sig.trim());
  if (num === undefined || !Number.isInteger(num) || num < 1 || num > RTMAX) return undefined;
  if (num > 31 && num < RTMIN) return undefined;
  return { name: signalName(num), number: num };
}

function signalNumber(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  const name = raw.toUpperCase().replace(/^SIG/, '');
  if (name in NAMES) return NAMES[name];
  const rt = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (!rt) return undefined;
  const base = rt[1] === 'MIN' ? RTMIN : RTMAX;
  const offset = rt[3] ? Number(rt[3]) * (rt[2] === '-' ? -1 : 1) : 0;
  const num = base + offset;
  return num >= RTMIN && num <= RTMAX ? num : undefined;
}

/** Signals whose default action does not end a process (ignore, or stop, which we cannot model). */
const HARMLESS_BY_DEFAULT = new Set([17, 18, 19, 20, 21, 22, 23, 28]);

export function terminatesByDefault(num: number): boolean {
  return !HARMLESS_BY_DEFAULT.has(num);
}
