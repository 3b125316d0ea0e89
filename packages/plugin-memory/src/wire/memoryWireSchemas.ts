import { z } from 'zod';
import type { MemoryDegradation } from '../service/MemoryService.js';
import {
  memoryFilterSchema,
  memoryIdSchema,
  memoryInputObject,
  memoryListOptionsSchema,
  memoryModalityEnum,
  memoryPatchSchema,
  memoryRevisionSchema,
  memoryObject,
  memorySearchModeSchema,
  memorySearchQuerySchema,
  memoryTierEnum,
  memoryTierSchema,
  type Memory,
  type MemoryInput,
  type MemoryInputParsed,
  type MemoryPatch,
  type MemoryPatchParsed,
  type MemoryRevision,
  type MemorySearchHit,
  type MemoryModality,
  type MemorySearchMode,
  type MemoryTier,
} from '../schema/memorySchemas.js';

// Keep in sync with memorySchemas.ts: the wire forms differ only where bytes travel (base64).

/**
 * Standard base64 (RFC 4648 §4, padded or not), as `content` travels in JSON.
 * @public
 */
export const memoryBase64Schema = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/, 'must be base64 (RFC 4648)');

const { content: _content, ...inputShape } = memoryInputObject().shape;

/**
 * A memory to store, as JSON: like `memoryInputSchema` with `content` as base64. The text may
 * exceed the store's 1,000,000-character limit here so that an oversize text is reported as
 * `MEMORY_CONTENT_TOO_LARGE` (HTTP 413) rather than a schema error.
 * @public
 */
export const memoryWireInputSchema: z.ZodType<MemoryWireInputParsed, MemoryWireInput> = z.object({
  ...inputShape,
  text: z.string(),
  content: memoryBase64Schema.optional(),
});
/**
 * A memory to store, as JSON (see {@link memoryWireInputSchema}).
 * @public
 */
export interface MemoryWireInput extends Omit<MemoryInput, 'content'> {
  /** The bytes, base64. */
  content?: string | undefined;
}
/**
 * A {@link MemoryWireInput} that passed {@link memoryWireInputSchema}, with defaults applied.
 * @public
 */
export interface MemoryWireInputParsed extends Omit<MemoryInputParsed, 'content'> {
  content?: string | undefined;
}

const { content: _memoryContent, ...memoryShape } = memoryObject.shape;

/**
 * A stored memory as JSON: `contentBytes` gives the size of the bytes; `content` (base64) is
 * present only where the bytes were asked for (`memory.get`, `GET /memories/:id`).
 * @public
 */
export const memoryWireSchema: z.ZodType<MemoryWire> = z.object({
  ...memoryShape,
  content: memoryBase64Schema.optional(),
  contentBytes: z.number().int().nonnegative().optional(),
});
/**
 * A stored memory as JSON (see {@link memoryWireSchema}).
 * @public
 */
export interface MemoryWire extends Omit<Memory, 'content'> {
  /** The bytes, base64, where they were asked for. */
  content?: string | undefined;
  /** The size of the bytes. */
  contentBytes?: number | undefined;
}

/**
 * Why an answer is keyword-only: the embedding model was unavailable or there is no router.
 * @public
 */
export const memoryDegradationSchema: z.ZodType<MemoryDegradation> = z.object({ reason: z.string(), mode: z.literal('keyword') });

/**
 * One search hit as JSON, with the parts of its score (see {@link memoryWireHitSchema}).
 * @public
 */
export interface MemoryWireHit {
  readonly memory: MemoryWire;
  readonly score: number;
  readonly semanticScore: number;
  readonly keywordScore: number;
  readonly tier: MemoryTier;
}

/**
 * One search hit as JSON, with the parts of its score.
 * @public
 */
export const memoryWireHitSchema: z.ZodType<MemoryWireHit> = z.object({
  memory: memoryWireSchema,
  score: z.number(),
  semanticScore: z.number(),
  keywordScore: z.number(),
  tier: memoryTierSchema,
});

