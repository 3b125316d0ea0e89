import type { Memory, MemorySearchHit, MemorySearchQueryParsed } from '../schema/memorySchemas.js';
import { defaultMemorySearchWeights } from '../schema/memorySearchWeightsSchema.js';
import { fuseScores, type SearchCandidate } from '../search/fuseScores.js';

/**
 * Fuses the candidates of a search — with the query's weights, else the store's `defaultWeights`
 * (0.6 semantic, 0.4 keyword unless configured) — and returns the best hits above the query's
 * minimum score, at most its limit, each with its memory's tier.
 */
export function fuseMemoryHits(
  candidates: readonly SearchCandidate[],
  query: MemorySearchQueryParsed,
  memoryOf: (key: number) => Memory,
  defaultWeights: { readonly semantic: number; readonly keyword: number } = defaultMemorySearchWeights,
): MemorySearchHit[] {
  const fused = fuseScores(candidates, {
    mode: query.mode,
    weights: query.weights ?? defaultWeights,
    rrfK: query.rrfK,
    ...(query.modalityWeights === undefined ? {} : { modalityWeights: query.modalityWeights }),
  });
  const hits: MemorySearchHit[] = [];
  for (const f of fused) {
    if (query.minScore !== undefined && f.score < query.minScore) continue;
    if (hits.length >= query.limit) break;
    const memory = memoryOf(f.key);
    hits.push({ memory, semanticScore: f.semanticScore, keywordScore: f.keywordScore, score: f.score, tier: memory.tier });
  }
  return hits;
}
