/**
 * A terminal's input side in canonical mode: echo what is typed, hand whole lines
 * to the program, ^C sends SIGINT, ^D ends input (at the start of a line), DEL erases.
 */
import type { Pipe } from './io.js';
import { SIGINT } from './signals.js';

export class LineDiscipline {
  private line = '';

  constructor(
    private readonly input: Pipe,
    private readonly echo: (text: string) => void,
    private readonly signal: (signo: number) => void,
  ) {}

  feed(chunk: Buffer): void {
    for (const c of chunk.toString('latin1')) {
      if (c === '\x03') {
        this.echo('^C');
        this.line = '';
        this.signal(SIGINT);
      } else if (c === '\x04') {
        if (this.line === '') this.input.end();
        else this.flush();
      } else if (c === '\r' || c === '\n') {
        this.line += '\n';
        this.echo('\n');
        this.flush();
      } else if (c === '\x7f' || c === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else {
        this.line += c;
        this.echo(c);
      }
    }
  }

  private flush(): void {
    this.input.write(Buffer.from(this.line, 'latin1'));
    this.line = '';
  }
}
