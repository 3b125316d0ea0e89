import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import type { MappedHnswFile, MappedHnswVectorIndex } from '../../src/vector/MappedHnswVectorIndex.js';
import type { VectorIndex } from '../../src/vector/VectorIndex.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 32;
const COUNT = 200;
const root = mkdtempSync(join(tmpdir(), 'hnsw-mapped-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data = seededUnitVectors(COUNT + 3, DIMS, 11);
const extra = data[COUNT] as Float32Array;
let n = 0;

/** A graph of the first COUNT vectors saved to a new file; returns its path. */
function savedGraph(): string {
  const { index } = createHnswVectorIndex(DIMS);
  for (let key = 0; key < COUNT; key++) index.upsert(key, data[key] as Float32Array);
  const file = join(root, `graph-${n++}.usearch`);
  index.save(file);
  return file;
}

/** The saved graph opened mapped, with the calls made to its callbacks recorded; `database` stands in for the table the refill reads. */
function mappedGraph(sound = true): {
  graph: MappedHnswVectorIndex;
  checks: number[];
  refills: VectorIndex[];
  database: Map<number, Float32Array>;
} {
  const checks: number[] = [];
  const refills: VectorIndex[] = [];
  const database = new Map(data.slice(0, COUNT).map((v, key) => [key, v] as const));
  const file: MappedHnswFile = {
    path: savedGraph(),
    stillSound: () => {
      checks.push(checks.length + 1);
      return sound;
    },
    refill: (graph) => {
      refills.push(graph);
      for (const [key, vector] of database) graph.upsert(key, vector);
    },
  };
  const { index, loaded } = createHnswVectorIndex(DIMS, {}, file);
  expect(loaded).toBe(true);
  return { graph: index as MappedHnswVectorIndex, checks, refills, database };
}

const firstKey = (graph: VectorIndex, v: Float32Array): number | undefined => graph.search(v, 1)[0]?.key;

/** Changes both the graph and the stand-in database alike: key 42 removed, 7 replaced by `extra`'s neighbour, COUNT added. */
function change(graph: VectorIndex, database: Map<number, Float32Array>): void {
  graph.remove(42);
  database.delete(42);
  graph.upsert(7, data[COUNT + 1] as Float32Array);
  database.set(7, data[COUNT + 1] as Float32Array);
  graph.upsert(COUNT, extra);
  database.set(COUNT, extra);
}

/** What the changes of {@link change} must look like from outside, whatever serves them. */
function expectChanged(graph: VectorIndex): void {
  expect(graph.size()).toBe(COUNT);
  expect(graph.has(42)).toBe(false);
  expect(graph.has(COUNT)).toBe(true);
  expect(firstKey(graph, extra)).toBe(COUNT);
  expect(firstKey(graph, data[COUNT + 1] as Float32Array)).toBe(7);
  // Key 7's old vector is gone: its best match is no longer 7.
  expect(firstKey(graph, data[7] as Float32Array)).not.toBe(7);
  // Key 42's vector is not found under 42, nor is any key twice.
  const all = graph.search(data[42] as Float32Array, COUNT + 5).map((m) => m.key);
  expect(all).not.toContain(42);
  expect(new Set(all).size).toBe(all.length);
  expect(all).toHaveLength(COUNT);
}

describe('an HNSW graph served from its mapped file', () => {
  it('answers searches, size and membership from the file without reading a writable copy', () => {
    const { graph, checks } = mappedGraph();
    expect(graph.size()).toBe(COUNT);
    for (const key of [0, 99, 199]) {
      expect(graph.has(key)).toBe(true);
      expect(firstKey(graph, data[key] as Float32Array)).toBe(key);
    }
    graph.remove(COUNT + 5);
    expect(graph.size()).toBe(COUNT);
    expect(graph.mapped).toBe(true);
    expect(checks).toEqual([]);
  });

  it('takes additions, replacements and removals beside the mapped graph, reading nothing', () => {
    const { graph, checks, refills, database } = mappedGraph();
    change(graph, database);
    expect(graph.mapped).toBe(true);
    expect(checks).toEqual([]);
    expect(refills).toEqual([]);
    expectChanged(graph);
    // Removed again after being replaced, and a key added then removed: gone from both graphs.
    graph.remove(7);
    graph.remove(COUNT);
    expect(graph.has(7)).toBe(false);
    expect(graph.has(COUNT)).toBe(false);
    expect(graph.size()).toBe(COUNT - 2);
    expect(graph.search(data[COUNT + 1] as Float32Array, COUNT).map((m) => m.key)).not.toContain(7);
  });

  it('finds the k best visible matches however many of the mapped graph’s best are hidden', () => {
    const { graph } = mappedGraph();
    const query = data[0] as Float32Array;
    const before = graph.search(query, 60).map((m) => m.key);
    // Hide the 50 best: the next 10 must come back, more than the first look-ahead covers.
    for (const key of before.slice(0, 50)) graph.remove(key);
    expect(graph.search(query, 10).map((m) => m.key)).toEqual(before.slice(50, 60));
  });

  it('applies the changes to the writable copy at the save, after checking the file once more', () => {
    const { graph, checks, refills, database } = mappedGraph();
    change(graph, database);
    const resaved = join(root, `resaved-${n++}.usearch`);
    graph.save(resaved);
    expect(checks).toEqual([1]);
    expect(refills).toEqual([]);
    expect(graph.mapped).toBe(false);
    expectChanged(graph);
    graph.upsert(COUNT + 2, data[COUNT + 2] as Float32Array);
    expect(checks).toEqual([1]);
    const { index: again } = createHnswVectorIndex(DIMS, {}, resaved);
    expect(again.size()).toBe(COUNT);
    expect(firstKey(again, extra)).toBe(COUNT);
  });

  it('rebuilds through refill when the file no longer passes its checksums, never loading it', () => {
    const { graph, checks, refills, database } = mappedGraph(false);
    change(graph, database);
    graph.detach();
    expect(checks).toEqual([1]);
    expect(refills).toHaveLength(1);
    expect(graph.mapped).toBe(false);
    expectChanged(graph);
    graph.detach();
    expect(checks).toEqual([1]);
  });
});
