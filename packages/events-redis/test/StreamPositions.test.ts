import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamPositions } from '../src/StreamPositions.js';

/** An `XINFO STREAM` reply (RESP2) with the fields the positions read. */
const info = (lastId: string, added: number | undefined): unknown[] => [
  'length',
  0,
  'last-generated-id',
  lastId,
  ...(added === undefined ? [] : ['entries-added', added]),
];

describe('StreamPositions', () => {
  it('counts exactly the entries trimmed before the reader read them, once it stands at the newest (property)', () => {
    // A model stream: entries 1..added, the oldest `trimmed` removed; the reader reads in batches.
    const step = fc.record({ add: fc.nat(5), trimTo: fc.nat(6), read: fc.nat(4) });
    fc.assert(
      fc.property(fc.nat(3), fc.array(step, { maxLength: 30 }), (start, steps) => {
        let added = start;
        let firstKept = start + 1;
        const positions = new StreamPositions(new Map([['s', info(`${start}-0`, start)]]));
        let position = start;
        let missed = 0;
        let reported = 0;
        for (const { add, trimTo, read } of steps) {
          added += add;
          firstKept = Math.max(firstKept, added - trimTo + 1);
          // The read: entries after the position that are still there, at most `read` of them.
          const from = Math.max(position + 1, firstKept);
          const got = Math.max(0, Math.min(read, added - from + 1));
          if (got > 0) {
            missed += from - (position + 1);
            position = from + got - 1;
            positions.advance('s', `${position}-0`, got);
          }
          reported += positions.missed('s', info(`${added}-0`, added));
          if (position === added) expect(reported).toBe(missed);
        }
        expect(reported).toBeLessThanOrEqual(missed);
      }),
      { seed: 32, numRuns: 300 },
    );
  });

  it('tells nothing without entries-added (Redis before 7), for a missing stream, or after the key was written anew', () => {
    const old = new StreamPositions(new Map([['s', info('5-0', undefined)]]));
    old.advance('s', '9-0', 1);
    expect(old.missed('s', info('9-0', undefined))).toBe(0);
    const missing = new StreamPositions(new Map([['s', undefined]]));
    expect(missing.id('s')).toBe('0-0');
    expect(missing.missed('s', undefined)).toBe(0);
    missing.advance('s', '3-0', 1);
    expect(missing.missed('s', info('3-0', 3))).toBe(2);
    const recreated = new StreamPositions(new Map([['s', info('7-0', 7)]]));
    recreated.advance('s', '8-0', 1);
    expect(recreated.missed('s', info('8-0', 1))).toBe(0);
    recreated.advance('s', '9-0', 1);
    expect(recreated.missed('s', info('9-0', 2))).toBe(0);
  });
});
