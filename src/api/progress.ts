/**
 * JSON progress streams (pull, push, load, import, build): dockerd writes one JSON
 * object per message, separated by "\r\n", and turns an error after the headers went
 * out into an errorDetail message.
 */
import type { Clock } from '../engine/clock.js';
import { errorMessage, goJson, type ProgressOutput } from '../engine/images/progress.js';
import { streamResponse } from './streaming.js';

export type ProgressProducer = (out: ProgressOutput, signal: AbortSignal) => Promise<void> | void;

export function progressStream(_clock: Clock, producer: ProgressProducer): Response {
  return streamResponse('application/json', (sink) => {
    const out: ProgressOutput = { write: (m) => sink.write(goJson(m) + '\r\n') };
    Promise.resolve()
      .then(() => producer(out, sink.signal))
      .then(
        () => sink.end(),
        (err: unknown) => {
          if (!sink.signal.aborted) out.write(errorMessage(err instanceof Error ? err.message : String(err), (err as { exitCode?: number }).exitCode));
          sink.end();
        },
      );
  });
}
