import type { Memory, MemoryInputParsed, MemoryTier } from '../schema/memorySchemas.js';

/** What {@link buildMemory} adds to a parsed input. */
export interface BuildMemoryFields {
  readonly id: string;
  readonly tier: MemoryTier;
  /** Creation (and update) time, epoch milliseconds. */
  readonly at: number;
  /** The model and dimensions of the memory's vector, if it has one. */
  readonly embedding?: { readonly model: string; readonly dimensions: number } | undefined;
}

/** The first version of a memory built from a parsed input. */
export function buildMemory(p: MemoryInputParsed, fields: BuildMemoryFields): Memory {
  const { embedding } = fields;
  return {
    id: fields.id,
    kind: p.kind,
    text: p.text,
    modality: p.modality,
    ...(p.content === undefined ? {} : { content: p.content }),
    ...(p.mediaType === undefined ? {} : { mediaType: p.mediaType }),
    tags: p.tags,
    metadata: p.metadata,
    tier: fields.tier,
    createdAt: fields.at,
    updatedAt: fields.at,
    ...(p.expiresAt === undefined ? {} : { expiresAt: p.expiresAt }),
    ...(embedding === undefined ? {} : { embeddingModel: embedding.model, embeddingDimensions: embedding.dimensions }),
    version: 1,
  };
}
