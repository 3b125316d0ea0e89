import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import type { HnswVectorIndex, MappedHnswFile } from '../../src/vector/HnswVectorIndex.js';
import type { VectorIndex } from '../../src/vector/VectorIndex.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 32;
const COUNT = 200;
const root = mkdtempSync(join(tmpdir(), 'hnsw-mapped-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data = seededUnitVectors(COUNT + 1, DIMS, 11);
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

/** The saved graph opened mapped, with the calls made to its callbacks recorded. */
function mappedGraph(sound = true): { graph: HnswVectorIndex; checks: number[]; refills: VectorIndex[] } {
  const checks: number[] = [];
  const refills: VectorIndex[] = [];
  const file: MappedHnswFile = {
    path: savedGraph(),
    stillSound: () => {
      checks.push(checks.length + 1);
      return sound;
    },
    // Stands in for the database: the same vectors, so the refilled graph must answer alike.
    refill: (graph) => {
      refills.push(graph);
      for (let key = 0; key < COUNT; key++) graph.upsert(key, data[key] as Float32Array);
    },
  };
  const { index, loaded } = createHnswVectorIndex(DIMS, {}, file);
  expect(loaded).toBe(true);
  return { graph: index as HnswVectorIndex, checks, refills };
}

const firstKey = (graph: VectorIndex, v: Float32Array): number | undefined => graph.search(v, 1)[0]?.key;

describe('an HNSW graph served from its mapped file', () => {
  it('answers searches, size and membership from the file without reading a writable copy', () => {
    const { graph, checks } = mappedGraph();
    expect(graph.size()).toBe(COUNT);
    for (const key of [0, 99, 199]) {
      expect(graph.has(key)).toBe(true);
      expect(firstKey(graph, data[key] as Float32Array)).toBe(key);
    }
    // Removing a key the graph does not hold changes nothing: still mapped, nothing checked.
    graph.remove(COUNT + 5);
    expect(graph.mapped).toBe(true);
    expect(checks).toEqual([]);
  });

  it('reads the writable copy at the first change, after checking the file once more', () => {
    const { graph, checks, refills } = mappedGraph();
    graph.upsert(COUNT, extra);
    expect(checks).toEqual([1]);
    expect(refills).toEqual([]);
    expect(graph.mapped).toBe(false);
    expect(graph.size()).toBe(COUNT + 1);
    expect(firstKey(graph, extra)).toBe(COUNT);
    expect(firstKey(graph, data[42] as Float32Array)).toBe(42);
    graph.remove(42);
    graph.upsert(7, extra);
    // Checked once: later changes go to the copy.
    expect(checks).toEqual([1]);
    expect(graph.has(42)).toBe(false);
    expect(graph.size()).toBe(COUNT);
  });

  it('rebuilds through refill when the file no longer passes its checksums, never loading it', () => {
    const { graph, checks, refills } = mappedGraph(false);
    graph.remove(3);
    expect(checks).toEqual([1]);
    expect(refills).toEqual([graph]);
    expect(graph.mapped).toBe(false);
    expect(graph.has(3)).toBe(false);
    expect(graph.size()).toBe(COUNT - 1);
    expect(firstKey(graph, data[150] as Float32Array)).toBe(150);
  });

  it('detaches before a save and on request, so a save never copies the mapped pages', () => {
    const saved = mappedGraph();
    saved.graph.save(join(root, 'resaved.usearch'));
    expect(saved.checks).toEqual([1]);
    expect(saved.graph.mapped).toBe(false);
    const { index: again } = createHnswVectorIndex(DIMS, {}, join(root, 'resaved.usearch'));
    expect(again.size()).toBe(COUNT);

    const asked = mappedGraph(false);
    asked.graph.detach();
    expect(asked.refills).toEqual([asked.graph]);
    asked.graph.detach();
    expect(asked.checks).toEqual([1]);
  });
});
