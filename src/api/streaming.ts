/**
 * Long-lived streaming answers (events, logs, stats, progress): a Response whose body
 * is fed by a producer, with one cleanup that runs exactly once whether the producer
 * ends the stream or the client goes away.
 */
export interface StreamSink {
  write(chunk: string | Uint8Array): void;
  /** End the stream normally. */
  end(): void;
  /** AbortSignal that fires when the stream ends for any reason. */
  readonly signal: AbortSignal;
}

/** start() sets things up and returns the cleanup for them. */
export type StreamProducer = (sink: StreamSink) => (() => void) | void;

const encoder = new TextEncoder();

export function streamResponse(contentType: string, producer: StreamProducer, status = 200): Response {
  const body = producerStream(producer);
  return new Response(body, { status, headers: { 'Content-Type': contentType } });
}

export function producerStream(producer: StreamProducer): ReadableStream<Uint8Array> {
  const aborter = new AbortController();
  let cleanup: (() => void) | void;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    aborter.abort();
    cleanup?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const sink: StreamSink = {
        write(chunk) {
          if (finished) return;
          controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        },
        end() {
          if (finished) return;
          finish();
          controller.close();
        },
        signal: aborter.signal,
      };
      cleanup = producer(sink);
      if (finished) cleanup?.();
    },
    cancel() {
      finish();
    },
  });
}

/** Newline-delimited JSON, one document a line. */
export const jsonLine = (value: unknown) => JSON.stringify(value) + '\n';
