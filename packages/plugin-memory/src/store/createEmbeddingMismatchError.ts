import { MemoryError } from '../errors/MemoryError.js';

/** A model and its vector size. */
export interface EmbeddingModelShape {
  readonly model: string;
  readonly dimensions: number;
}

/** The `MEMORY_EMBEDDING_MODEL_MISMATCH` error of an embedder result whose model differs from the store's. */
export function createEmbeddingMismatchError(indexed: EmbeddingModelShape, result: EmbeddingModelShape): MemoryError {
  return new MemoryError(
    'MEMORY_EMBEDDING_MODEL_MISMATCH',
    `the store is indexed with ${indexed.model} (${indexed.dimensions} dimensions) but the embedder returned ${result.model} (${result.dimensions} dimensions); use the same model or call reindex({ embed }) to re-embed every memory.`,
    { details: { indexedModel: indexed.model, indexedDimensions: indexed.dimensions, model: result.model, dimensions: result.dimensions } },
  );
}
