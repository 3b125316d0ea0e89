import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryIdSchema } from '@cortex-os/plugin-memory';
import { createUuidV7 } from '../../src/util/createUuidV7.js';

describe('createUuidV7', () => {
  it('gives valid, strictly increasing ids for any clock, even one that stands still or steps back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), (times) => {
        let i = 0;
        const next = createUuidV7(() => times[Math.min(i++, times.length - 1)] as number);
        const ids = times.map(() => next());
        for (const id of ids) expect(memoryIdSchema.safeParse(id).success).toBe(true);
        for (let j = 1; j < ids.length; j++) expect((ids[j] as string) > (ids[j - 1] as string)).toBe(true);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('encodes the clock time in its first 48 bits', () => {
    const id = createUuidV7(() => 0x0190_1234_5678)();
    expect(id.startsWith('01901234-5678-7')).toBe(true);
  });
});
