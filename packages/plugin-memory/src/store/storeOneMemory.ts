import type { Memory, MemoryInput } from '../schema/memorySchemas.js';

/** Stores one memory through a store's batch write and returns it. */
export async function storeOneMemory(storeMany: (inputs: readonly MemoryInput[]) => Promise<Memory[]>, input: MemoryInput): Promise<Memory> {
  const [memory] = await storeMany([input]);
  return memory as Memory;
}
