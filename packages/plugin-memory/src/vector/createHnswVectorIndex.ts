import { createRequire } from 'node:module';
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { VectorIndex, VectorMatch } from './VectorIndex.js';

/** The part of usearch's `Index` this module uses (its ESM entry cannot locate its prebuilt binary, so it is loaded through `require`). */
interface UsearchIndex {
  add(keys: bigint | BigUint64Array, vectors: Float32Array, threads?: number): void;
  search(vector: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array };
  contains(key: bigint): boolean;
  remove(key: bigint): number;
  size(): number;
  save(path: string): void;
  load(path: string): void;
  dimensions(): number;
}
interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: 'cos';
    quantization: HnswQuantization;
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => UsearchIndex;
}

let usearch: UsearchModule | undefined;
function loadUsearch(): UsearchModule {
  usearch ??= createRequire(import.meta.url)('usearch') as UsearchModule;
  return usearch;
}

/**
 * How the HNSW graph stores its copy of each vector: `'f16'` (half precision) or `'f32'`.
 * @public
 */
export type HnswQuantization = 'f16' | 'f32';

/**
 * Tuning of the HNSW graph. Defaults were chosen by measurement (docs/adr/0006-memory-vector-index.md).
 * @public
 */
export interface HnswOptions {
  /** Neighbours per node (M). Default 16. */
  readonly connectivity?: number | undefined;
  /** Candidate list size while inserting (efConstruction). Default 128. */
  readonly expansionAdd?: number | undefined;
  /** Candidate list size while searching (ef). Default: chosen from the store's size when it opens — 128 up to 256k vectors, 256 up to 512k, then 512 (recall@10 at 1M: 0.73 with 128, 0.97 with 512). */
  readonly expansionSearch?: number | undefined;
  /**
   * Precision of the graph's copy of each vector (the table always keeps full precision).
   * Default `'f16'`: at 100k it halves the file and its load time and builds in 0.73× the time,
   * with recall@10 0.998 against 0.999 for `'f32'` at ef 128 (docs/adr/0006-memory-vector-index.md, addendum).
   * A saved index keeps the precision it was built with until it is rebuilt.
   */
  readonly quantization?: HnswQuantization | undefined;
}

/**
 * An approximate HNSW index (usearch, prebuilt binaries shipped in its npm package). When
 * `loadFrom` names an existing file it is loaded; a file that fails to load is ignored and
 * the caller rebuilds.
 */
export function createHnswVectorIndex(
  dimensions: number,
  options: HnswOptions = {},
  loadFrom?: string,
): { index: VectorIndex; loaded: boolean } {
  const { Index } = loadUsearch();
  const make = (): UsearchIndex =>
    new Index({
      dimensions,
      metric: 'cos',
      quantization: options.quantization ?? 'f16',
      connectivity: options.connectivity ?? 16,
      expansion_add: options.expansionAdd ?? 128,
      expansion_search: options.expansionSearch ?? 128,
      multi: false,
    });
  let native = make();
  let loaded = false;
  if (loadFrom !== undefined && existsSync(loadFrom)) {
    try {
      native.load(loadFrom);
      loaded = native.dimensions() === dimensions;
      if (!loaded) native = make();
    } catch {
      native = make();
    }
  }
  const index: VectorIndex = {
    kind: 'hnsw',
    dimensions,
    size: () => native.size(),
    has: (key) => native.contains(BigInt(key)),
    upsert(key, vector) {
      const big = BigInt(key);
      if (native.contains(big)) native.remove(big);
      // One thread, the caller's: usearch's default (0, "automatic") costs more for one vector
      // (bench/memory/hnsw-insert.bench.ts: 6 % more CPU and wall time per 384-d insert).
      native.add(big, vector, 1);
    },
    addBatch(keys, vectors) {
      if (keys.length === 0) return;
      native.add(
        BigUint64Array.from(keys, (k) => BigInt(k)),
        vectors,
        0,
      );
    },
    remove(key) {
      const big = BigInt(key);
      if (native.contains(big)) native.remove(big);
    },
    search(vector, k) {
      const size = native.size();
      if (size === 0) return [];
      const found = native.search(vector, Math.min(k, size), 1);
      const out: VectorMatch[] = [];
      for (let i = 0; i < found.keys.length; i++) {
        const distance = found.distances[i] as number;
        // usearch pads missing results with max keys and infinite distances.
        if (!Number.isFinite(distance)) continue;
        out.push({ key: Number(found.keys[i]), similarity: 1 - distance });
      }
      return out;
    },
    save(path) {
      const tmp = `${path}.tmp`;
      rmSync(tmp, { force: true });
      native.save(tmp);
      renameSync(tmp, path);
    },
  };
  return { index, loaded };
}
