import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryEmbedder } from './MemoryEmbedder.js';
import type { MemoryStoreReindexOptions } from './MemoryStore.js';

/**
 * The embedder and batch size (default 256) a reindex uses: the given embedder, else the store's.
 * @throws {@link MemoryError} `MEMORY_EMBEDDER_MISSING` when there is neither.
 */
export function resolveReindexEmbedder(
  reindexOptions: MemoryStoreReindexOptions,
  current: MemoryEmbedder | undefined,
): { embed: MemoryEmbedder; batchSize: number } {
  const embed = reindexOptions.embed ?? current;
  if (embed === undefined)
    throw new MemoryError('MEMORY_EMBEDDER_MISSING', 'reindex needs an embedder; pass `embed` to reindex() or to the store factory.');
  return { embed, batchSize: reindexOptions.batchSize ?? 256 };
}
