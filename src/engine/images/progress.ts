/**
 * dockerd's JSON progress messages (pull, push, load, import, build) and the text of
 * its progress bars, as pkg/jsonmessage renders them on the daemon side.
 */
export interface ProgressDetail {
  current?: number;
  total?: number;
}

export interface ProgressMessage {
  status?: string;
  progressDetail?: ProgressDetail;
  progress?: string;
  id?: string;
  stream?: string;
  aux?: unknown;
  errorDetail?: { code?: number; message: string };
  error?: string;
}

/** Where a long operation reports progress; `signal` aborts when the client is gone. */
export interface ProgressOutput {
  write(message: ProgressMessage): void;
}

/** Go's units.HumanSize: 4 significant digits, decimal units. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, 4)}${units[i]}`;
}

/** Go's %.4g. */
function formatG(n: number, precision: number): string {
  if (n === 0) return '0';
  const s = n.toPrecision(precision);
  return s.includes('e') ? String(Number(s)) : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** JSONProgress.String() with the daemon's default width (200 columns). */
export function progressBar(current: number, total: number): string {
  if (total <= 0) return `${humanSize(current).padStart(8)}`;
  let percentage = Math.floor(Math.floor((current / total) * 100) / 2);
  if (percentage > 50) percentage = 50;
  const bar = `[${'='.repeat(percentage)}>${' '.repeat(Math.max(0, 50 - percentage))}] `;
  return `${bar}${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

/** JSON the way Go's encoder writes it (<, >, & and line separators escaped). */
export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An error message as the progress stream carries it. */
export function errorMessage(message: string, code?: number): ProgressMessage {
  return { errorDetail: code === undefined ? { message } : { code, message }, error: message };
}
