// Searches of a mapped graph with changes beside it, against an exact model: whatever was added,
// replaced or removed since the save, a search returns the k best of the current vectors — the
// mapped graph's hidden keys never, a replaced key once with its new vector — best first. The
// graphs are small (≤ 48 vectors, ef 128), where HNSW search is exact, so any difference is the
// merge's or the hiding's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import type { MappedHnswVectorIndex } from '../../src/vector/MappedHnswVectorIndex.js';
import { dot } from '../../src/vector/VectorIndex.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 16;
const KEYS = 48;
const root = mkdtempSync(join(tmpdir(), 'mapped-search-property-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pool = seededUnitVectors(96, DIMS, 4242);
let files = 0;

type Change = { readonly key: number; readonly vector: number | undefined };
const changeArb: fc.Arbitrary<Change> = fc.record({
  key: fc.nat(KEYS - 1),
  // undefined: a removal — four times as likely as a store, so the mapped graph's best are often
  // hidden while few vectors beside it take their places (a search must then look further).
  vector: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.nat(pool.length - 1), weight: 1 }),
});

describe('searching a mapped graph with changes beside it (fast-check)', () => {
  it('returns the exact k best of the current vectors, best first, each key once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(KEYS - 1), { minLength: 1, maxLength: KEYS, size: 'max' }),
        fc.array(changeArb, { maxLength: 80, size: 'max' }),
        fc.nat(pool.length - 1),
        fc.integer({ min: 1, max: KEYS }),
        (saved, changes, query, k) => {
          const model = new Map<number, number>(saved.map((key) => [key, (key * 7) % pool.length]));
          const graph = createHnswVectorIndex(DIMS).index;
          for (const [key, v] of model) graph.upsert(key, pool[v] as Float32Array);
          const file = join(root, `graph-${files++}.usearch`);
          graph.save(file);
          const { index } = createHnswVectorIndex(DIMS, {}, { path: file, stillSound: () => true, refill: () => {} });
          for (const { key, vector } of changes) {
            if (vector === undefined) {
              model.delete(key);
              index.remove(key);
            } else {
              model.set(key, vector);
              index.upsert(key, pool[vector] as Float32Array);
            }
          }
          expect((index as MappedHnswVectorIndex).mapped).toBe(true);
          const q = pool[query] as Float32Array;
          const exact = [...model]
            .map(([key, v]) => ({ key, similarity: dot(q, pool[v] as Float32Array) }))
            .sort((a, b) => b.similarity - a.similarity)
            .slice(0, k);
          const found = index.search(q, k);
          expect(found.map((m) => m.key)).toHaveLength(exact.length);
          expect(new Set(found.map((m) => m.key)).size).toBe(found.length);
          for (const [i, m] of found.entries()) {
            // The same similarities in the same order (f16 copies in the graph: within 1e-2); keys may swap on ties.
            expect(m.similarity).toBeCloseTo((exact[i] as { similarity: number }).similarity, 2);
            expect(model.has(m.key)).toBe(true);
            expect(m.similarity).toBeCloseTo(dot(q, pool[model.get(m.key) as number] as Float32Array), 2);
          }
        },
      ),
      { seed: 20261208, numRuns: 200 },
    );
  });
});
