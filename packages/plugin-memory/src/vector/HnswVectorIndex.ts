import { renameSync, rmSync } from 'node:fs';
import type { UsearchIndex } from './usearchModule.js';
import type { VectorIndex, VectorMatch } from './VectorIndex.js';

/**
 * A saved graph served from its file, memory-mapped, until the graph first changes: only then is
 * the writable copy read into memory (the cost that used to be paid by every open).
 */
export interface MappedHnswFile {
  readonly path: string;
  /** Asked before the writable copy is read from `path`: whether the file still matches its checksums. */
  readonly stillSound: () => boolean;
  /** Adds every vector of the source of truth to the empty graph it is given (the file no longer serves). */
  readonly refill: (graph: VectorIndex) => void;
}

/**
 * An approximate HNSW index over usearch. A graph opened from a {@link MappedHnswFile} answers
 * searches from the mapped file at once; its first change (add, replace, or removal of a key it
 * holds) loads the writable copy first — after the file's checksums pass again, or else by a
 * refill from the database — so native code never reads a file that failed its checksums.
 */
export class HnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly dimensions: number;
  readonly #make: () => UsearchIndex;
  #native: UsearchIndex;
  /** The file served mapped, until the writable copy replaces it. */
  #mapped: MappedHnswFile | undefined;

  constructor(dimensions: number, make: () => UsearchIndex, native: UsearchIndex, mapped?: MappedHnswFile) {
    this.dimensions = dimensions;
    this.#make = make;
    this.#native = native;
    this.#mapped = mapped;
  }

  /** True while searches are served from the mapped file (no change since open). */
  get mapped(): boolean {
    return this.#mapped !== undefined;
  }

  size(): number {
    return this.#native.size();
  }

  has(key: number): boolean {
    return this.#native.contains(BigInt(key));
  }

  upsert(key: number, vector: Float32Array): void {
    const big = BigInt(key);
    const native = this.#writable();
    if (native.contains(big)) native.remove(big);
    // One thread, the caller's: usearch's default (0, "automatic") costs more for one vector
    // (bench/memory/hnsw-insert.bench.ts: 6 % more CPU and wall time per 384-d insert).
    native.add(big, vector, 1);
  }

  addBatch(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.#writable().add(
      BigUint64Array.from(keys, (k) => BigInt(k)),
      vectors,
      0,
    );
  }

  remove(key: number): void {
    const big = BigInt(key);
    // A key the graph does not hold changes nothing: the mapped file keeps serving.
    if (this.#native.contains(big)) this.#writable().remove(big);
  }

  search(vector: Float32Array, k: number): VectorMatch[] {
    const size = this.#native.size();
    if (size === 0) return [];
    const found = this.#native.search(vector, Math.min(k, size), 1);
    const out: VectorMatch[] = [];
    for (let i = 0; i < found.keys.length; i++) {
      const distance = found.distances[i] as number;
      // usearch pads missing results with max keys and infinite distances.
      if (!Number.isFinite(distance)) continue;
      out.push({ key: Number(found.keys[i]), similarity: 1 - distance });
    }
    return out;
  }

  /**
   * Writes the graph beside `path` and renames it over: a mapped file is never written in place.
   * A mapped graph is detached first, so a save never copies pages of a file that changed on disk.
   */
  save(path: string): void {
    const tmp = `${path}.tmp`;
    rmSync(tmp, { force: true });
    this.#writable().save(tmp);
    renameSync(tmp, path);
  }

  detach(): void {
    this.#writable();
  }

  /** The graph to change: the mapped file's writable copy is made on the first change. */
  #writable(): UsearchIndex {
    const mapped = this.#mapped;
    if (mapped === undefined) return this.#native;
    this.#mapped = undefined;
    const copy = this.#make();
    if (mapped.stillSound() && loadInto(copy, mapped.path, this.dimensions)) {
      this.#native = copy;
      return copy;
    }
    this.#native = this.#make();
    mapped.refill(this);
    return this.#native;
  }
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
