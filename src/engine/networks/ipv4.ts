/**
 * IPv4 addresses as unsigned 32-bit numbers and CIDR prefixes: parsing, formatting,
 * containment and overlap. (IPv6 subnets are carried as text; see ipam.ts.)
 */
export interface Prefix4 {
  /** The masked network address. */
  base: number;
  bits: number;
}

export function parseAddr4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n >>> 0;
}

export function formatAddr4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** "10.1.2.0/24" -> prefix; `exact` is false when host bits were set ("10.1.2.3/24"). */
export function parsePrefix4(text: string): { prefix: Prefix4; addr: number; exact: boolean } | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const addr = parseAddr4(m[1]!);
  const bits = Number(m[2]);
  if (addr === undefined || bits > 32) return undefined;
  const base = (addr & maskOf(bits)) >>> 0;
  return { prefix: { base, bits }, addr, exact: base === addr };
}

export function formatPrefix4(p: Prefix4): string {
  return `${formatAddr4(p.base)}/${p.bits}`;
}

export function prefixSize(p: Prefix4): number {
  return 2 ** (32 - p.bits);
}

export function contains4(p: Prefix4, addr: number): boolean {
  return ((addr & maskOf(p.bits)) >>> 0) === p.base;
}

export function overlaps4(a: Prefix4, b: Prefix4): boolean {
  return contains4(a, b.base) || contains4(b, a.base);
}

export const isIPv6Text = (text: string) => text.includes(':');
