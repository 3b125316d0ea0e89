import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuseScores } from '../../src/search/fuseScores.js';

const candidate = fc.record(
  {
    key: fc.nat(),
    modality: fc.constantFrom('text', 'image', 'audio', 'video' as const),
    cosine: fc.double({ min: -1, max: 1, noNaN: true }),
    bm25: fc.double({ min: 0, max: 50, noNaN: true }),
  },
  { requiredKeys: ['key', 'modality'] },
);

describe('fuseScores', () => {
  it('normalises both signals into [0, 1] and blends them by the weights (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.key, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cands, ws) => {
          const fused = fuseScores(cands, { mode: 'hybrid', weights: { semantic: ws, keyword: 1 - ws }, rrfK: 60 });
          const maxBm25 = Math.max(0, ...cands.map((c) => c.bm25 ?? 0));
          for (const f of fused) {
            expect(f.semanticScore).toBeGreaterThanOrEqual(0);
            expect(f.semanticScore).toBeLessThanOrEqual(1);
            expect(f.keywordScore).toBeGreaterThanOrEqual(0);
            expect(f.keywordScore).toBeLessThanOrEqual(1);
            expect(f.score).toBeCloseTo(ws * f.semanticScore + (1 - ws) * f.keywordScore, 9);
          }
          if (maxBm25 > 0) expect(fused.some((f) => f.keywordScore === 1)).toBe(true);
          for (let i = 1; i < fused.length; i++)
            expect((fused[i - 1] as { score: number }).score).toBeGreaterThanOrEqual((fused[i] as { score: number }).score);
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });

  it('gives reciprocal rank fusion scores of 1/(k+rank) per list', () => {
    const fused = fuseScores(
      [
        { key: 1, modality: 'text', cosine: 0.9, bm25: 1 },
        { key: 2, modality: 'text', cosine: 0.5, bm25: 3 },
        { key: 3, modality: 'text', cosine: 0.7 },
      ],
      { mode: 'rrf', weights: { semantic: 0.6, keyword: 0.4 }, rrfK: 60 },
    );
    expect(Object.fromEntries(fused.map((f) => [f.key, f.score]))).toEqual({ 1: 1 / 61 + 1 / 62, 2: 1 / 63 + 1 / 61, 3: 1 / 62 });
  });

  it('applies modality weights to the final score', () => {
    const [hit] = fuseScores([{ key: 1, modality: 'image', cosine: 1 }], {
      mode: 'semantic',
      weights: { semantic: 0.6, keyword: 0.4 },
      rrfK: 60,
      modalityWeights: { image: 0.5 },
    });
    expect(hit?.score).toBe(0.5);
  });
});
