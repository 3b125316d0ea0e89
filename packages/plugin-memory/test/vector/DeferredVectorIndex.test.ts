import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createExactVectorIndex } from '../../src/vector/createExactVectorIndex.js';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import type { MappedHnswVectorIndex } from '../../src/vector/MappedHnswVectorIndex.js';
import { type CatchUpScheduler, DeferredVectorIndex } from '../../src/vector/DeferredVectorIndex.js';
import { manualScheduler } from './manualScheduler.js';
import type { VectorIndex } from '../../src/vector/VectorIndex.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 16;
const root = mkdtempSync(join(tmpdir(), 'deferred-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Seeded unit vectors. */
const vectors = (count: number, seed: number): Float32Array[] => seededUnitVectors(count, DIMS, seed);

function graph(): VectorIndex {
  return createHnswVectorIndex(DIMS).index;
}

describe('DeferredVectorIndex', () => {
  it('answers like an exact index while vectors wait, after the graph caught up, and in between (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1_000 }), fc.nat(3), (count, seed, steps) => {
        const { schedule, tick } = manualScheduler();
        const index = new DeferredVectorIndex(graph(), { busy: () => false, schedule, step: 7, quietMs: 0 });
        const exact = createExactVectorIndex(DIMS);
        const data = vectors(count, seed);
        for (const [key, vector] of data.entries()) {
          index.upsert(key, vector);
          exact.upsert(key, vector);
        }
        for (let i = 0; i < steps; i++) tick();
        const query = vectors(1, seed + 1)[0] as Float32Array;
        const expected = exact.search(query, 5).map((m) => m.key);
        expect(index.search(query, 5).map((m) => m.key)).toEqual(expected);
        expect(index.size()).toBe(count);
        expect(index.pendingCount()).toBe(Math.max(0, count - 7 * steps));
        for (const key of data.keys()) expect(index.has(key)).toBe(true);
      }),
      { seed: 20261207, numRuns: 40 },
    );
  });

  it('waits while stores are in progress, then moves `step` vectors per step, oldest first', () => {
    const { schedule, tick } = manualScheduler();
    let busy = true;
    const inner = graph();
    const index = new DeferredVectorIndex(inner, { busy: () => busy, schedule, step: 4, quietMs: 0 });
    for (const [key, vector] of vectors(10, 1).entries()) index.upsert(key, vector);
    expect(tick()).toBe(1);
    expect(index.pendingCount()).toBe(10);
    expect(inner.size()).toBe(0);
    busy = false;
    tick();
    expect(index.pendingCount()).toBe(6);
    expect([0, 1, 2, 3].every((k) => inner.has(k))).toBe(true);
    expect(inner.has(4)).toBe(false);
    tick();
    tick();
    expect(index.pendingCount()).toBe(0);
    expect(inner.size()).toBe(10);
    // Nothing left: no further step is scheduled.
    expect(tick()).toBe(0);
  });

  it('waits until no vector arrived for quietMs, asking again when the quiet time would end', () => {
    const delays: number[] = [];
    let due: (() => void) | undefined;
    const schedule: CatchUpScheduler = (run, delayMs) => {
      delays.push(delayMs);
      due = run;
      return () => {
        due = undefined;
      };
    };
    let clock = 1_000;
    const index = new DeferredVectorIndex(graph(), { busy: () => false, schedule, quietMs: 20, step: 100, now: () => clock });
    const data = vectors(3, 6);
    index.upsert(0, data[0] as Float32Array);
    clock += 15;
    index.upsert(1, data[1] as Float32Array);
    clock += 12;
    due?.();
    // 12 ms after the last arrival: 8 more to wait, nothing moved yet.
    expect(index.pendingCount()).toBe(2);
    expect(delays).toEqual([20, 8]);
    clock += 8;
    due?.();
    expect(index.pendingCount()).toBe(0);
  });

  it('past maxPending the writer moves the oldest vectors itself', () => {
    const { schedule } = manualScheduler();
    const inner = graph();
    const index = new DeferredVectorIndex(inner, { busy: () => true, schedule, maxPending: 3 });
    for (const [key, vector] of vectors(8, 2).entries()) index.upsert(key, vector);
    expect(index.pendingCount()).toBe(3);
    expect([0, 1, 2, 3, 4].every((k) => inner.has(k))).toBe(true);
    expect(index.size()).toBe(8);
  });

  it('an upsert of a key in the graph replaces it; a removal removes it wherever it is', () => {
    const { schedule, tick } = manualScheduler();
    const inner = graph();
    const index = new DeferredVectorIndex(inner, { busy: () => false, schedule, quietMs: 0 });
    const [a, b, c] = vectors(3, 3) as [Float32Array, Float32Array, Float32Array];
    index.upsert(1, a);
    index.upsert(2, b);
    tick();
    expect(index.pendingCount()).toBe(0);
    index.upsert(1, c);
    expect(inner.has(1)).toBe(false);
    expect(index.size()).toBe(2);
    const best = index.search(c, 1)[0];
    expect(best?.key).toBe(1);
    expect(best?.similarity).toBeCloseTo(1, 5);
    index.remove(1);
    index.remove(2);
    expect(index.size()).toBe(0);
    expect(index.search(c, 2)).toEqual([]);
  });

  it('save adds the tail to the graph first, so the saved file holds every vector', () => {
    const { schedule } = manualScheduler();
    const index = new DeferredVectorIndex(graph(), { busy: () => true, schedule });
    const data = vectors(20, 4);
    for (const [key, vector] of data.entries()) index.upsert(key, vector);
    const path = join(root, 'saved.usearch');
    index.save(path);
    expect(index.pendingCount()).toBe(0);
    const loaded = createHnswVectorIndex(DIMS, {}, path);
    expect(loaded.loaded).toBe(true);
    expect(loaded.index.size()).toBe(20);
    expect(loaded.index.search(data[7] as Float32Array, 1)[0]?.key).toBe(7);
  });

  it('close cancels the scheduled step; the tail stays searchable', () => {
    const { schedule, tick } = manualScheduler();
    const index = new DeferredVectorIndex(graph(), { busy: () => false, schedule });
    const data = vectors(5, 5);
    for (const [key, vector] of data.entries()) index.upsert(key, vector);
    index.close();
    expect(tick()).toBe(0);
    expect(index.pendingCount()).toBe(5);
    expect(index.search(data[2] as Float32Array, 1)[0]?.key).toBe(2);
    index.upsert(9, data[0] as Float32Array);
    expect(tick()).toBe(0);
  });

  it('catches a mapped graph up in quiet moments without reading its writable copy; a save reads it once', () => {
    const { schedule, tick } = manualScheduler();
    const file = join(root, 'mapped.usearch');
    const saved = graph();
    const data = vectors(40, 5);
    data.slice(0, 20).forEach((v, key) => {
      saved.upsert(key, v);
    });
    saved.save(file);
    let loads = 0;
    const mapped = createHnswVectorIndex(
      DIMS,
      {},
      {
        path: file,
        stillSound: () => {
          loads++;
          return true;
        },
        refill: () => {
          throw new Error('the file is sound: no refill');
        },
      },
    ).index;
    const index = new DeferredVectorIndex(mapped, { busy: () => false, schedule, maxPending: 10, quietMs: 0 });
    for (let key = 20; key < 31; key++) index.upsert(key, data[key] as Float32Array);
    // One more than the tail holds went to the graph at once, the rest in quiet moments: all beside the mapped file.
    expect(index.pendingCount()).toBe(10);
    while (tick() > 0);
    expect(index.pendingCount()).toBe(0);
    expect(loads).toBe(0);
    expect((mapped as MappedHnswVectorIndex).mapped).toBe(true);
    index.upsert(3, data[35] as Float32Array);
    index.save(join(root, 'mapped-resaved.usearch'));
    expect(loads).toBe(1);
    expect((mapped as MappedHnswVectorIndex).mapped).toBe(false);
    expect(index.pendingCount()).toBe(0);
    expect(index.size()).toBe(31);
    for (const key of [20, 30]) expect(index.search(data[key] as Float32Array, 1)[0]?.key).toBe(key);
    expect(index.search(data[35] as Float32Array, 1)[0]?.key).toBe(3);
  });
});
