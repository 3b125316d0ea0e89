import { OpenAiError } from '../errors/OpenAiError.js';

/**
 * One server-sent event: its `event` name (default `message`) and `data` (multi-line data joined by `\n`).
 * @public
 */
export interface SseEvent {
  /** Event name; `message` when the stream gave none. */
  readonly event: string;
  /** Data lines joined by `\n`. */
  readonly data: string;
}

/**
 * Parses a `text/event-stream` body into events, per the WHATWG event-stream rules
 * (CR, LF or CRLF line ends; `:` comments; `data` lines joined; an event ends at a blank line).
 * Events without data are skipped, as browsers do. A final event without its blank line is dropped,
 * as the specification requires: a stream cut mid-event never yields half an event.
 *
 * @throws {@link OpenAiError} `OPENAI_RESPONSE_INVALID` when a line grows past `maxLineBytes` (default 8 MiB) without ending.
 * @example
 * ```ts
 * // Inside a `fetchWithDeadline` reader, so silence between events trips the idle timeout:
 * for await (const event of readSseEvents(readResponseChunks(response.body, deadline))) {
 *   if (event.data === '[DONE]') break;
 *   onChunk(JSON.parse(event.data));
 * }
 * ```
 * @public
 */
export async function* readSseEvents(chunks: AsyncIterable<Uint8Array>, maxLineBytes = 8 * 1024 * 1024): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  // The unfinished line so far. It holds no line end, so only each new chunk is scanned, and the
  // long line is never flattened per chunk (which made the size guard quadratic).
  let pending = '';
  let event = '';
  let data: string[] = [];
  let lastWasCR = false;
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      // A CRLF split across two chunks: the LF belongs to the CR already handled.
      if (code === 10 && lastWasCR && i === start && pending === '') {
        lastWasCR = false;
        start = i + 1;
        continue;
      }
      const line = pending + text.slice(start, i);
      pending = '';
      lastWasCR = code === 13;
      if (code === 13 && text.charCodeAt(i + 1) === 10) {
        i += 1;
        lastWasCR = false;
      }
      start = i + 1;
      if (line === '') {
        if (data.length > 0) yield { event: event === '' ? 'message' : event, data: data.join('\n') };
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
    pending += text.slice(start);
    if (pending.length > maxLineBytes) {
      throw new OpenAiError('OPENAI_RESPONSE_INVALID', `event-stream line longer than ${maxLineBytes} bytes`, {
        details: { maxLineBytes },
      });
    }
  }
}
