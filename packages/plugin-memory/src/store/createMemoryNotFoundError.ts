import { MemoryError } from '../errors/MemoryError.js';

/** The `MEMORY_NOT_FOUND` error for `id`; `whileUpdating` when it was deleted during an update. */
export function createMemoryNotFoundError(id: string, whileUpdating = false): MemoryError {
  return new MemoryError(
    'MEMORY_NOT_FOUND',
    whileUpdating ? `no memory with id ${id} (deleted while updating).` : `no memory with id ${id}.`,
    { details: { id } },
  );
}
