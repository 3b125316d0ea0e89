import { z } from 'zod';
import { memorySearchWeightsSchema } from './memorySearchWeightsSchema.js';

/**
 * The kinds of content a memory can hold.
 * @public
 */
export const memoryModalitySchema: z.ZodType<MemoryModality, MemoryModality> = z.enum(['text', 'image', 'audio', 'video']);
/**
 * A memory modality: `text`, `image`, `audio` or `video`.
 * @public
 */
export type MemoryModality = 'text' | 'image' | 'audio' | 'video';
/** The modalities as a zod enum, for record keys (internal: the door exports {@link memoryModalitySchema}). */
export const memoryModalityEnum = z.enum(['text', 'image', 'audio', 'video']);

/**
 * Short-term (in-process, bounded, expiring) or long-term (persisted) tier.
 * @public
 */
export const memoryTierSchema: z.ZodType<MemoryTier, MemoryTier> = z.enum(['stm', 'ltm']);
/**
 * A memory tier: `stm` (short-term) or `ltm` (long-term).
 * @public
 */
export type MemoryTier = 'stm' | 'ltm';
/** The tiers as a zod enum, for record keys (internal: the door exports {@link memoryTierSchema}). */
export const memoryTierEnum = z.enum(['stm', 'ltm']);

/**
 * A JSON value, as stored in `metadata`.
 * @public
 */
export type MemoryJsonValue = string | number | boolean | null | MemoryJsonValue[] | { [key: string]: MemoryJsonValue };
/**
 * The schema of a {@link MemoryJsonValue}, named so that the schemas built on it read as written
 * (an anonymous `z.ZodType` would print zod's internal type parameters in every signature).
 * @public
 */
export interface MemoryJsonValueSchema extends z.ZodType<MemoryJsonValue> {}
const jsonValueSchema: MemoryJsonValueSchema = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'must be finite'),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/**
 * Free-form JSON metadata of a memory.
 * @public
 */
export const memoryMetadataSchema = z.record(z.string(), jsonValueSchema);
/**
 * JSON metadata of a memory.
 * @public
 */
export type MemoryMetadata = z.infer<typeof memoryMetadataSchema>;

/**
 * A UUIDv7 string (time-ordered), lower case.
 * @public
 */
export const memoryIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lower-case UUIDv7');

const tagSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the pattern is to refuse control characters
    /^[^\u0000-\u001f]+$/,
    'must not contain control characters',
  );
const kindSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores, starting with a letter or digit');
const mediaTypeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'a lower-case media type such as image/png');

/**
 * What a caller gives to store one memory. Non-text memories carry `content` bytes and their
 * `mediaType`; `text` then describes them (caption, transcript). Image and audio memories are
 * embedded from their bytes when the embedding model embeds that modality, otherwise (and video
 * always) from `text` — see `toMemoryEmbedInput`.
 * @public
 */
export const memoryInputSchema: z.ZodType<MemoryInputParsed, MemoryInput> = memoryInputObject().superRefine((value, ctx) => {
  if (value.modality === 'text') {
    if (value.content !== undefined)
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'text memories carry no content bytes; put the text in `text`' });
    return;
  }
  if (value.content === undefined)
    ctx.addIssue({ code: 'custom', path: ['content'], message: `${value.modality} memories need content bytes` });
  if (value.mediaType === undefined)
    ctx.addIssue({ code: 'custom', path: ['mediaType'], message: `${value.modality} memories need a media type` });
});

