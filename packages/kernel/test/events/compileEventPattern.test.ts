import { compileEventPattern } from '@cortex-os/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const eventType = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('.'));

describe('compileEventPattern', () => {
  it('matches what the bus matches: `*` everything, `a.*` one or more segments under a, else exactly', () => {
    const isMemory = compileEventPattern('memory.*');
    expect(['memory.stored', 'memory.stm.evicted'].map(isMemory)).toEqual([true, true]);
    expect(['memory', 'memoryx.stored', 'tool.memory.stored'].map(isMemory)).toEqual([false, false, false]);
    expect(compileEventPattern('*')('anything.at.all')).toBe(true);
    expect(compileEventPattern('memory.stored')('memory.stored.v2')).toBe(false);
  });

  it('for any types: a prefix pattern matches exactly the types below the prefix; an exact pattern only itself', () => {
    fc.assert(
      fc.property(eventType, eventType, (prefix, type) => {
        expect(compileEventPattern(`${prefix}.*`)(type)).toBe(type.startsWith(`${prefix}.`));
        expect(compileEventPattern(`${prefix}.*`)(`${prefix}.${type}`)).toBe(true);
        expect(compileEventPattern(type)(type)).toBe(true);
        expect(compileEventPattern(prefix)(type)).toBe(prefix === type);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});
