import type { MemoryModality } from '../schema/memorySchemas.js';

/** One candidate of a search with the raw signals found for it. */
export interface SearchCandidate {
  readonly key: number;
  readonly modality: MemoryModality;
  /** Raw cosine similarity in [-1, 1], when computed. */
  readonly cosine?: number;
  /** Raw BM25 (higher is better, > 0), when the candidate matched the keyword query. */
  readonly bm25?: number;
}

/** A candidate with its normalised and final scores. */
export interface FusedCandidate {
  readonly key: number;
  readonly semanticScore: number;
  readonly keywordScore: number;
  readonly score: number;
}

/** How {@link fuseScores} combines the two signals. */
export interface FuseOptions {
  readonly mode: 'hybrid' | 'rrf' | 'semantic' | 'keyword';
  readonly weights: { readonly semantic: number; readonly keyword: number };
  readonly rrfK: number;
  readonly modalityWeights?: Partial<Record<MemoryModality, number>>;
}

/**
 * Normalises and combines semantic and keyword evidence of candidates, best first.
 *
 * Normalisation (see the README, "How scores are computed"):
 * - semantic: cosine clamped to [0, 1]. Cosine is already bounded and means the same thing in
 *   every query, so it is kept absolute (a weak best match stays weak) rather than min-max scaled;
 *   negative cosine carries no useful "relatedness" and becomes 0.
 * - keyword: BM25 divided by the best BM25 among the candidates. BM25 is unbounded and its
 *   scale depends on the query (term count, IDF), so only its ratio to the best keyword match
 *   of the same query is comparable; no minimum is subtracted, so a lone match is not forced to 0
 *   and a candidate without a match scores exactly 0.
 * - hybrid: `(ws·semantic + wk·keyword) / (ws + wk)`, so the final score stays in [0, 1].
 * - rrf: `Σ 1 / (k + rank)` over the two rankings (ranks from 1, among the candidates), each
 *   signal counted only where the candidate has it.
 * Per-modality weights multiply the final score.
 */
export function fuseScores(candidates: readonly SearchCandidate[], options: FuseOptions): FusedCandidate[] {
  let maxBm25 = 0;
  for (const c of candidates) if (c.bm25 !== undefined && c.bm25 > maxBm25) maxBm25 = c.bm25;
  const normalised = candidates.map((c) => ({
    key: c.key,
    modality: c.modality,
    hasSemantic: c.cosine !== undefined,
    hasKeyword: c.bm25 !== undefined && c.bm25 > 0,
    semanticScore: c.cosine === undefined ? 0 : Math.min(1, Math.max(0, c.cosine)),
    keywordScore: c.bm25 === undefined || maxBm25 <= 0 ? 0 : Math.max(0, c.bm25) / maxBm25,
  }));
  let base: Map<number, number>;
  if (options.mode === 'rrf') {
    base = new Map(normalised.map((c) => [c.key, 0]));
    const addRanks = (list: typeof normalised, by: (c: (typeof normalised)[number]) => number): void => {
      const sorted = [...list].sort((a, b) => by(b) - by(a) || b.key - a.key);
      for (const [i, c] of sorted.entries()) base.set(c.key, (base.get(c.key) ?? 0) + 1 / (options.rrfK + i + 1));
    };
    addRanks(
      normalised.filter((c) => c.hasSemantic),
      (c) => c.semanticScore,
    );
    addRanks(
      normalised.filter((c) => c.hasKeyword),
      (c) => c.keywordScore,
    );
  } else {
    const ws = options.mode === 'keyword' ? 0 : options.mode === 'semantic' ? 1 : options.weights.semantic;
    const wk = options.mode === 'semantic' ? 0 : options.mode === 'keyword' ? 1 : options.weights.keyword;
    const total = ws + wk;
    base = new Map(normalised.map((c) => [c.key, total === 0 ? 0 : (ws * c.semanticScore + wk * c.keywordScore) / total]));
  }
  return normalised
    .map((c) => ({
      key: c.key,
      semanticScore: c.semanticScore,
      keywordScore: c.keywordScore,
      score: (base.get(c.key) ?? 0) * (options.modalityWeights?.[c.modality] ?? 1),
    }))
    .sort((a, b) => b.score - a.score || b.key - a.key);
}