/** Internal: the input object without its cross-field checks, for schemas built on it (the door exports {@link memoryInputSchema}). */
export function memoryInputObject() {
  return z.object({
    /** Keep an existing id (import, promotion from the short-term tier); new ids are generated otherwise. */
    id: memoryIdSchema.optional(),
    kind: kindSchema.default('note'),
    text: z.string().max(1_000_000),
    modality: memoryModalitySchema.default('text'),
    content: z.instanceof(Uint8Array).optional(),
    mediaType: mediaTypeSchema.optional(),
    tags: z.array(tagSchema).max(64).default([]),
    metadata: memoryMetadataSchema.default({}),
    tier: memoryTierSchema.default('ltm'),
    /** Absolute expiry, epoch milliseconds. */
    expiresAt: z.number().int().nonnegative().optional(),
  });
}
/** What a caller passes to `store` (see {@link memoryInputSchema}). @public */
export interface MemoryInput {
  /** Keep an existing id (import, promotion from the short-term tier); new ids are generated otherwise. */
  id?: string | undefined;
  /** Default `note`. */
  kind?: string | undefined;
  text: string;
  /** Default `text`. */
  modality?: MemoryModality | undefined;
  /** The bytes of an image, audio or video memory. */
  content?: Uint8Array<ArrayBuffer> | undefined;
  mediaType?: string | undefined;
  tags?: string[] | undefined;
  /** JSON metadata (checked as {@link memoryMetadataSchema} says). */
  metadata?: Record<string, unknown> | undefined;
  /** Default `ltm`. */
  tier?: MemoryTier | undefined;
  /** Absolute expiry, epoch milliseconds. */
  expiresAt?: number | undefined;
}
/** A validated {@link MemoryInput} with defaults applied. @public */
export interface MemoryInputParsed {
  id?: string | undefined;
  kind: string;
  text: string;
  modality: MemoryModality;
  content?: Uint8Array<ArrayBuffer> | undefined;
  mediaType?: string | undefined;
  tags: string[];
  metadata: MemoryMetadata;
  tier: MemoryTier;
  expiresAt?: number | undefined;
}

/** Internal: the memory object, for schemas built on it (the door exports {@link memorySchema}). */
export const memoryObject = z.object({
  id: memoryIdSchema,
  kind: kindSchema,
  text: z.string(),
  modality: memoryModalitySchema,
  content: z.instanceof(Uint8Array).optional(),
  mediaType: mediaTypeSchema.optional(),
  tags: z.array(tagSchema),
  metadata: memoryMetadataSchema,
  tier: memoryTierSchema,
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative().optional(),
  /** Embedding model id the memory was indexed with; absent when it has no vector. */
  embeddingModel: z.string().optional(),
  embeddingDimensions: z.number().int().positive().optional(),
  /** Revision number, 1 on store, +1 on every update. */
  version: z.number().int().positive(),
});
/**
 * A stored memory.
 * @public
 */
export const memorySchema: z.ZodType<Memory> = memoryObject;
/**
 * A stored memory (see {@link memorySchema}).
 * @public
 */
export interface Memory extends MemoryInputParsed {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Embedding model id the memory was indexed with; absent when it has no vector. */
  embeddingModel?: string | undefined;
  embeddingDimensions?: number | undefined;
  /** Revision number, 1 on store, +1 on every update. */
  version: number;
}

/** Internal: the patch object, for schemas built on it (the door exports {@link memoryPatchSchema}). */
export const memoryPatchObject = z
  .object({
    kind: kindSchema.optional(),
    text: z.string().max(1_000_000).optional(),
    tags: z.array(tagSchema).max(64).optional(),
    metadata: memoryMetadataSchema.optional(),
    expiresAt: z.number().int().nonnegative().nullable().optional(),
  })
  .strict();
/**
 * Fields an update may change. `text` changes re-embed the memory; `expiresAt: null` clears it.
 * @public
 */
export const memoryPatchSchema: z.ZodType<MemoryPatchParsed, MemoryPatch> = memoryPatchObject;
/**
 * The fields an update changes (see {@link memoryPatchSchema}).
 * @public
 */
export interface MemoryPatch {
  kind?: string | undefined;
  /** A new text re-embeds the memory. */
  text?: string | undefined;
  tags?: string[] | undefined;
  /** JSON metadata (checked as {@link memoryMetadataSchema} says). */
  metadata?: Record<string, unknown> | undefined;
  /** Epoch milliseconds; `null` clears the expiry. */
  expiresAt?: number | null | undefined;
}
/**
 * A {@link MemoryPatch} that passed {@link memoryPatchSchema}: its metadata is JSON.
 * @public
 */
export interface MemoryPatchParsed extends Omit<MemoryPatch, 'metadata'> {
  metadata?: MemoryMetadata | undefined;
}

/**
 * One earlier state of a memory, recorded by `update`.
 * @public
 */
export const memoryRevisionSchema: z.ZodType<MemoryRevision> = z.object({
  id: memoryIdSchema,
  version: z.number().int().positive(),
  kind: kindSchema,
  text: z.string(),
  tags: z.array(tagSchema),
  metadata: memoryMetadataSchema,
  expiresAt: z.number().int().nonnegative().optional(),
  /** When this state was replaced, epoch milliseconds. */
  replacedAt: z.number().int().nonnegative(),
});
/**
 * An earlier state of a memory (see {@link memoryRevisionSchema}).
 * @public
 */
