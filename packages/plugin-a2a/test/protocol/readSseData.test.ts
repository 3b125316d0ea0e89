import { readSseData } from '@cortex-os/plugin-a2a';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

async function collect(chunks: readonly string[]): Promise<string[]> {
  async function* source(): AsyncGenerator<string> {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const data of readSseData(source())) out.push(data);
  return out;
}

describe('readSseData', () => {
  it('yields each event’s data, joining lines and skipping comments and other fields', async () => {
    expect(await collect([': hi\n', 'event: x\ndata: {"a":1}\n\n', 'data:one\ndata: two\r\n\r\n'])).toEqual(['{"a":1}', 'one\ntwo']);
  });

  it('drops an event cut before its blank line', async () => {
    expect(await collect(['data: whole\n\n', 'data: half'])).toEqual(['whole']);
  });

  it('gives the same events however the stream is chunked (property)', async () => {
    const payload = fc.stringMatching(/^[a-z{}":,0-9 ]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(payload, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(40), { maxLength: 6 }),
        async (events, eol, cuts) => {
          const text = events.map((event) => `data: ${event}${eol}${eol}`).join('');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((start, i) => text.slice(start, [...points, text.length][i]));
          expect(await collect(chunks)).toEqual(events);
        },
      ),
      { seed: 2921, numRuns: 200 },
    );
  });
});
