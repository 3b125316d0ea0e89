import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FusedCandidate, fuseScores, type SearchCandidate } from '../../src/search/fuseScores.js';

const candidate = fc.record(
  {
    key: fc.nat({ max: 10_000 }),
    modality: fc.constant('text' as const),
    cosine: fc.double({ min: -1, max: 1, noNaN: true }),
    bm25: fc.double({ min: 0, max: 50, noNaN: true }),
  },
  { requiredKeys: ['key', 'modality'] },
);
const candidates = fc.uniqueArray(candidate, { selector: (c) => c.key, minLength: 2, maxLength: 25 });
const weight = fc.double({ min: 0.001, max: 1000, noNaN: true });

const hybrid = (cands: readonly SearchCandidate[], semantic: number, keyword: number): FusedCandidate[] =>
  fuseScores(cands, { mode: 'hybrid', weights: { semantic, keyword }, rrfK: 60 });
const position = (fused: readonly FusedCandidate[]): Map<number, number> => new Map(fused.map((f, i) => [f.key, i]));

describe('fuseScores hybrid weights (ordering properties)', () => {
  it('depends only on the ratio of the weights', () => {
    fc.assert(
      fc.property(candidates, weight, weight, fc.double({ min: 0.01, max: 100, noNaN: true }), (cands, ws, wk, scale) => {
        const a = hybrid(cands, ws, wk);
        const b = hybrid(cands, ws * scale, wk * scale);
        for (const [i, f] of a.entries()) expect(f.score).toBeCloseTo((b[i] as FusedCandidate).score, 9);
        // Scores equal to within rounding may swap; wherever they differ, the order is the same.
        for (let i = 1; i < b.length; i++)
          expect((a[i - 1] as FusedCandidate).score).toBeGreaterThanOrEqual((a[i] as FusedCandidate).score);
      }),
      { numRuns: 300, seed: 41 },
    );
  });

  it('orders by one signal alone when the other weighs 0 (ties: higher key first)', () => {
    fc.assert(
      fc.property(candidates, weight, (cands, w) => {
        const bySemantic = hybrid(cands, w, 0);
        const byKeyword = hybrid(cands, 0, w);
        // Each in order of its one signal (w·s/w may round two close scores to a tie, then the higher key leads).
        for (let i = 1; i < bySemantic.length; i++)
          expect((bySemantic[i - 1] as FusedCandidate).semanticScore).toBeGreaterThanOrEqual(
            (bySemantic[i] as FusedCandidate).semanticScore - 1e-12,
          );
        for (let i = 1; i < byKeyword.length; i++)
          expect((byKeyword[i - 1] as FusedCandidate).keywordScore).toBeGreaterThanOrEqual(
            (byKeyword[i] as FusedCandidate).keywordScore - 1e-12,
          );
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('moving weight to a signal never lets a candidate it favours fall behind one it disfavours', () => {
    fc.assert(
      fc.property(candidates, weight, weight, (cands, r1, r2) => {
        const [low, high] = r1 <= r2 ? [r1, r2] : [r2, r1];
        // Semantic weight `low` then `high` (keyword weight 1): a candidate better on meaning and
        // worse on keywords than another, once ahead of it, stays ahead.
        const before = hybrid(cands, low, 1);
        const after = position(hybrid(cands, high, 1));
        const at = position(before);
        for (const a of before)
          for (const b of before) {
            const favoured = a.semanticScore > b.semanticScore && a.keywordScore <= b.keywordScore;
            if (favoured && (at.get(a.key) as number) < (at.get(b.key) as number))
              expect(after.get(a.key) as number).toBeLessThan(after.get(b.key) as number);
          }
      }),
      { numRuns: 200, seed: 43 },
    );
  });

  it('keeps every final score in [0, 1] whatever the weights', () => {
    fc.assert(
      fc.property(candidates, weight, weight, (cands, ws, wk) => {
        for (const f of hybrid(cands, ws, wk)) {
          expect(f.score).toBeGreaterThanOrEqual(0);
          expect(f.score).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      { numRuns: 200, seed: 44 },
    );
  });
});