export interface MemoryRevision {
  id: string;
  version: number;
  kind: string;
  text: string;
  tags: string[];
  metadata: MemoryMetadata;
  expiresAt?: number | undefined;
  /** When this state was replaced, epoch milliseconds. */
  replacedAt: number;
}

const memoryFilterObject = z
  .object({
    kinds: z.array(kindSchema).optional(),
    tags: z.array(tagSchema).optional(),
    modalities: z.array(memoryModalitySchema).optional(),
    tiers: z.array(memoryTierSchema).optional(),
    /** Inclusive lower bound on `createdAt`, epoch ms. */
    createdFrom: z.number().int().nonnegative().optional(),
    /** Exclusive upper bound on `createdAt`, epoch ms. */
    createdTo: z.number().int().nonnegative().optional(),
  })
  .strict();
/**
 * Filters shared by `list` and `search`. Tags match when a memory has every listed tag.
 * @public
 */
export const memoryFilterSchema: z.ZodType<MemoryFilter, MemoryFilter> = memoryFilterObject;
/**
 * Filters of `list` and `search` (see {@link memoryFilterSchema}).
 * @public
 */
export interface MemoryFilter {
  kinds?: string[] | undefined;
  /** A memory matches when it has every listed tag. */
  tags?: string[] | undefined;
  modalities?: MemoryModality[] | undefined;
  tiers?: MemoryTier[] | undefined;
  /** Inclusive lower bound on `createdAt`, epoch ms. */
  createdFrom?: number | undefined;
  /** Exclusive upper bound on `createdAt`, epoch ms. */
  createdTo?: number | undefined;
}

/**
 * Options of `list`: filters, page size and the cursor of the previous page. Newest first.
 * @public
 */
export const memoryListOptionsSchema: z.ZodType<MemoryListOptionsParsed, MemoryListOptions> = memoryFilterObject
  .extend({
    limit: z.number().int().min(1).max(1000).default(50),
    cursor: z.string().optional(),
  })
  .strict();
/**
 * Options of `list` (see {@link memoryListOptionsSchema}).
 * @public
 */
export interface MemoryListOptions extends MemoryFilter {
  /** Page size, 1–1000 (default 50). */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}
/**
 * Options of `list` with the default page size applied (see {@link memoryListOptionsSchema}).
 * @public
 */
export interface MemoryListOptionsParsed extends MemoryFilter {
  limit: number;
  cursor?: string | undefined;
}

/**
 * Search modes: blended scores (`hybrid`), reciprocal rank fusion (`rrf`), or one signal only.
 * @public
 */
export const memorySearchModeSchema: z.ZodType<MemorySearchMode, MemorySearchMode> = z.enum(['hybrid', 'rrf', 'semantic', 'keyword']);
/**
 * A search mode (see {@link memorySearchModeSchema}).
 * @public
 */
export type MemorySearchMode = 'hybrid' | 'rrf' | 'semantic' | 'keyword';

/**
 * A search request.
 * @public
 */
export const memorySearchQuerySchema: z.ZodType<MemorySearchQueryParsed, MemorySearchQuery> = z
  .object({
    query: z.string().max(10_000),
    mode: memorySearchModeSchema.default('hybrid'),
    limit: z.number().int().min(1).max(1000).default(10),
    /** Weights of the normalised semantic and keyword scores in `hybrid` mode; default 0.6 / 0.4. */
    weights: memorySearchWeightsSchema.optional(),
    /** Multiplies the final score of results of each modality (default 1). */
    modalityWeights: z.partialRecord(memoryModalityEnum, z.number().min(0)).optional(),
    /** Results with a final score below this are dropped. */
    minScore: z.number().optional(),
    /** `k` of reciprocal rank fusion (default 60). */
    rrfK: z.number().int().min(1).default(60),
    filter: memoryFilterSchema.optional(),
  })
  .strict();
/**
 * A search request as callers write it (see {@link memorySearchQuerySchema}).
 * @public
 */
export interface MemorySearchQuery {
  /** What to look for (at most 10,000 characters). */
  query: string;
  /** Default `hybrid`. */
  mode?: MemorySearchMode | undefined;
  /** Hits returned, 1–1000 (default 10). */
  limit?: number | undefined;
  /** Weights of the normalised semantic and keyword scores in `hybrid` mode; default the store's (0.6 / 0.4). */
  weights?: { semantic: number; keyword: number } | undefined;
  /** Multiplies the final score of results of each modality (default 1). */
  modalityWeights?: Partial<Record<MemoryModality, number>> | undefined;
  /** Results with a final score below this are dropped. */
  minScore?: number | undefined;
  /** `k` of reciprocal rank fusion (default 60). */
  rrfK?: number | undefined;
  filter?: MemoryFilter | undefined;
}
/**
 * A validated {@link MemorySearchQuery} with defaults applied.
 * @public
 */
