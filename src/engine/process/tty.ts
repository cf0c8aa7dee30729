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

  /**
   * Echo goes out in one write per run of typed characters, as a pty's read returns it:
   * 1000 single-byte writes reached the client long after the program had exited.
   */
  feed(chunk: Buffer): void {
    let echoed = '';
    const echoNow = () => {
      if (echoed) this.echo(echoed);
      echoed = '';
    };
    for (const c of chunk.toString('latin1')) {
      if (c === '\x03') {
        echoNow();
        this.echo('^C');
        this.line = '';
        this.signal(SIGINT);
      } else if (c === '\x04') {
        echoNow();
        if (this.line === '') this.input.end();
        else this.flush();
      } else if (c === '\r' || c === '\n') {
        this.line += '\n';
        echoed += '\n';
        echoNow();
        this.flush();
      } else if (c === '\x7f' || c === '\b') {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          echoed += '\b \b';
        }
      } else {
        this.line += c;
        echoed += c;
      }
    }
    echoNow();
  }

  private flush(): void {
    this.input.write(Buffer.from(this.line, 'latin1'));
    this.line = '';
  }
}
