/** Splits complete lines off `buffer`; a lone trailing \r waits for more text unless `final`. */
function splitLines(buffer: string, final: boolean): { readonly lines: string[]; readonly rest: string } {
  const lines: string[] = [];
  let rest = buffer;
  let end = rest.search(/\r\n|\r|\n/);
  while (end !== -1) {
    const width = rest.startsWith('\r\n', end) ? 2 : 1;
    // A lone \r at the chunk's end may be the first half of \r\n: wait for the next chunk.
    if (!final && width === 1 && rest[end] === '\r' && end === rest.length - 1) break;
    lines.push(rest.slice(0, end));
    rest = rest.slice(end + width);
    end = rest.search(/\r\n|\r|\n/);
  }
  return { lines, rest };
}

/**
 * The `data` payloads of a Server-Sent Events stream, one per event, in order.
 *
 * @remarks
 * Multi-line `data:` fields are joined with `\n` as the SSE spec says; comments (`:`) and other
 * fields are skipped; a final event without its blank line is dropped, because a stream cut
 * mid-event must not deliver half a message.
 * @param chunks - the decoded text of the stream, in arbitrary chunks
 * @public
 */
export async function* readSseData(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  let data: string[] = [];
  function* take(lines: readonly string[]): Generator<string> {
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
      } else if (line === 'data' || line.startsWith('data:')) {
        const value = line.slice(5);
        data.push(value.startsWith(' ') ? value.slice(1) : value);
      }
    }
  }
  for await (const chunk of chunks) {
    const { lines, rest } = splitLines(buffer + chunk, false);
    buffer = rest;
    yield* take(lines);
  }
  yield* take(splitLines(buffer, true).lines);
}
