/** `docker top`: the simulated processes as `ps -ef` (or `ps aux`) would list them. */
import { conflict, systemError } from '../errors.js';
import type { Container } from './container.js';

const EF_TITLES = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'];
const AUX_TITLES = ['USER', 'PID', '%CPU', '%MEM', 'VSZ', 'RSS', 'TTY', 'STAT', 'START', 'TIME', 'COMMAND'];

export function topView(c: Container, psArgs: string | undefined, now: number): { Titles: string[]; Processes: string[][] } {
  if (!c.running || !c.process) throw conflict(`Container ${c.id} is not running`);
  const args = (psArgs ?? '-ef').trim();
  if (args.split(/\s+/).some((a) => a.startsWith('--'))) throw systemError('ps: error: unknown gnu long option');
  const aux = /^-?[aux]+$/.test(args) && args.includes('u');
  const hostPid = (pid: number) => String(c.state.pid + pid - 1);
  const start = new Date(c.state.startedAt).toISOString().slice(11, 16);
  const procs = c.process.processes();
  const rows = procs.map((p) =>
    aux
      ? [p.user || 'root', hostPid(p.pid), '0.0', '0.0', '1636', '1024', c.config.Tty ? 'pts/0' : '?', p.pid === 1 ? 'Ss' : 'S', start, '0:00', p.command]
      : [p.user || 'root', hostPid(p.pid), p.ppid === 0 ? String(c.state.pid - 22) : hostPid(p.ppid), '0', start, c.config.Tty ? 'pts/0' : '?', '00:00:00', p.command],
  );
  void now;
  return { Titles: aux ? AUX_TITLES : EF_TITLES, Processes: rows };
}
