import type { MemoryModality } from '../schema/memorySchemas.js';
import type { SearchCandidate } from '../search/fuseScores.js';

/** A search candidate with the signals found for it (cosine and BM25 left out when not found). */
export function createSearchCandidate(
  key: number,
  modality: MemoryModality,
  cosine: number | undefined,
  bm25: number | undefined,
): SearchCandidate {
  return { key, modality, ...(cosine === undefined ? {} : { cosine }), ...(bm25 === undefined ? {} : { bm25 }) };
}