export interface MemorySearchQueryParsed {
  query: string;
  mode: MemorySearchMode;
  limit: number;
  weights?: { semantic: number; keyword: number } | undefined;
  modalityWeights?: Partial<Record<MemoryModality, number>> | undefined;
  minScore?: number | undefined;
  rrfK: number;
  filter?: MemoryFilter | undefined;
}

/**
 * One search hit with the scores it was ranked by.
 * @public
 */
export interface MemorySearchHit {
  /** The memory found. */
  readonly memory: Memory;
  /** Normalised semantic score in [0, 1] (cosine clamped at 0); 0 when not computed. */
  readonly semanticScore: number;
  /** Normalised keyword score in [0, 1] (BM25 divided by the best BM25 of the candidates); 0 without a match. */
  readonly keywordScore: number;
  /** The score results are ordered by. */
  readonly score: number;
  /** The tier the memory was found in. */
  readonly tier: MemoryTier;
}

/**
 * Counts and sizes reported by `stats`.
 * @public
 */
export interface MemoryStats {
  /** Live memories (expired ones excluded), both tiers. */
  readonly total: number;
  /** Memories per kind. */
  readonly byKind: Readonly<Record<string, number>>;
  /** Memories per modality. */
  readonly byModality: Readonly<Record<MemoryModality, number>>;
  /** Memories per tier. */
  readonly byTier: Readonly<Record<MemoryTier, number>>;
  /** Bytes on disk (database, WAL and index files), or in memory for in-process tiers. */
  readonly sizeBytes: number;
  /** The embedding model and dimensions the store is indexed with; undefined before the first vector. */
  readonly embedding: { readonly model: string; readonly dimensions: number } | undefined;
  /** State of the vector index. */
  readonly index: MemoryIndexState;
  /** State of the in-process keyword index; absent for stores without one (PostgreSQL scores in SQL). */
  readonly keywordIndex?: MemoryKeywordIndexState;
  /** Whether the store can write and keep its derived files; absent for stores that do not track it. */
  readonly storage?: MemoryStorageHealth;
}

/**
 * Whether a store can write (see {@link MemoryStats.storage}); the memory plugin's health indicator
 * fails while it is `failing` and warns while it is `degraded`.
 * @public
 */
export interface MemoryStorageHealth {
  /** `ok`; `degraded` when writes work but derived data (the vector index) cannot be saved; `failing` when writes are refused. */
  readonly status: 'ok' | 'degraded' | 'failing';
  /** The error code writes are refused with while `failing` (e.g. `MEMORY_STORAGE_FULL`). */
  readonly code?: string;
  /** What is wrong, in words (no paths). */
  readonly reason?: string;
}

/**
 * State of the vector index.
 * @public
 */
export interface MemoryIndexState {
  /** `hnsw` (approximate, usearch) or `exact`. */
  readonly kind: 'hnsw' | 'exact';
  /** Vectors in the index. */
  readonly size: number;
  /** Memories with a vector in the table (the source of truth). */
  readonly expected: number;
  /** How the index was obtained at open: loaded as saved, loaded and repaired from the change log, or rebuilt. */
  readonly openedBy: 'loaded' | 'repaired' | 'rebuilt' | 'empty';
  /**
   * Vectors committed and not yet in the HNSW graph (SQLite `indexCatchUp`): counted in `size` and
   * searched exactly until the graph takes them over; absent when none wait.
   */
  readonly pending?: number;
}

/**
 * State of the in-process keyword index (postings and document lengths) of the embedded store.
 * @public
 */
export interface MemoryKeywordIndexState {
  /** Documents in the index. */
  readonly size: number;
  /** How it was obtained at open: loaded as saved, loaded and repaired from the change log, or rebuilt from the table. */
  readonly openedBy: 'loaded' | 'repaired' | 'rebuilt' | 'empty';
}

/**
 * One page of `list`.
 * @public
 */
export interface MemoryPage {
  /** The memories of this page, newest first. */
  readonly items: readonly Memory[];
  /** Pass to the next `list` call; absent on the last page. */
  readonly nextCursor?: string;
}
