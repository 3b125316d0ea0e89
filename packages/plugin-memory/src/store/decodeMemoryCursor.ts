import { MemoryError } from '../errors/MemoryError.js';
import { memoryIdSchema } from '../schema/memorySchemas.js';

/**
 * The memory id a list cursor from `encodeMemoryCursor` continues after.
 * @throws {@link MemoryError} `MEMORY_CURSOR_INVALID` when the cursor was not produced by a store or was altered.
 */
export function decodeMemoryCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('v1:') ? text.slice(3) : '';
  if (!memoryIdSchema.safeParse(id).success) {
    throw new MemoryError(
      'MEMORY_CURSOR_INVALID',
      'the list cursor was not produced by this store or was altered; pass back `nextCursor` unchanged.',
      { details: { cursor } },
    );
  }
  return id;
}