/**
 * The answer of a search as JSON (see {@link memoryWireSearchResultSchema}).
 * @public
 */
export interface MemoryWireSearchResult {
  readonly hits: readonly MemoryWireHit[];
  readonly mode: MemorySearchMode;
  readonly embeddingModel?: string | undefined;
  readonly degraded?: MemoryDegradation | undefined;
}

/**
 * The answer of a search as JSON.
 * @public
 */
export const memoryWireSearchResultSchema: z.ZodType<MemoryWireSearchResult> = z.object({
  hits: z.array(memoryWireHitSchema),
  mode: memorySearchModeSchema,
  embeddingModel: z.string().optional(),
  degraded: memoryDegradationSchema.optional(),
});

/**
 * Store one memory (`memory`) or several in one transaction (`memories`, at most 100): exactly one of them.
 * @public
 */
export interface MemoryStoreRequest {
  readonly memory?: MemoryWireInput | undefined;
  readonly memories?: readonly MemoryWireInput[] | undefined;
}
/**
 * A {@link MemoryStoreRequest} that passed {@link memoryStoreRequestSchema}.
 * @public
 */
export interface MemoryStoreRequestParsed {
  readonly memory?: MemoryWireInputParsed | undefined;
  readonly memories?: readonly MemoryWireInputParsed[] | undefined;
}

/**
 * Store one memory (`memory`) or several in one transaction (`memories`, at most 100).
 * @public
 */
export const memoryStoreRequestSchema: z.ZodType<MemoryStoreRequestParsed, MemoryStoreRequest> = z
  .object({ memory: memoryWireInputSchema.optional(), memories: z.array(memoryWireInputSchema).min(1).max(100).optional() })
  .strict()
  .refine((v) => (v.memory === undefined) !== (v.memories === undefined), {
    message: 'give exactly one of `memory` or `memories`',
    path: ['memory'],
  });

/**
 * The answer of a store or update as JSON (see {@link memoryWireWriteResultSchema}).
 * @public
 */
export interface MemoryWireWriteResult {
  readonly memories: readonly MemoryWire[];
  readonly degraded?: MemoryDegradation | undefined;
}

/**
 * The answer of a store or update as JSON.
 * @public
 */
export const memoryWireWriteResultSchema: z.ZodType<MemoryWireWriteResult> = z.object({
  memories: z.array(memoryWireSchema),
  degraded: memoryDegradationSchema.optional(),
});

/**
 * Counts and state reported by `stats`, as JSON (see {@link memoryWireStatsSchema}).
 * @public
 */
export interface MemoryWireStats {
  total: number;
  byKind: Record<string, number>;
  byModality: Record<MemoryModality, number>;
  byTier: Record<MemoryTier, number>;
  sizeBytes: number;
  embedding?: { model: string; dimensions: number } | undefined;
  index: {
    kind: 'hnsw' | 'exact';
    size: number;
    expected: number;
    openedBy: 'loaded' | 'repaired' | 'rebuilt' | 'empty';
    /** Vectors committed and not yet in the HNSW graph (searched exactly meanwhile); absent when none wait. */
    pending?: number | undefined;
  };
  keywordIndex?: { size: number; openedBy: 'loaded' | 'repaired' | 'rebuilt' | 'empty' } | undefined;
  storage?: { status: 'ok' | 'degraded' | 'failing'; code?: string | undefined; reason?: string | undefined } | undefined;
  /** Whether semantic search is available now, with which model, or why not. */
  semantic: { available: boolean; model?: string | undefined; reason?: string | undefined };
}

/**
 * Counts and state reported by `stats`, as JSON.
 * @public
 */
