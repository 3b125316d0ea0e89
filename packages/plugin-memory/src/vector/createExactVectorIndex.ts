import { dot, type VectorIndex, type VectorMatch } from './VectorIndex.js';

/**
 * An exact (brute-force) index: a dense in-memory matrix scanned per query. Always right,
 * linear in the number of vectors; it is never saved, only rebuilt from the table.
 */
export function createExactVectorIndex(dimensions: number): VectorIndex {
  let matrix = new Float32Array(dimensions * 1024);
  const slotKeys: number[] = [];
  const slotOf = new Map<number, number>();

  function grow(): void {
    const next = new Float32Array(matrix.length * 2);
    next.set(matrix);
    matrix = next;
  }
  function add(key: number, vector: Float32Array): void {
    const existing = slotOf.get(key);
    if (existing !== undefined) {
      matrix.set(vector, existing * dimensions);
      return;
    }
    const slot = slotKeys.length;
    if ((slot + 1) * dimensions > matrix.length) grow();
    matrix.set(vector, slot * dimensions);
    slotKeys.push(key);
    slotOf.set(key, slot);
  }

  return {
    kind: 'exact',
    dimensions,
    size: () => slotKeys.length,
    has: (key) => slotOf.has(key),
    upsert: add,
    addBatch(keys, vectors) {
      for (const [i, key] of keys.entries()) add(key, vectors.subarray(i * dimensions, (i + 1) * dimensions));
    },
    remove(key) {
      const slot = slotOf.get(key);
      if (slot === undefined) return;
      const last = slotKeys.length - 1;
      const lastKey = slotKeys[last] as number;
      if (slot !== last) {
        matrix.copyWithin(slot * dimensions, last * dimensions, (last + 1) * dimensions);
        slotKeys[slot] = lastKey;
        slotOf.set(lastKey, slot);
      }
      slotKeys.pop();
      slotOf.delete(key);
    },
    search(vector, k) {
      return topK(slotKeys.length, k, (slot) => dot(vector, matrix, slot * dimensions)).map(({ index, score }) => ({
        key: slotKeys[index] as number,
        similarity: score,
      }));
    },
    save() {},
  } satisfies VectorIndex;
}

/** Indexes of the `k` highest scores among `n`, best first, with a small binary-heap-free insertion list. */
export function topK(n: number, k: number, score: (index: number) => number): { index: number; score: number }[] {
  const best: { index: number; score: number }[] = [];
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = score(i);
    if (best.length >= k && s <= floor) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as { score: number }).score < s) at--;
    best.splice(at, 0, { index: i, score: s });
    if (best.length > k) best.pop();
    if (best.length >= k) floor = (best[best.length - 1] as { score: number }).score;
  }
  return best;
}

export type { VectorMatch };
