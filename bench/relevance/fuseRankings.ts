// Fusion families the relevance bench tunes (issue 13 §4): the two rankings of a query (semantic
// and keyword, each up to 100 hits with the store's own scores) combined after one of several
// normalisations, so families other than the store's own can be compared on the same lists.

/** One ranked list: document id → score (higher is better). */
export type Ranking = ReadonlyMap<string, number>;

/**
 * How each list's scores are made comparable before the weighted sum:
 * - `max`: the store's own (cosine clamped at 0 as it comes; keyword divided by its best, as the store does);
 * - `min-max`: (s − min) / (max − min) within the list;
 * - `z-score`: (s − mean) / standard deviation within the list;
 * - `rank`: 1 − (rank − 1) / list length (the score itself is ignored).
 * A document missing from a list gets that list's lowest normalised value (0 for `max`).
 */
export type Normalisation = 'max' | 'min-max' | 'z-score' | 'rank';

function normalise(list: Ranking, how: Normalisation): { values: Map<string, number>; missing: number } {
  const scores = [...list.values()];
  if (scores.length === 0) return { values: new Map(), missing: 0 };
  if (how === 'max') return { values: new Map(list), missing: 0 };
  if (how === 'rank') {
    const sorted = [...list.entries()].sort((a, b) => b[1] - a[1]);
    return { values: new Map(sorted.map(([id], i) => [id, 1 - i / sorted.length])), missing: 0 };
  }
  if (how === 'min-max') {
    const min = Math.min(...scores);
    const span = Math.max(...scores) - min;
    return { values: new Map([...list].map(([id, s]) => [id, span === 0 ? 1 : (s - min) / span])), missing: 0 };
  }
  const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / scores.length) || 1;
  const values = new Map([...list].map(([id, s]) => [id, (s - mean) / sd]));
  return { values, missing: Math.min(...values.values()) };
}

/** Fuses the two lists: `w·semantic + (1 − w)·keyword` after `how`; the best `k` ids, best first. */
export function fuseRankings(semantic: Ranking, keyword: Ranking, how: Normalisation, w: number, k: number): string[] {
  const s = normalise(semantic, how);
  const kw = normalise(keyword, how);
  const ids = new Set([...semantic.keys(), ...keyword.keys()]);
  return [...ids]
    .map((id) => [id, w * (s.values.get(id) ?? s.missing) + (1 - w) * (kw.values.get(id) ?? kw.missing)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}

/** Reciprocal rank fusion of the two lists with constant `rrfK`. */
export function rrfRankings(semantic: Ranking, keyword: Ranking, rrfK: number, k: number): string[] {
  const fused = new Map<string, number>();
  for (const list of [semantic, keyword]) {
    const sorted = [...list.entries()].sort((a, b) => b[1] - a[1]);
    for (const [i, [id]] of sorted.entries()) fused.set(id, (fused.get(id) ?? 0) + 1 / (rrfK + i + 1));
  }
  return [...fused.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}
