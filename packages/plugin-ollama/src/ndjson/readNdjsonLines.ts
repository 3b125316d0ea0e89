import { OllamaError } from '../errors/OllamaError.js';

/**
 * Splits a byte stream into newline-delimited lines (LF or CRLF), skipping blank lines.
 * A last line without its newline is yielded too: Ollama ends its streams with one.
 * @throws {@link OllamaError} `OLLAMA_RESPONSE_INVALID` when a line grows past `maxLineBytes` (counted in UTF-16 units, close enough for a guard).
 */
export async function* readNdjsonLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.length > maxLineBytes)
        throw tooLong(`NDJSON line of ${line.length} characters exceeds the ${maxLineBytes} limit`, maxLineBytes);
      if (line.trim() !== '') yield line;
      newline = buffer.indexOf('\n');
    }
    if (buffer.length > maxLineBytes) throw tooLong(`NDJSON line exceeds the ${maxLineBytes} limit`, maxLineBytes);
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') yield buffer.replace(/\r$/, '');
}

function tooLong(message: string, maxLineBytes: number): OllamaError {
  return new OllamaError('OLLAMA_RESPONSE_INVALID', message, { details: { maxLineBytes } });
}
