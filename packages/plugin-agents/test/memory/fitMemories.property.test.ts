import { estimateTokens } from '@cortex-os/kernel/router';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitMemories, memoryLine, recalledMemoriesMessage } from '../../src/memory/fitMemories.js';

const memory = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('fact', 'preference', 'agent-answer'),
  text: fc.string({ minLength: 1, maxLength: 400 }),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
});
const cost = (m: { id: string; kind: string; text: string; score: number }): number => estimateTokens(memoryLine(m));

describe('fitMemories', () => {
  it('keeps the most relevant memories that fit the budget: never over it, by score, and each one left out did not fit', () => {
    fc.assert(
      fc.property(fc.array(memory, { maxLength: 30 }), fc.integer({ min: 1, max: 600 }), (memories, maxTokens) => {
        const { kept, dropped, tokens } = fitMemories(memories, maxTokens);
        expect(tokens).toBe(kept.reduce((sum, m) => sum + cost(m), 0));
        expect(tokens).toBeLessThanOrEqual(maxTokens);
        expect(kept.length + dropped).toBe(memories.length);
        for (let i = 1; i < kept.length; i += 1) expect(kept[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(kept[i]?.score ?? 0);
        // Greedy by score: a memory left out would not have fitted next to the more relevant ones kept
        // (more relevant: a higher score, or the same score earlier in the search's order).
        const keptSet = new Set(kept);
        const ahead = (a: number, b: number): boolean =>
          (memories[a]?.score ?? 0) > (memories[b]?.score ?? 0) || ((memories[a]?.score ?? 0) === (memories[b]?.score ?? 0) && a < b);
        memories.forEach((left, l) => {
          if (keptSet.has(left)) return;
          const before = memories.reduce((sum, m, k) => sum + (keptSet.has(m) && ahead(k, l) ? cost(m) : 0), 0);
          expect(before + cost(left)).toBeGreaterThan(maxTokens);
        });
        // Everything fits when the budget holds them all.
        const all = memories.reduce((sum, m) => sum + cost(m), 0);
        if (all <= maxTokens) expect(dropped).toBe(0);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('keeps the search order between equal scores, and cites every kept memory by id in the message', () => {
    const memories = [
      { id: 'b', kind: 'fact', text: 'second', score: 0.5 },
      { id: 'a', kind: 'fact', text: 'first', score: 0.9 },
      { id: 'c', kind: 'fact', text: 'third', score: 0.5 },
    ];
    const { kept } = fitMemories(memories, 1000);
    expect(kept.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(recalledMemoriesMessage(kept).split('\n').slice(1)).toEqual(['- [a] (fact) first', '- [b] (fact) second', '- [c] (fact) third']);
    expect(fitMemories(memories, 1)).toEqual({ kept: [], dropped: 3, tokens: 0 });
    expect(memoryLine({ id: 'd', kind: 'agent-answer', text: 'Asked: when?\nAnswered:  at\t10.\n', score: 1 })).toBe(
      '- [d] (agent-answer) Asked: when? Answered: at 10.',
    );
  });
});
