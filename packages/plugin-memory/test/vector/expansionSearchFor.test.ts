import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expansionSearchFor } from '../../src/vector/expansionSearchFor.js';

describe('expansionSearchFor', () => {
  it('keeps 128 up to 256k vectors, then 256, then 512 from 512k on', () => {
    expect([0, 1, 10_000, 100_000, 256_000, 256_001, 512_000, 512_001, 1_000_000, 10_000_000].map(expansionSearchFor)).toEqual([
      128, 128, 128, 128, 128, 256, 256, 512, 512, 512,
    ]);
  });

  it('never shrinks as the store grows, and stays a power of two from 128 to 512', () => {
    fc.assert(
      fc.property(fc.nat(20_000_000), fc.nat(20_000_000), (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(expansionSearchFor(small)).toBeLessThanOrEqual(expansionSearchFor(large));
        expect([128, 256, 512]).toContain(expansionSearchFor(large));
      }),
      { seed: 20261122 },
    );
  });
});
