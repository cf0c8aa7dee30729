/**
 * The request journal: every call the API served, in arrival order, with engine-time
 * stamps only (no wall clock), so two runs of a scenario give the same bytes.
 */
export interface JournalEntry {
  seq: number;
  method: string;
  /** Path as sent, without the version prefix, plus the query string. */
  path: string;
  apiVersion: string;
  status: number;
  /** Engine time of arrival, ms since the journal began. */
  at: number;
  /** Engine-time duration until the answer's headers (ms). */
  ms: number;
  /** The fault rule applied, if any. */
  fault?: string;
  /** Strict mode refused the request: what the client sent that dockerd would not accept. */
  strict?: string;
}

const LIMIT = 100_000;

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(private origin: number) {}

  record(entry: Omit<JournalEntry, 'seq' | 'at'> & { startedAt: number }): JournalEntry {
    const { startedAt, ...rest } = entry;
    const full: JournalEntry = { seq: ++this.seq, ...rest, at: startedAt - this.origin };
    this.entries.push(full);
    if (this.entries.length > LIMIT) this.entries.splice(0, this.entries.length - LIMIT);
    return full;
  }

  list(): readonly JournalEntry[] {
    return this.entries;
  }

  clear(origin: number): void {
    this.entries = [];
    this.seq = 0;
    this.origin = origin;
  }

  /** One JSON object per line, as written by --journal. */
  toNdjson(): string {
    return this.entries.map((e) => JSON.stringify(e) + '\n').join('');
  }
}
