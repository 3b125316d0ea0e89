import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readSseEvents, type SseEvent } from '@cortex-os/provider-kit';

async function parse(chunks: readonly string[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(source())) events.push(event);
  return events;
}

describe('readSseEvents', () => {
  it('parses data, event names, comments, multi-line data and every line ending', async () => {
    const stream = ': keep-alive\n\ndata: {"a":1}\n\nevent: done\r\ndata: line1\r\ndata: line2\r\n\r\ndata:no-space\r\rdata: [DONE]\n\n';
    expect(await parse([stream])).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'done', data: 'line1\nline2' },
      { event: 'message', data: 'no-space' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('drops a final event that never got its blank line (a cut stream yields no half event)', async () => {
    expect(await parse(['data: one\n\ndata: two\n'])).toEqual([{ event: 'message', data: 'one' }]);
  });

  it('gives the same events however the bytes are split into chunks', async () => {
    const stream = 'data: {"t":"héllo 🙂"}\r\n\r\nevent: x\ndata: a\ndata: b\n\n: c\n\ndata: end\r\r';
    const whole = await parse([stream]);
    const bytes = new TextEncoder().encode(stream);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Uint8Array[] = [];
        let last = 0;
        for (const p of [...points, bytes.length]) {
          pieces.push(bytes.slice(last, p));
          last = p;
        }
        async function* source(): AsyncGenerator<Uint8Array> {
          yield* pieces;
        }
        const events: SseEvent[] = [];
        for await (const event of readSseEvents(source())) events.push(event);
        expect(events).toEqual(whole);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('rejects a line longer than the limit instead of buffering without bound', async () => {
    const encoder = new TextEncoder();
    async function* source(): AsyncGenerator<Uint8Array> {
      yield encoder.encode(`data: ${'x'.repeat(100)}`);
    }
    await expect(async () => {
      for await (const _ of readSseEvents(source(), 50)) void _;
    }).rejects.toMatchObject({ code: 'OPENAI_RESPONSE_INVALID', message: 'event-stream line longer than 50 bytes' });
  });
});
