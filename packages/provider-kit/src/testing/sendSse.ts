import type { ServerResponse } from 'node:http';
import { type SendStreamOptions, writeStream } from './SendStreamOptions.js';

/**
 * Streams `events` as server-sent events (`text/event-stream`), one `data:` event each: an object
 * is sent as JSON, a string as it is (a multi-line string as several `data:` lines), so a test
 * can send a provider's terminator (`'[DONE]'`) or a malformed payload.
 *
 * @throws {@link @cortex-os/kernel#KernelError} `TESTING_ARGUMENT_INVALID` when `options.chunkSize` is not a whole number of 1 or more.
 * @example
 * ```ts
 * const delta = (content: string) => ({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
 * await using server = await startTestHttpServer((_request, response) =>
 *   sendSse(response, [delta('Hel'), delta('lo'), '[DONE]'], { chunkSize: 7 }),
 * );
 * ```
 * @public
 */
export function sendSse(response: ServerResponse, events: readonly unknown[], options: SendStreamOptions = {}): void {
  const items = events.map((event) => {
    const data = typeof event === 'string' ? event : JSON.stringify(event);
    return `${data
      .split('\n')
      .map((line) => `data: ${line}`)
      .join('\n')}\n\n`;
  });
  writeStream(response, 'text/event-stream', items, options);
}
