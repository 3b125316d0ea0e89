import type { Memory, MemoryRevision } from '../schema/memorySchemas.js';

/** A memory of the short-term tier, its vector and its use. */
export interface ShortTermEntry {
  memory: Memory;
  vector: Float32Array | undefined;
  accesses: number;
  lastAccess: number;
  history: MemoryRevision[];
}
