/**
 * One nearest-neighbour match: the row key and its cosine similarity to the query.
 */
export interface VectorMatch {
  readonly key: number;
  readonly similarity: number;
}

/**
 * A vector index over unit-length vectors keyed by integer row ids. It is derived state:
 * the SQLite table is the source of truth and the index is rebuilt or repaired from it.
 */
export interface VectorIndex {
  readonly kind: 'hnsw' | 'exact';
  readonly dimensions: number;
  size(): number;
  has(key: number): boolean;
  /** Adds or replaces the vector of `key`. */
  upsert(key: number, vector: Float32Array): void;
  /** Adds many new keys at once (rebuilds); keys must not be present yet. */
  addBatch(keys: readonly number[], vectors: Float32Array): void;
  remove(key: number): void;
  /** The `k` best matches, best first. */
  search(vector: Float32Array, k: number): VectorMatch[];
  /** Writes the index to `path` atomically; a no-op for indexes that are always rebuilt. */
  save(path: string): void;
  /** Stops serving from a memory-mapped file, if it does: its writable copy is read (or rebuilt) now. */
  detach?(): void;
}

/** Scales `vector` to unit length in place and returns it (a zero vector stays zero). */
export function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] ?? 0) ** 2;
  if (sum === 0) return vector;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * inv;
  return vector;
}

/** Dot product of two vectors of equal length (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[bOffset + i] as number);
  return sum;
}
