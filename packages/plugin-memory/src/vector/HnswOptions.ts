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
  /**
   * How a saved graph is opened. `'map'` (default): searches are served from the file,
   * memory-mapped, as soon as the store opens; changes go into a small graph beside it (a replaced
   * or deleted vector is hidden in the mapped one), and the writable copy of the whole graph is
   * read (the checksums checked again) only when the index is next saved — after
   * `indexSaveEvery` changes, on a retry or on close — so a read-mostly store never pays it. At a
   * million 384-d vectors that read is most of an open: 2.0–2.2 s mapped against 5.0–5.8 s
   * loaded (docs/adr/0038-memory-mapped-vector-index.md, addenda). `'load'`: read into memory at
   * open, after its checksums pass. The price of `'map'`: while mapped, a file truncated or
   * overwritten in place by another process is read by native code (a truncation can stop the
   * process with SIGBUS); this store itself only ever writes the file beside and renames it over,
   * and its data folder lock keeps other stores out.
   */
  readonly openSaved?: 'map' | 'load' | undefined;
}
