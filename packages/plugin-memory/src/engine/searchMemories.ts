import type { MemorySearchHit } from '../schema/memorySchemas.js';
import type { ParsedMemorySearchQuery } from '../schema/parseMemorySearchQuery.js';
import type { SearchCandidate } from '../search/fuseScores.js';
import { createSearchCandidate } from '../store/createSearchCandidate.js';
import { fuseMemoryHits } from '../store/fuseMemoryHits.js';
import type { MemoryCandidateRow, MemoryEmbeddedVectors, MemoryKeywordMatches, MemoryStoreDriver } from './MemoryStoreDriver.js';

const noKeywords: MemoryKeywordMatches = { scores: new Map(), complete: true, scoreRows: async () => new Map() };

/**
 * Runs a parsed search over a driver: candidates are the union of the best `max(4·limit, 50)`
 * of each signal; in hybrid and rrf mode each candidate's missing signal is computed exactly,
 * so every blended score uses both; then the signals are fused (see `fuseScores`).
 */
export async function searchMemories(
  driver: MemoryStoreDriver,
  query: ParsedMemorySearchQuery,
  embedded: MemoryEmbeddedVectors | undefined,
  at: number,
  defaultWeights: { readonly semantic: number; readonly keyword: number },
): Promise<MemorySearchHit[]> {
  const pool = Math.max(query.limit * 4, 50);
  const vector = embedded?.vectors[0];
  return driver.search(at, async (session) => {
    const semantic =
      vector === undefined || embedded === undefined
        ? new Map<number, number>()
        : await session.semantic(vector, embedded, pool, query.filter);
    const keyword = query.mode === 'semantic' ? noKeywords : await session.keyword(query.query, pool, query.filter);
    const keys = [...new Set([...semantic.keys(), ...keyword.scores.keys()])];
    if (query.mode === 'hybrid' || query.mode === 'rrf') {
      const needCosine = keys.filter((k) => !semantic.has(k));
      if (vector !== undefined && needCosine.length > 0) for (const [k, s] of await session.cosines(vector, needCosine)) semantic.set(k, s);
      // When fewer than `pool` rows matched, every match is already there: the others score 0.
      const needBm25 = keyword.complete ? [] : keys.filter((k) => !keyword.scores.has(k));
      if (needBm25.length > 0) for (const [k, s] of await keyword.scoreRows(needBm25)) keyword.scores.set(k, s);
    }
    const rows = await session.rows(keys);
    const candidates: SearchCandidate[] = [];
    for (const key of keys) {
      const row = rows.get(key);
      if (row === undefined || (row.expiresAt !== null && row.expiresAt <= at)) continue;
      candidates.push(createSearchCandidate(key, row.modality, semantic.get(key), keyword.scores.get(key)));
    }
    return fuseMemoryHits(candidates, query, (key) => (rows.get(key) as MemoryCandidateRow).memory(), defaultWeights);
  });
}
