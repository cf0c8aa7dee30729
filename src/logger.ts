/** The daemon's log, on stderr, filtered by --log-level. One per daemon (tests run several). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export class Logger {
  constructor(
    readonly level: LogLevel = 'info',
    private readonly sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  static parseLevel(value: string | undefined): LogLevel {
    if (value === undefined) return 'info';
    if (value in RANK) return value as LogLevel;
    throw new Error(`invalid --log-level ${value}: want debug, info, warn or error`);
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warn', message);
  }
  error(message: string, err?: unknown): void {
    this.write('error', err === undefined ? message : `${message}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  private write(level: LogLevel, message: string): void {
    if (this.enabled(level)) this.sink(`mockerd ${level}: ${message}`);
  }
}
