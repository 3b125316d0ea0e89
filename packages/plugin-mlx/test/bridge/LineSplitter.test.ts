import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter, type LineSplitterItem } from '../../src/bridge/LineSplitter.js';

describe('LineSplitter', () => {
  it('yields the same lines and oversized markers however the bytes are chunked', () => {
    const max = 16;
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 30 }).map((s) => s.replace(/\n/g, '')),
          { maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1))), bytes.length].sort((a, b) => a - b);
          const splitter = new LineSplitter(max);
          const items: LineSplitterItem[] = [];
          let last = 0;
          for (const p of points) {
            items.push(...splitter.push(bytes.subarray(last, p)));
            last = p;
          }
          const expected = lines.map((l): LineSplitterItem => {
            const size = Buffer.byteLength(l) + 1;
            return size <= max
              ? { kind: 'line', text: l }
              : { kind: 'oversized', head: Buffer.from(l).subarray(0, 256).toString('utf8'), bytes: size };
          });
          expect(items.map((i) => i.kind)).toEqual(expected.map((i) => i.kind));
          expect(items.filter((i) => i.kind === 'line')).toEqual(expected.filter((i) => i.kind === 'line'));
          expect(items.map((i) => (i.kind === 'oversized' ? i.bytes : 0))).toEqual(
            expected.map((i) => (i.kind === 'oversized' ? i.bytes : 0)),
          );
        },
      ),
      { seed: 9, numRuns: 300 },
    );
  });
});
