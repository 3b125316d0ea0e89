import type { ServerResponse } from 'node:http';
import { type SendStreamOptions, writeStream } from './SendStreamOptions.js';

/**
 * Streams `lines` as newline-delimited JSON (`application/x-ndjson`): an object is sent as one
 * JSON line, a string as it is (a newline added if it has none), so a test can send a line that
 * is not JSON or one too long.
 *
 * @throws {@link @cortex-os/kernel#KernelError} `TESTING_ARGUMENT_INVALID` when `options.chunkSize` is not a whole number of 1 or more.
 * @example
 * ```ts
 * await using server = await startTestHttpServer((_request, response) =>
 *   sendNdjson(response, [{ message: { content: 'Hel' }, done: false }, 'not json'], { end: false }),
 * );
 * ```
 * @public
 */
export function sendNdjson(response: ServerResponse, lines: readonly unknown[], options: SendStreamOptions = {}): void {
  const items = lines.map((line) => {
    if (typeof line !== 'string') return `${JSON.stringify(line)}\n`;
    return line.endsWith('\n') ? line : `${line}\n`;
  });
  writeStream(response, 'application/x-ndjson', items, options);
}
