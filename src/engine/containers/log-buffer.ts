/**
 * A container's output as dockerd's json-file driver keeps it: each write with its
 * stream and engine timestamp, stdout and stderr apart. Followers (logs -f, attach)
 * subscribe to new entries.
 */
export type StreamName = 'stdout' | 'stderr';

export interface LogEntry {
  stream: StreamName;
  /** Engine time in nanoseconds. */
  time: bigint;
  data: Buffer;
}

type Follower = (entry: LogEntry) => void;

/** Bytes kept per container before the oldest entries are dropped (like max-size). */
const MAX_BYTES = 8 * 1024 * 1024;

export class LogBuffer {
  private entries: LogEntry[] = [];
  private bytes = 0;
  private followers?: Set<Follower>;

  append(entry: LogEntry): void {
    this.entries.push(entry);
    this.bytes += entry.data.length;
    while (this.bytes > MAX_BYTES && this.entries.length > 1) this.bytes -= this.entries.shift()!.data.length;
    if (this.followers) for (const f of [...this.followers]) f(entry);
  }

  all(): readonly LogEntry[] {
    return this.entries;
  }

  follow(f: Follower): () => void {
    (this.followers ??= new Set()).add(f);
    return () => {
      this.followers?.delete(f);
      if (this.followers?.size === 0) this.followers = undefined;
    };
  }

  followerCount(): number {
    return this.followers?.size ?? 0;
  }
}
