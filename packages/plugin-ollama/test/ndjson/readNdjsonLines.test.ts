import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readNdjsonLines } from '../../src/ndjson/readNdjsonLines.js';

async function collect(pieces: readonly Uint8Array[], max = 1000): Promise<string[]> {
  async function* source(): AsyncGenerator<Uint8Array> {
    yield* pieces;
  }
  const lines: string[] = [];
  for await (const line of readNdjsonLines(source(), max)) lines.push(line);
  return lines;
}

describe('readNdjsonLines', () => {
  it('yields each line however the bytes are split, including a last line without newline', async () => {
    const bytes = new TextEncoder().encode('{"a":"é"}\r\n\n{"b":"🙂"}\n{"c":3}');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 8 }), async (cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1))), bytes.length].sort((a, b) => a - b);
        const pieces: Uint8Array[] = [];
        let last = 0;
        for (const p of points) {
          pieces.push(bytes.slice(last, p));
          last = p;
        }
        expect(await collect(pieces)).toEqual(['{"a":"é"}', '{"b":"🙂"}', '{"c":3}']);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('rejects a line over the limit', async () => {
    await expect(collect([new TextEncoder().encode(`${'x'.repeat(20)}\n`)], 10)).rejects.toMatchObject({
      code: 'OLLAMA_RESPONSE_INVALID',
      message: 'NDJSON line of 20 characters exceeds the 10 limit',
    });
  });
});
