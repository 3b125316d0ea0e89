// A conversation's thread is its principal's: distinct (principal, name) pairs never share a
// thread, however a caller spells its name, and every thread id is a usable memory tag id.
import { principalThreadId } from '@cortex-os/plugin-agents';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('principalThreadId', () => {
  it('is stable, per door, and never shared by two (principal, name) pairs', () => {
    expect(principalThreadId('a2a', 'ada', 'ctx-7')).toBe(principalThreadId('a2a', 'ada', 'ctx-7'));
    expect(principalThreadId('a2a', 'ada', 'ctx-7')).toMatch(/^a2a:[0-9a-f]{64}$/);
    expect(principalThreadId('task', 'ada', 'ctx-7')).not.toBe(principalThreadId('a2a', 'ada', 'ctx-7'));
    // A separator inside a principal or a name cannot make two pairs meet.
    expect(principalThreadId('a2a', 'a\u0000b', 'c')).not.toBe(principalThreadId('a2a', 'a', 'b\u0000c'));
    const pair = fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(pair, pair, ([principal, name], [otherPrincipal, otherName]) => {
        const id = principalThreadId('task', principal, name);
        expect(id.length).toBeLessThanOrEqual(120);
        if (principal !== otherPrincipal || name !== otherName) expect(principalThreadId('task', otherPrincipal, otherName)).not.toBe(id);
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});
