// The harness's own reference BM25 for any BEIR-layout folder (issue 13 §4): Okapi BM25 over
// lower-cased runs of [a-z0-9], a simple English stop list, no stemming, query words counted
// as often as they occur — the textbook ranking the store's keyword side is checked against.

/** The stop list of the reference (Cranfield's README states it). */
export const referenceStopWords: ReadonlySet<string> = new Set(
  'a an the of and or in on for to is are was were be been by with as at from that this which what how can do does it its into than then there these those such not no'.split(
    ' ',
  ),
);

/** Lower-cased runs of [a-z0-9], stop words removed. */
export function referenceTokens(text: string, stopWords: ReadonlySet<string> = referenceStopWords): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !stopWords.has(t));
}

/** A BM25 index over documents given as [id, text]. */
export interface ReferenceBm25 {
  /** The best `k` document ids for `query`, best first (ties: the earlier document). */
  rank(query: string, k: number): string[];
}

/** Builds the reference index (k1 1.2, b 0.75 unless given; idf ln(1 + (N − df + 0.5)/(df + 0.5))). */
export function createReferenceBm25(docs: readonly (readonly [string, string])[], k1 = 1.2, b = 0.75): ReferenceBm25 {
  const postings = new Map<string, Map<number, number>>();
  const lengths = docs.map(([, text], i) => {
    const tokens = referenceTokens(text);
    for (const t of tokens) {
      const list = postings.get(t) ?? new Map<number, number>();
      postings.set(t, list);
      list.set(i, (list.get(i) ?? 0) + 1);
    }
    return tokens.length;
  });
  const average = lengths.reduce((s, l) => s + l, 0) / Math.max(1, docs.length);
  return {
    rank(query, k) {
      const scores = new Float64Array(docs.length);
      for (const term of referenceTokens(query)) {
        const list = postings.get(term);
        if (list === undefined) continue;
        const idf = Math.log(1 + (docs.length - list.size + 0.5) / (list.size + 0.5));
        for (const [doc, tf] of list) {
          const norm = k1 * (1 - b + (b * (lengths[doc] ?? 0)) / average);
          scores[doc] = (scores[doc] ?? 0) + (idf * tf * (k1 + 1)) / (tf + norm);
        }
      }
      return [...scores.keys()]
        .filter((i) => (scores[i] ?? 0) > 0)
        .sort((x, y) => (scores[y] ?? 0) - (scores[x] ?? 0) || x - y)
        .slice(0, k)
        .map((i) => docs[i]?.[0] ?? '');
    },
  };
}
