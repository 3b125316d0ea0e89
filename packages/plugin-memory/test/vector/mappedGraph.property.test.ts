// The mapped graph behind the catch-up tail, against a model: any sequence of stores, replacements,
// removals, catch-up steps, saves and detaches — with the mapped file found sound or changed when its
// writable copy is needed — leaves an index that holds exactly the model's keys, each once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import { DeferredVectorIndex } from '../../src/vector/DeferredVectorIndex.js';
import { manualScheduler } from './manualScheduler.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 16;
const KEYS = 24;
const root = mkdtempSync(join(tmpdir(), 'mapped-graph-property-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pool = seededUnitVectors(64, DIMS, 99);
let files = 0;

type Op =
  | { readonly op: 'upsert'; readonly key: number; readonly vector: number }
  | { readonly op: 'remove'; readonly key: number }
  | { readonly op: 'tick' }
  | { readonly op: 'save' }
  | { readonly op: 'detach' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('upsert' as const), key: fc.nat(KEYS - 1), vector: fc.nat(pool.length - 1) }),
  fc.record({ op: fc.constant('remove' as const), key: fc.nat(KEYS - 1) }),
  fc.constant({ op: 'tick' as const }),
  fc.constant({ op: 'save' as const }),
  fc.constant({ op: 'detach' as const }),
);

describe('a mapped graph behind the catch-up tail (fast-check)', () => {
  it('holds exactly the model’s keys, each once, whatever happens and whenever the copy is read', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(KEYS - 1), { maxLength: 12, size: 'max' }),
        fc.array(opArb, { maxLength: 40, size: 'max' }),
        fc.boolean(),
        fc.nat(4),
        (initial, ops, sound, maxPending) => {
          // The "database": key → vector index in the pool. The saved graph holds `initial`.
          const model = new Map<number, number>(initial.map((key) => [key, key % pool.length]));
          const saved = createHnswVectorIndex(DIMS).index;
          for (const [key, v] of model) saved.upsert(key, pool[v] as Float32Array);
          const file = join(root, `graph-${files++}.usearch`);
          saved.save(file);
          let deferred: DeferredVectorIndex | undefined;
          const { index: graph } = createHnswVectorIndex(
            DIMS,
            {},
            {
              path: file,
              stillSound: () => sound,
              // As the store does: every stored vector but those waiting in the tail.
              refill: (empty) => {
                for (const [key, v] of model) if (deferred?.isPending(key) !== true) empty.upsert(key, pool[v] as Float32Array);
              },
            },
          );
          const { schedule, tick } = manualScheduler();
          deferred = new DeferredVectorIndex(graph, { busy: () => false, schedule, maxPending, quietMs: 0 });
          for (const step of ops) {
            if (step.op === 'upsert') {
              // The database commits first, then the index learns of it (as in the store).
              model.set(step.key, step.vector);
              deferred.upsert(step.key, pool[step.vector] as Float32Array);
            } else if (step.op === 'remove') {
              model.delete(step.key);
              deferred.remove(step.key);
            } else if (step.op === 'tick') tick();
            else if (step.op === 'save') deferred.save(join(root, `resaved-${files++}.usearch`));
            else deferred.detach();
          }
          expect(deferred.size()).toBe(model.size);
          for (let key = 0; key < KEYS; key++) expect(deferred.has(key)).toBe(model.has(key));
          const found = deferred.search(pool[0] as Float32Array, KEYS).map((m) => m.key);
          expect(new Set(found).size).toBe(found.length);
          expect(new Set(found)).toEqual(new Set(model.keys()));
        },
      ),
      { seed: 20261207, numRuns: 150 },
    );
  });
});
