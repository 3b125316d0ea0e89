import type { Memory, MemoryFilter } from '../schema/memorySchemas.js';

/** Whether a short-term memory passes a filter (a filter of tiers without `stm` passes none). */
export function matchesShortTerm(m: Memory, filter: MemoryFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.kinds !== undefined && !filter.kinds.includes(m.kind)) return false;
  if (filter.modalities !== undefined && !filter.modalities.includes(m.modality)) return false;
  if (filter.tiers !== undefined && !filter.tiers.includes('stm')) return false;
  if (filter.tags !== undefined && !filter.tags.every((t) => m.tags.includes(t))) return false;
  if (filter.createdFrom !== undefined && m.createdAt < filter.createdFrom) return false;
  if (filter.createdTo !== undefined && m.createdAt >= filter.createdTo) return false;
  return true;
}
