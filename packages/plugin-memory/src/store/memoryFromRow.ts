import type { Memory, MemoryModality, MemoryTier } from '../schema/memorySchemas.js';

/** The columns of a memories table row that every SQL store reads as they are. */
export interface MemoryRowColumns {
  id: string;
  kind: string;
  text: string;
  modality: string;
  content: Buffer | null;
  media_type: string | null;
  tier: string;
  embedding_model: string | null;
  embedding_dimensions: number | null;
  version: number;
}

/** A memories table row with tags, metadata and times already decoded by the store. */
export interface DecodedMemoryRow extends MemoryRowColumns {
  tags: string[];
  metadata: Memory['metadata'];
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

/** The memory a decoded memories table row holds (SQL nulls become absent fields). */
export function memoryFromRow(row: DecodedMemoryRow): Memory {
  return {
    id: row.id,
    kind: row.kind,
    text: row.text,
    modality: row.modality as MemoryModality,
    ...(row.content === null ? {} : { content: new Uint8Array(row.content) }),
    ...(row.media_type === null ? {} : { mediaType: row.media_type }),
    tags: row.tags,
    metadata: row.metadata,
    tier: row.tier as MemoryTier,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    ...(row.embedding_model === null ? {} : { embeddingModel: row.embedding_model }),
    ...(row.embedding_dimensions === null ? {} : { embeddingDimensions: row.embedding_dimensions }),
    version: row.version,
  };
}
