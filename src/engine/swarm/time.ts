/** Swarm timestamps: RFC 3339 with nanoseconds, as swarmkit's protobuf times print. */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = String(Math.round((ms % 1000) * 1e6)).padStart(9, '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? '.' + frac : ''}Z`;
}