export const memoryWireStatsSchema: z.ZodType<MemoryWireStats> = z.object({
  total: z.number().int().nonnegative(),
  byKind: z.record(z.string(), z.number().int().nonnegative()),
  byModality: z.record(memoryModalityEnum, z.number().int().nonnegative()),
  byTier: z.record(memoryTierEnum, z.number().int().nonnegative()),
  sizeBytes: z.number().nonnegative(),
  embedding: z.object({ model: z.string(), dimensions: z.number().int().positive() }).optional(),
  index: z.object({
    kind: z.enum(['hnsw', 'exact']),
    size: z.number().int().nonnegative(),
    expected: z.number().int().nonnegative(),
    openedBy: z.enum(['loaded', 'repaired', 'rebuilt', 'empty']),
    pending: z.number().int().positive().optional(),
  }),
  keywordIndex: z.object({ size: z.number().int().nonnegative(), openedBy: z.enum(['loaded', 'repaired', 'rebuilt', 'empty']) }).optional(),
  storage: z
    .object({ status: z.enum(['ok', 'degraded', 'failing']), code: z.string().optional(), reason: z.string().optional() })
    .optional(),
  semantic: z.object({ available: z.boolean(), model: z.string().optional(), reason: z.string().optional() }),
});

/**
 * A page of `list` as JSON (see {@link memoryWirePageSchema}).
 * @public
 */
export interface MemoryWirePage {
  readonly items: readonly MemoryWire[];
  readonly nextCursor?: string | undefined;
}

/**
 * A page of `list` as JSON.
 * @public
 */
export const memoryWirePageSchema: z.ZodType<MemoryWirePage> = z.object({
  items: z.array(memoryWireSchema),
  nextCursor: z.string().optional(),
});

/**
 * Earlier states of a memory as JSON (see {@link memoryWireHistorySchema}).
 * @public
 */
export interface MemoryWireHistory {
  readonly revisions: readonly MemoryRevision[];
}

/**
 * Earlier states of a memory as JSON.
 * @public
 */
export const memoryWireHistorySchema: z.ZodType<MemoryWireHistory> = z.object({ revisions: z.array(memoryRevisionSchema) });

/**
 * A memory id in a request (see {@link memoryIdRequestSchema}).
 * @public
 */
export interface MemoryIdRequest {
  readonly id: string;
}

/**
 * A memory id in a request.
 * @public
 */
export const memoryIdRequestSchema: z.ZodType<MemoryIdRequest> = z.object({ id: memoryIdSchema }).strict();

/**
 * An update request: the id and the fields to change (see {@link memoryUpdateRequestSchema}).
 * @public
 */
export interface MemoryUpdateRequest {
  readonly id: string;
  readonly patch: MemoryPatch;
}
/**
 * An update request that passed {@link memoryUpdateRequestSchema}.
 * @public
 */
export interface MemoryUpdateRequestParsed {
  readonly id: string;
  readonly patch: MemoryPatchParsed;
}

/**
 * An update request: the id and the fields to change.
 * @public
 */
export const memoryUpdateRequestSchema: z.ZodType<MemoryUpdateRequestParsed, MemoryUpdateRequest> = z
  .object({ id: memoryIdSchema, patch: memoryPatchSchema })
  .strict();

export { memoryFilterSchema, memoryListOptionsSchema, memorySearchQuerySchema };

/**
 * Decodes a wire input into a store input (base64 → bytes).
 * @public
 */
export function fromWireInput(input: MemoryWireInputParsed): MemoryInput {
  const { content, ...rest } = input;
  return content === undefined ? rest : { ...rest, content: new Uint8Array(Buffer.from(content, 'base64')) };
}

/**
 * Encodes a memory for JSON: bytes become `contentBytes`, and base64 `content` when `withContent`.
 * @public
 */
export function toWireMemory(memory: Memory, withContent = false): MemoryWire {
  const { content, ...rest } = memory;
  if (content === undefined) return rest;
  return {
    ...rest,
    contentBytes: content.byteLength,
    ...(withContent ? { content: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('base64') } : {}),
  };
}

/**
 * Encodes a search hit for JSON (without the content bytes).
 * @public
 */
export function toWireHit(hit: MemorySearchHit): MemoryWireHit {
  return {
    memory: toWireMemory(hit.memory),
    score: hit.score,
    semanticScore: hit.semanticScore,
    keywordScore: hit.keywordScore,
    tier: hit.tier,
  };
}
