import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { a2aDelegationDepthKey, a2aDepthOf, nextA2aDepth, runAtA2aDepth } from '../../src/delegation/a2aDelegationDepth.js';

describe('A2A delegation depth', () => {
  it('reads a non-negative safe integer from the metadata, and 0 from anything else', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const depth = a2aDepthOf({ [a2aDelegationDepthKey]: value });
        const valid = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
        expect(depth).toBe(valid ? value : 0);
      }),
      { seed: 2131, numRuns: 300 },
    );
    expect(a2aDepthOf(undefined)).toBe(0);
  });

  it('sends one more than the A2A task being run, also across awaits, and 1 outside any', async () => {
    expect(nextA2aDepth()).toBe(1);
    const inside = await runAtA2aDepth(3, async () => {
      await Promise.resolve();
      return nextA2aDepth();
    });
    expect(inside).toBe(4);
    expect(nextA2aDepth()).toBe(1);
  });
});
