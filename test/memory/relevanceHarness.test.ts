// The relevance bench's own pieces (issue 13 §4): its reference BM25 and its fusion families.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuseRankings, rrfRankings } from '../../bench/relevance/fuseRankings.ts';
import { createReferenceBm25, referenceTokens } from '../../bench/relevance/referenceBm25.ts';

describe('relevance harness: reference BM25', () => {
  it('tokenises lower-cased runs of [a-z0-9] without the stop list', () => {
    expect(referenceTokens('The Flow of a boundary-layer, at Mach 2.5!')).toEqual(['flow', 'boundary', 'layer', 'mach', '2', '5']);
  });

  it('scores by Okapi BM25 (k1 1.2, b 0.75)', () => {
    const docs = [
      ['d1', 'wing wing flutter'],
      ['d2', 'wing'],
      ['d3', 'heat transfer in the nozzle'],
    ] as const;
    const bm25 = createReferenceBm25(docs);
    // By hand: N 3, average length 7/3; "flutter" in d1 only, "wing" in d1 and d2.
    const idf = (df: number): number => Math.log(1 + (3 - df + 0.5) / (df + 0.5));
    const term = (tf: number, length: number, df: number): number => (idf(df) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * length) / (7 / 3)));
    const d1 = term(2, 3, 2) + term(1, 3, 1);
    const d2 = term(1, 1, 2);
    expect(d1).toBeGreaterThan(d2);
    expect(bm25.rank('wing flutter', 10)).toEqual(['d1', 'd2']);
    // Length normalisation: one "wing" in a 1-word document beats two in a 3-word one.
    expect(term(1, 1, 2)).toBeGreaterThan(term(2, 3, 2));
    expect(bm25.rank('wing', 10)).toEqual(['d2', 'd1']);
    expect(bm25.rank('nozzle', 10)).toEqual(['d3']);
    expect(bm25.rank('the of', 10)).toEqual([]);
  });
});

describe('relevance harness: fusion families', () => {
  const list = fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        fc.integer({ min: 1, max: 1_000 }).map((n) => n / 100),
      ),
      {
        selector: ([id]) => id,
        maxLength: 6,
      },
    )
    .map((entries) => new Map(entries));

  it('weight 1 keeps the semantic order among its documents and weight 0 the keyword order, under every normalisation (fast-check)', () => {
    fc.assert(
      fc.property(list, list, fc.constantFrom('max', 'min-max', 'z-score', 'rank' as const), (semantic, keyword, how) => {
        const order = (m: Map<string, number>): string[] =>
          [...m.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([id]) => id);
        const distinct = (m: Map<string, number>): boolean => new Set(m.values()).size === m.size;
        const among = (ids: string[], m: Map<string, number>): string[] => ids.filter((id) => m.has(id));
        if (distinct(semantic)) expect(among(fuseRankings(semantic, keyword, how, 1, 100), semantic)).toEqual(order(semantic));
        if (distinct(keyword)) expect(among(fuseRankings(semantic, keyword, how, 0, 100), keyword)).toEqual(order(keyword));
        expect(new Set(fuseRankings(semantic, keyword, how, 0.5, 100))).toEqual(new Set([...semantic.keys(), ...keyword.keys()]));
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });

  it('RRF rewards a document high in both lists', () => {
    const semantic = new Map([
      ['x', 0.9],
      ['y', 0.8],
      ['z', 0.1],
    ]);
    const keyword = new Map([
      ['y', 5],
      ['z', 4],
      ['x', 0.5],
    ]);
    expect(rrfRankings(semantic, keyword, 60, 3)).toEqual(['y', 'x', 'z']);
  });
});
