import type { Memory, MemoryInput } from '../schema/memorySchemas.js';
import type { MemoryStore } from './MemoryStore.js';

/**
 * A store's `store` and `storeMany`, both on its one batch write (a single memory is a batch of one).
 */
export function batchWriteMethods(
  storeMany: (inputs: readonly MemoryInput[], signal: AbortSignal | undefined, skipEmbedding: boolean) => Promise<Memory[]>,
): Pick<MemoryStore, 'store' | 'storeMany'> {
  return {
    async store(input, options) {
      const [memory] = await storeMany([input], options?.signal, options?.skipEmbedding === true);
      return memory as Memory;
    },
    storeMany: (inputs, options) => storeMany(inputs, options?.signal, options?.skipEmbedding === true),
  };
}
