/** Classic Swarm named engines by their libtrust key ID: 12 groups of 4 base32 characters. */
import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable `ODAI:IC6Q:MSBL:...` key ID derived from an engine ID. */
export function engineKeyId(engineId: string): string {
  const bytes = createHash('sha256').update(engineId).digest().subarray(0, 30);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join(':');
}
