import { MemoryError } from '../errors/MemoryError.js';

/**
 * Rejects use of a store after `close()`.
 * @throws {@link MemoryError} `MEMORY_STORE_CLOSED` when `closed` is true.
 */
export function assertMemoryStoreOpen(closed: boolean): void {
  if (closed) throw new MemoryError('MEMORY_STORE_CLOSED', 'the memory store was used after close(); open a new store.');
}
