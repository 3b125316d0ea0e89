import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHnswVectorIndex } from '../../src/vector/createHnswVectorIndex.js';
import type { HnswQuantization } from '../../src/vector/HnswOptions.js';
import { seededUnitVectors } from './seededUnitVectors.js';

const DIMS = 64;
const COUNT = 400;
const root = mkdtempSync(join(tmpdir(), 'hnsw-quantization-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data = seededUnitVectors(COUNT, DIMS, 7);

/** An index of `data` saved with `quantization` (the default when undefined); returns the file. */
function saved(name: string, quantization: HnswQuantization | undefined): string {
  const { index } = createHnswVectorIndex(DIMS, quantization === undefined ? {} : { quantization });
  data.forEach((v, key) => {
    index.upsert(key, v);
  });
  const file = join(root, `${name}.usearch`);
  index.save(file);
  return file;
}

/** The exact cosine of two unit vectors. */
const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);

describe('createHnswVectorIndex quantization', () => {
  it('keeps half-precision vectors by default: the saved graph is smaller than with f32', () => {
    const half = statSync(saved('default', undefined)).size;
    const full = statSync(saved('f32', 'f32')).size;
    const vectorBytes = COUNT * DIMS;
    // f32 spends 4 bytes per dimension and f16 two: the files differ by the vectors' two bytes each.
    expect(full - half).toBe(2 * vectorBytes);
  });

  it('finds each stored vector first, with a similarity within half precision of the exact cosine', () => {
    const { index } = createHnswVectorIndex(DIMS, { quantization: 'f16' });
    data.forEach((v, key) => {
      index.upsert(key, v);
    });
    for (const [key, v] of data.entries()) {
      const [first, second] = index.search(v, 2);
      expect(first?.key).toBe(key);
      expect(first?.similarity).toBeCloseTo(1, 2);
      expect(second?.similarity).toBeCloseTo(cosine(v, data[second?.key as number] as Float32Array), 2);
    }
  });

  it('loads a saved graph in the precision it was saved with, whatever the option says', () => {
    const file = saved('loaded-f32', 'f32');
    const { index, loaded } = createHnswVectorIndex(DIMS, { quantization: 'f16' }, file);
    expect(loaded).toBe(true);
    expect(index.size()).toBe(COUNT);
    const again = join(root, 'resaved.usearch');
    index.save(again);
    // Still f32: saved again at the f32 file's size, not the smaller f16 one.
    expect(statSync(again).size).toBe(statSync(file).size);
    for (const [key, v] of data.entries()) expect(index.search(v, 1)[0]?.key).toBe(key);
  });
});
