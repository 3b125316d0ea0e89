import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import { tokenize } from '../hashing/tokenize.js';
import type { WordVectors } from './WordVectors.js';

/**
 * Options of {@link createWordVectorEmbedder}.
 * @public
 */
export interface CreateWordVectorEmbedderOptions {
  /** SIF smoothing `a` in the word weight a / (a + p(w)). Default 1e-3. */
  readonly sifA?: number;
}

/**
 * Embeds text as the frequency-weighted average of its word vectors.
 * @public
 */
export interface WordVectorEmbedder {
  /** Length of every vector (that of the table). */
  readonly dimensions: number;
  /** Unit vector, or all zeros when no word of the text is in the vocabulary. */
  embed(text: string): Float32Array;
}

/**
 * Creates a word-vector embedder: SIF-weighted average (weight a / (a + p(w)), with p(w)
 * estimated from the word's frequency rank by Zipf's law, p(r) ≈ 1 / (r · H_N)), L2-normalised.
 * Frequent words ("the", ",") weigh little; rare, meaningful words weigh most.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_OPTIONS_INVALID` when `sifA` is not positive.
 * @public
 */
export function createWordVectorEmbedder(vectors: WordVectors, options: CreateWordVectorEmbedderOptions = {}): WordVectorEmbedder {
  const a = options.sifA ?? 1e-3;
  if (!(Number.isFinite(a) && a > 0))
    throw new LocalEmbeddersError('LOCAL_EMBEDDERS_OPTIONS_INVALID', `sifA must be a positive number (got ${a}).`);
  const { dimensions, matrix, words } = vectors;
  const index = new Map<string, number>();
  // Keep the first (most frequent) row when a word appears twice.
  for (let i = words.length - 1; i >= 0; i -= 1) index.set(words[i] as string, i);
  const harmonic = Math.log(Math.max(words.length, 1)) + 0.5772156649;
  return Object.freeze({
    dimensions,
    embed(text: string): Float32Array {
      const result = new Float32Array(dimensions);
      for (const token of tokenize(text)) {
        const row = index.get(token);
        if (row === undefined) continue;
        const p = 1 / ((row + 1) * harmonic);
        const weight = a / (a + p);
        const offset = row * dimensions;
        for (let d = 0; d < dimensions; d += 1) result[d] = (result[d] as number) + weight * (matrix[offset + d] as number);
      }
      let sum = 0;
      for (let d = 0; d < dimensions; d += 1) sum += (result[d] as number) ** 2;
      if (sum > 0) {
        const scale = 1 / Math.sqrt(sum);
        for (let d = 0; d < dimensions; d += 1) result[d] = (result[d] as number) * scale;
      }
      return result;
    },
  });
}
