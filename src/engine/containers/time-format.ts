/** Go's time formats as dockerd prints them. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** RFC 3339 with nanoseconds (trailing zeros trimmed, as Go's RFC3339Nano does). */
export function rfc3339Nano(ms: number): string {
  if (!ms) return ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

export function rfc3339NanoFromNanos(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const frac = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return new Date(ms).toISOString().replace(/\.\d+Z$/, frac ? `.${frac}Z` : 'Z');
}

/** Docker's HumanDuration ("Less than a second", "3 seconds", "About a minute", ...). */
export function humanDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.round(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.round(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.round(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.round(hours / 24 / 30)} months`;
  return `${Math.round(hours / 24 / 365)} years`;
}
