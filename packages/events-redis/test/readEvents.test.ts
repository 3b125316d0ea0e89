import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEntryIds, parseEntryId } from '../src/entryId.js';
import { planRead } from '../src/readEvents.js';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('entry ids', () => {
  it('parse every <ms>-<seq> and <ms> in range, and order like Redis (ms, then seq)', () => {
    fc.assert(
      fc.property(u64, u64, u64, u64, (ms1, seq1, ms2, seq2) => {
        const a = parseEntryId(`${ms1}-${seq1}`);
        const b = parseEntryId(`${ms2}-${seq2}`);
        expect(a).toEqual([ms1, seq1]);
        expect(parseEntryId(`${ms1}`)).toEqual([ms1, 0n]);
        const expected = ms1 === ms2 ? Math.sign(Number(seq1 - seq2)) : ms1 < ms2 ? -1 : 1;
        expect(Math.sign(compareEntryIds(a as never, b as never))).toBe(expected);
      }),
      { seed: 20 },
    );
  });

  it('refuse what is not an entry id', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^\d{1,20}(-\d{1,20})?$/.test(text));
        expect(parseEntryId(text)).toBeUndefined();
      }),
      { seed: 20 },
    );
    for (const bad of ['', '-', '1-', '-1', '1-2-3', ' 1-2', '18446744073709551616-0', '1-18446744073709551616', '$', '+', '(1-0']) {
      expect(parseEntryId(bad)).toBeUndefined();
    }
  });
});

describe('read plans', () => {
  it('start at the beginning, after a cursor (exclusive) or at a time (inclusive)', () => {
    expect(planRead({})).toEqual({ start: '-', from: undefined, afterEntry: false, limit: 100 });
    expect(planRead({ after: '5-3', limit: 7 })).toEqual({ start: '(5-3', from: [5n, 3n], afterEntry: true, limit: 7 });
    expect(planRead({ since: 1000 })).toEqual({ start: '1000-0', from: [999n, (1n << 64n) - 1n], afterEntry: false, limit: 100 });
    expect(planRead({ since: 0 })).toEqual({ start: '0-0', from: undefined, afterEntry: false, limit: 100 });
  });

  it.each([
    [{ after: 'abc' }, '`after` is not a stream entry id (<ms>-<seq>)'],
    [{ after: 5 as unknown as string }, '`after` is not a stream entry id (<ms>-<seq>)'],
    [{ since: -1 }, '`since` must be a time in milliseconds since the epoch, got -1'],
    [{ since: 1.5 }, '`since` must be a time in milliseconds since the epoch, got 1.5'],
    [{ after: '1-0', since: 1 }, 'pass `after` or `since`, not both'],
    [{ limit: 0 }, '`limit` must be an integer from 1 to 10000, got 0'],
    [{ limit: 10_001 }, '`limit` must be an integer from 1 to 10000, got 10001'],
  ])('refuse %j with EVENTS_CURSOR_INVALID', (options, problem) => {
    expect(() => planRead(options)).toThrow(
      expect.objectContaining({ code: 'EVENTS_CURSOR_INVALID', kind: 'invalid-input', message: `Invalid event log cursor: ${problem}` }),
    );
  });
});
