import type { RequestDeadline } from './RequestDeadline.js';

/**
 * Yields the chunks of a response body, restarting the idle deadline on each, so a stalled
 * body is aborted by {@link RequestDeadline}.
 * @public
 */
export async function* readResponseChunks(
  body: ReadableStream<Uint8Array> | null,
  deadline: Pick<RequestDeadline, 'touch'>,
): AsyncGenerator<Uint8Array> {
  if (body === null) return;
  for await (const chunk of body) {
    deadline.touch();
    yield chunk;
  }
}

/**
 * Reads a whole response body as UTF-8 text, restarting the idle deadline on every chunk.
 * @public
 */
export async function readResponseText(body: ReadableStream<Uint8Array> | null, deadline: Pick<RequestDeadline, 'touch'>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of readResponseChunks(body, deadline)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
