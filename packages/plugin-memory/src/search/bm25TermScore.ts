/** BM25's term-frequency saturation, as FTS5 fixes it. */
export const bm25K1 = 1.2;

/** BM25's length normalisation, as FTS5 fixes it. */
export const bm25B = 0.75;

/**
 * A term's inverse document frequency exactly as FTS5's `bm25()` computes it:
 * `ln((N − df + 0.5) / (df + 0.5))`, floored at 1e-6 (so a term in more than half the rows
 * weighs almost nothing instead of counting against a match).
 */
export function bm25Idf(rows: number, documentFrequency: number): number {
  const idf = Math.log((rows - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * One term's share of a document's BM25, written as FTS5's `fts5Bm25Function` writes it (same
 * operations in the same order) so that sums of these equal FTS5's scores to the last bit:
 * `idf · (tf · (k1 + 1)) / (tf + k1 · (1 − b + b · dl / avgdl))`.
 */
export function bm25TermScore(idf: number, termFrequency: number, documentLength: number, averageLength: number): number {
  return idf * ((termFrequency * (bm25K1 + 1.0)) / (termFrequency + bm25K1 * (1 - bm25B + (bm25B * documentLength) / averageLength)));
}
