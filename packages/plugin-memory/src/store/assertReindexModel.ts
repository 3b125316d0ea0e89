import type { EmbedResult } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';

/**
 * Checks that a reindex batch came from the same model as the batches before it (`model` undefined for the first).
 * @throws {@link MemoryError} `MEMORY_EMBEDDING_INVALID` when the embedder switched models.
 */
export function assertReindexModel(model: string | undefined, dimensions: number, result: EmbedResult): void {
  if (model !== undefined && (result.model !== model || result.dimensions !== dimensions)) {
    throw new MemoryError('MEMORY_EMBEDDING_INVALID', `the embedder switched from ${model} to ${result.model} during reindex.`, {
      details: { model, switchedTo: result.model },
    });
  }
}
