import type { Memory } from '../schema/memorySchemas.js';
import { memoryFromRow, type MemoryRowColumns } from '../store/memoryFromRow.js';

/** A row of the SQLite `memories` table as the driver reads it. */
export interface SqliteMemoryRow extends MemoryRowColumns {
  row: number;
  tags: string;
  metadata: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

/** The columns of {@link SqliteMemoryRow}. */
export const sqliteMemoryColumns =
  'row, id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding_model, embedding_dimensions, version';

/** The memory a SQLite row holds (tags and metadata are JSON text). */
export function sqliteRowToMemory(row: SqliteMemoryRow): Memory {
  return memoryFromRow({ ...row, tags: JSON.parse(row.tags) as string[], metadata: JSON.parse(row.metadata) as Memory['metadata'] });
}

/** A vector as the blob SQLite stores (its bytes, not a copy). */
export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A stored blob as a vector. */
export function blobToVector(blob: Buffer): Float32Array {
  // Copy: the blob's memory may be reused by the driver and may be unaligned for Float32Array.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
