import type { ServerResponse } from 'node:http';
import { formatSSEErrorEvent, formatSSEEvent, SSE_HEADERS } from '@a2a-js/sdk';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';

/**
 * Writes a stream of events as SSE, for both bindings. An error before the first event is
 * answered by `answerError` as a plain response (the client has seen no stream yet); after it,
 * an `event: error` with `errorBody(error)`. The stream ends when the client goes away or the
 * server's shutdown ends it (`trackStream`).
 */
export async function streamSse<T>(
  res: ServerResponse,
  stream: AsyncGenerator<T, void, undefined>,
  toJson: (event: T) => unknown,
  errorBody: (error: unknown) => unknown,
  trackStream: ((stream: HttpTrackedStream) => Disposer) | undefined,
  answerError: (error: unknown) => void,
): Promise<void> {
  let first: IteratorResult<T, void>;
  try {
    first = await stream.next();
  } catch (error) {
    answerError(error);
    return;
  }
  res.writeHead(200, SSE_HEADERS);
  // `return()` on the SDK's generator waits until it reaches its next event, which a blocked task
  // may never publish: the server's shutdown ends the response itself, not only the generator.
  const end = (): void => {
    void stream.return(undefined);
    if (!res.writableEnded) res.end();
  };
  const untrack = trackStream?.({ description: 'A2A SSE stream', end });
  const closed = (): void => void stream.return(undefined);
  res.once('close', closed);
  try {
    if (first.done !== true) res.write(formatSSEEvent(toJson(first.value)));
    for await (const event of { [Symbol.asyncIterator]: () => stream }) res.write(formatSSEEvent(toJson(event)));
  } catch (error) {
    if (!res.writableEnded) res.write(formatSSEErrorEvent(errorBody(error)));
  } finally {
    res.off('close', closed);
    untrack?.();
    if (!res.writableEnded) res.end();
  }
}
