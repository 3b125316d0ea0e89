import { renameSync, rmSync } from 'node:fs';
import type { UsearchIndex } from './usearchModule.js';
import type { VectorIndex, VectorMatch } from './VectorIndex.js';

/** An approximate HNSW index over usearch, held in memory (writable). */
export class HnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly dimensions: number;
  readonly #native: UsearchIndex;

  constructor(dimensions: number, native: UsearchIndex) {
    this.dimensions = dimensions;
    this.#native = native;
  }

  size(): number {
    return this.#native.size();
  }

  has(key: number): boolean {
    return this.#native.contains(BigInt(key));
  }

  upsert(key: number, vector: Float32Array): void {
    const big = BigInt(key);
    const native = this.#native;
    if (native.contains(big)) native.remove(big);
    // One thread, the caller's: usearch's default (0, "automatic") costs more for one vector
    // (bench/memory/hnsw-insert.bench.ts: 6 % more CPU and wall time per 384-d insert).
    native.add(big, vector, 1);
  }

  addBatch(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.#native.add(
      BigUint64Array.from(keys, (k) => BigInt(k)),
      vectors,
      0,
    );
  }

  remove(key: number): void {
    const big = BigInt(key);
    if (this.#native.contains(big)) this.#native.remove(big);
  }

  search(vector: Float32Array, k: number): VectorMatch[] {
    return searchGraph(this.#native, vector, k);
  }

  /** Writes the graph beside `path` and renames it over: a file another index serves mapped is never written in place. */
  save(path: string): void {
    const tmp = `${path}.tmp`;
    rmSync(tmp, { force: true });
    this.#native.save(tmp);
    renameSync(tmp, path);
  }
}

/** The `k` best matches of a usearch graph (fewer when it holds fewer), best first. */
export function searchGraph(native: UsearchIndex, vector: Float32Array, k: number): VectorMatch[] {
  const size = native.size();
  if (size === 0 || k <= 0) return [];
  const found = native.search(vector, Math.min(k, size), 1);
  const out: VectorMatch[] = [];
  for (let i = 0; i < found.keys.length; i++) {
    const distance = found.distances[i] as number;
    // usearch pads missing results with max keys and infinite distances.
    if (!Number.isFinite(distance)) continue;
    out.push({ key: Number(found.keys[i]), similarity: 1 - distance });
  }
  return out;
}

/** Reads or maps a saved graph into `native`; false when it fails or holds vectors of another size. */
export function loadInto(native: UsearchIndex, path: string, dimensions: number, how: 'load' | 'view' = 'load'): boolean {
  try {
    if (how === 'view') native.view(path);
    else native.load(path);
    return native.dimensions() === dimensions;
  } catch {
    return false;
  }
}
