import type { Memory } from '../schema/memorySchemas.js';
import { memoryFromRow, type MemoryRowColumns } from '../store/memoryFromRow.js';

/** A row of the PostgreSQL `memories` table as the driver reads it (bigints arrive as strings). */
export interface PostgresMemoryRow extends MemoryRowColumns {
  seq: string;
  tags: string[];
  metadata: Memory['metadata'];
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

/** The columns of {@link PostgresMemoryRow}. */
export const postgresMemoryColumns =
  'seq, id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding_model, embedding_dimensions, version';

/** The memory a PostgreSQL row holds. */
export function postgresRowToMemory(row: PostgresMemoryRow): Memory {
  return memoryFromRow({
    ...row,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
  });
}
