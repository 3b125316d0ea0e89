import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bm25Idf, bm25TermScore } from '../../src/search/bm25TermScore.js';
import { createKeywordIndex } from '../../src/search/KeywordIndex.js';
import type { PostingList } from '../../src/search/PostingList.js';
import { bm25OfRow, maxScoreTopK, type KeywordQueryTerm } from '../../src/search/maxScoreTopK.js';

const vocabulary = ['ant', 'bee', 'cat', 'dog', 'eel', 'fox', 'gnu', 'hen'];

/** Scores every document of the corpus (independently of the index), best first, ties by lower row. */
function exhaustiveTopK(corpus: Map<number, string[]>, query: readonly string[], k: number): { row: number; score: number }[] {
  const rows = corpus.size;
  let tokens = 0;
  for (const doc of corpus.values()) tokens += doc.length;
  const avgdl = tokens / rows;
  const idf = query.map((t) => bm25Idf(rows, [...corpus.values()].filter((d) => d.includes(t)).length));
  const scored: { row: number; score: number }[] = [];
  for (const [row, doc] of corpus) {
    let score = 0;
    let matched = false;
    query.forEach((t, i) => {
      const tf = doc.filter((w) => w === t).length;
      if (tf === 0) return;
      matched = true;
      score += bm25TermScore(idf[i] as number, tf, doc.length, avgdl);
    });
    if (matched) scored.push({ row, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
}

/** Skewed word choice (early words common, late ones rare), so that pruning has work to do. */
const word = fc.integer({ min: 0, max: 63 }).map((n) => vocabulary[Math.floor(Math.log2(n + 1))] as string);
const document = fc.array(word, { maxLength: 12 });
/** A history of writes: set a document at a row, or remove a row (mostly sets). */
const row = fc.integer({ min: 1, max: 150 });
const operations = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ row, words: document }), weight: 5 },
    { arbitrary: fc.record({ row, remove: fc.constant(true) }), weight: 1 },
  ),
  { minLength: 1, maxLength: 200 },
);

describe('maxScoreTopK', () => {
  it('returns exactly the exhaustive BM25 top k: same rows, same order, same scores (property)', () => {
    fc.assert(
      fc.property(
        operations,
        fc.uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 8 }),
        (ops, query, k) => {
          const index = createKeywordIndex();
          const corpus = new Map<number, string[]>();
          for (const op of ops) {
            if ('remove' in op) {
              index.remove(op.row);
              corpus.delete(op.row);
            } else {
              index.set(op.row, op.words);
              corpus.set(op.row, op.words);
            }
          }
          const terms = query.filter((t) => index.documentFrequency(t) > 0);
          if (corpus.size === 0 || terms.length === 0) return;
          expect(index.size).toBe(corpus.size);
          const avgdl = index.totalTokens / index.size;
          const queryTerms: KeywordQueryTerm[] = terms.map((t) => ({
            postings: index.postings(t) as PostingList,
            idf: bm25Idf(index.size, index.documentFrequency(t)),
          }));
          const got = maxScoreTopK(queryTerms, k, avgdl);
          const want = exhaustiveTopK(corpus, terms, k);
          expect(got.map((m) => m.row)).toEqual(want.map((m) => m.row));
          for (const [i, m] of got.entries()) expect(Math.abs(m.score - (want[i] as { score: number }).score)).toBeLessThan(1e-9);
          const every = new Map(exhaustiveTopK(corpus, terms, corpus.size).map((m) => [m.row, m.score]));
          for (const [row, doc] of corpus)
            expect(Math.abs(bm25OfRow(queryTerms, row, doc.length, avgdl) - (every.get(row) ?? 0))).toBeLessThan(1e-9);
        },
      ),
      { seed: 20_260_101, numRuns: 300 },
    );
  });

  it('prunes: with many weak matches it still finds the rare strong ones first', () => {
    const index = createKeywordIndex();
    for (let row = 1; row <= 5000; row++) index.set(row, row % 1000 === 0 ? ['rare', 'common'] : ['common', 'filler', 'words']);
    const terms = ['rare', 'common'].map((t) => ({
      postings: index.postings(t) as PostingList,
      idf: bm25Idf(index.size, index.documentFrequency(t)),
    }));
    const top = maxScoreTopK(terms, 3, index.totalTokens / index.size);
    expect(top.map((m) => m.row)).toEqual([1000, 2000, 3000]);
  });

  it('returns nothing for k = 0 or no terms', () => {
    const index = createKeywordIndex();
    index.set(1, ['ant']);
    const terms = [{ postings: index.postings('ant') as PostingList, idf: 1 }];
    expect(maxScoreTopK(terms, 0, 1)).toEqual([]);
    expect(maxScoreTopK([], 5, 1)).toEqual([]);
  });
});
