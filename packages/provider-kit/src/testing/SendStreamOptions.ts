import type { ServerResponse } from 'node:http';
import { KernelError } from '@cortex-os/kernel';

/**
 * Options of {@link sendSse} and {@link sendNdjson}.
 * @public
 */
export interface SendStreamOptions {
  /**
   * The status code.
   * @defaultValue `200`
   */
  readonly status?: number;
  /** Headers besides `content-type`, e.g. `x-request-id`. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * End the response after the last item; `false` leaves it open, as a stalled server does, to
   * test idle timeouts, truncation and the caller's abort.
   * @defaultValue `true`
   */
  readonly end?: boolean;
  /**
   * Write the body in pieces of this many characters, so that items straddle chunk boundaries
   * as they do over a real network.
   * @defaultValue one write per item
   */
  readonly chunkSize?: number;
}

/**
 * Writes the head, then `items` in order (or the whole body in `chunkSize` pieces), then ends
 * unless told not to.
 * @internal
 */
export function writeStream(response: ServerResponse, contentType: string, items: readonly string[], options: SendStreamOptions): void {
  const { status = 200, headers = {}, end = true, chunkSize } = options;
  if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize < 1)) {
    throw KernelError.create(
      'TESTING_ARGUMENT_INVALID',
      { argument: 'chunkSize', expected: 'a whole number of characters, 1 or more', value: chunkSize },
      { details: { argument: 'chunkSize' } },
    );
  }
  response.writeHead(status, { ...headers, 'content-type': contentType });
  const body = items.join('');
  const pieces =
    chunkSize === undefined
      ? items
      : Array.from({ length: Math.ceil(body.length / chunkSize) }, (_, i) => body.slice(i * chunkSize, (i + 1) * chunkSize));
  for (const piece of pieces) response.write(piece);
  if (end) response.end();
}
