import type { MemoryFilter } from '../schema/memorySchemas.js';

/** True when the filter restricts anything (some field is set). */
export function hasMemoryFilter(filter: MemoryFilter | undefined): boolean {
  return filter !== undefined && Object.values(filter).some((value) => value !== undefined);
}
