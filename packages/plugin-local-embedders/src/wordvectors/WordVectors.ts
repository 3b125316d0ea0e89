/**
 * A word-vector table: words in frequency rank order (row i is the i-th most frequent word)
 * and one Float32 row of `dimensions` values per word.
 * @public
 */
export interface WordVectors {
  /** Values per word. */
  readonly dimensions: number;
  /** Words, most frequent first. */
  readonly words: readonly string[];
  /** `words.length × dimensions` values, row-major. */
  readonly matrix: Float32Array;
}
