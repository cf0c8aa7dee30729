/**
 * Detach keys (`--detach-keys`, `detachKeys=`): a comma-separated key list such as
 * "ctrl-p,ctrl-q" (the default) or "ctrl-@,a,DEL", as moby/term's ToBytes reads it.
 * Only TTY streams watch for them, like dockerd.
 */
export const DEFAULT_DETACH_KEYS = Buffer.from([16, 17]);

const CTRL_NAMES = ['ctrl-@', ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `ctrl-${c}`), 'ctrl-[', 'ctrl-\\', 'ctrl-]', 'ctrl-^', 'ctrl-_'];

/** The key codes, or undefined when a key is not understood. */
export function parseDetachKeys(spec: string): Buffer | undefined {
  const codes: number[] = [];
  for (const key of spec.split(',')) {
    if (key.length === 1) codes.push(key.charCodeAt(0) & 0xff);
    else if (CTRL_NAMES.includes(key)) codes.push(CTRL_NAMES.indexOf(key));
    else if (key === 'DEL') codes.push(127);
    else return undefined;
  }
  return Buffer.from(codes);
}

/**
 * Watches keystrokes for the detach sequence. A partial match is held back until the
 * next byte shows whether it was the sequence (then it is swallowed) or not (then
 * it is passed on), so the process never sees half a detach sequence.
 */
export class DetachKeyWatcher {
  private matched = 0;

  constructor(private readonly keys: Uint8Array) {}

  /** Bytes to pass on, and whether the sequence completed (bytes after it are dropped). */
  feed(chunk: Uint8Array): { data: Buffer; detach: boolean } {
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { data: Buffer.from(out), detach: true };
        continue;
      }
      if (this.matched > 0) {
        out.push(...this.keys.subarray(0, this.matched));
        this.matched = 0;
        if (byte === this.keys[0]) {
          this.matched = 1;
          if (this.keys.length === 1) return { data: Buffer.from(out), detach: true };
          continue;
        }
      }
      out.push(byte);
    }
    return { data: Buffer.from(out), detach: false };
  }
}
