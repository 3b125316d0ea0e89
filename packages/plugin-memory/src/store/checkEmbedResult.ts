import type { EmbedResult } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import { normalise } from '../vector/VectorIndex.js';
import { createEmbeddingMismatchError, type EmbeddingModelShape } from './createEmbeddingMismatchError.js';

/** Limits of {@link checkEmbedResult} beyond the result's own consistency. */
export interface CheckEmbedResultOptions {
  /** Most dimensions the store can hold; larger vectors are rejected. */
  readonly maxDimensions?: { readonly limit: number; readonly message: (result: EmbedResult) => string };
}

/**
 * Checks an embedder result (model against the store's, `count` vectors of the stated dimensions,
 * finite values) and returns its vectors normalised.
 * @throws {@link MemoryError} `MEMORY_EMBEDDING_MODEL_MISMATCH`, `MEMORY_EMBEDDING_INVALID`.
 */
export function checkEmbedResult(
  result: EmbedResult,
  count: number,
  against: EmbeddingModelShape | undefined,
  options: CheckEmbedResultOptions = {},
): Float32Array[] {
  if (against !== undefined && (result.model !== against.model || result.dimensions !== against.dimensions))
    throw createEmbeddingMismatchError(against, result);
  if (result.vectors.length !== count || !Number.isInteger(result.dimensions) || result.dimensions <= 0) {
    throw new MemoryError(
      'MEMORY_EMBEDDING_INVALID',
      `the embedder returned ${result.vectors.length} vectors of ${result.dimensions} dimensions for ${count} texts.`,
      {
        details: { expected: count, received: result.vectors.length, dimensions: result.dimensions },
      },
    );
  }
  const max = options.maxDimensions;
  if (max !== undefined && result.dimensions > max.limit) {
    throw new MemoryError('MEMORY_EMBEDDING_INVALID', max.message(result), { details: { dimensions: result.dimensions } });
  }
  return result.vectors.map((vec, i) => {
    if (vec.length !== result.dimensions || !vec.every(Number.isFinite)) {
      throw new MemoryError(
        'MEMORY_EMBEDDING_INVALID',
        `vector ${i} from ${result.model} has ${vec.length} values (expected ${result.dimensions}) or non-finite values.`,
        {
          details: { index: i, length: vec.length, dimensions: result.dimensions },
        },
      );
    }
    return normalise(Float32Array.from(vec));
  });
}
