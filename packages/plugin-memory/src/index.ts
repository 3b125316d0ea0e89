/**
 * Memories for Cortex-OS runtimes: text, image, audio and video memories with kinds, tags and
 * metadata; an embedded SQLite store (WAL, FTS5 BM25, HNSW vector index) with hybrid search;
 * a short-term tier with TTL and LRU eviction.
 *
 * @packageDocumentation
 */
export { memoryErrorCatalogue, type MemoryErrorCode } from './errors/memoryErrorCatalogue.js';
export { MemoryError } from './errors/MemoryError.js';
export {
  memoryModalitySchema,
  memoryTierSchema,
  memoryMetadataSchema,
  memoryIdSchema,
  memoryInputSchema,
  memorySchema,
  memoryPatchSchema,
  memoryRevisionSchema,
  memoryFilterSchema,
  memoryListOptionsSchema,
  memorySearchModeSchema,
  memorySearchQuerySchema,
  type MemoryModality,
  type MemoryTier,
  type MemoryMetadata,
  type MemoryJsonValue,
  type MemoryJsonValueSchema,
  type MemoryInput,
  type MemoryInputParsed,
  type Memory,
  type MemoryPatch,
  type MemoryPatchParsed,
  type MemoryRevision,
  type MemoryFilter,
  type MemoryListOptions,
  type MemoryListOptionsParsed,
  type MemorySearchMode,
  type MemorySearchQuery,
  type MemorySearchQueryParsed,
  type MemorySearchHit,
  type MemoryStats,
  type MemoryIndexState,
  type MemoryKeywordIndexState,
  type MemoryStorageHealth,
  type MemoryPage,
} from './schema/memorySchemas.js';
export type { MemoryStore, MemoryIntegrityReport, MemoryStoreReindexOptions, MemoryStoreWriteOptions } from './store/MemoryStore.js';
export type { MemoryEmbedder } from './store/MemoryEmbedder.js';
export { toMemoryEmbedInput, type MemoryEmbedSubject } from './store/toMemoryEmbedInput.js';
export { createSqliteMemoryStore, type CreateSqliteMemoryStoreOptions } from './sqlite/createSqliteMemoryStore.js';
export type { GroupCommitOptions } from './sqlite/createGroupCommit.js';
export { nodeMemoryStorageIo, type MemoryStorageIo, type MemoryStorageFileStat } from './storage/MemoryStorageIo.js';
export type { HnswOptions, HnswQuantization } from './vector/HnswOptions.js';
export type { IndexCatchUpOptions } from './vector/DeferredVectorIndex.js';
export { createTieredMemoryStore, type CreateTieredMemoryStoreOptions, type TieredMemoryStore } from './tier/createTieredMemoryStore.js';
export {
  validateMemoryContent,
  defaultMemoryContentPolicy,
  type MemoryContentPolicy,
  type MediaModality,
} from './media/validateMemoryContent.js';
export { englishStopWords } from './search/toFtsQuery.js';
export {
  memoryServiceToken,
  type MemoryService,
  type MemoryServiceCallOptions,
  type MemoryServiceStats,
  type MemorySemanticState,
  type MemoryDegradation,
  type MemoryWriteResult,
  type MemoryBatchWriteResult,
  type MemorySearchResult,
} from './service/MemoryService.js';
export {
  createMemoryService,
  createRouterMemoryEmbedder,
  type CreateMemoryServiceOptions,
  type RouterMemoryEmbedder,
  type RouterMemoryEmbedderOptions,
} from './service/createMemoryService.js';
export {
  memoryStoredEvent,
  memoryUpdatedEvent,
  memoryDeletedEvent,
  memoryStoredEventData,
  memoryUpdatedEventData,
  memoryDeletedEventData,
  type MemoryStoredEventData,
  type MemoryUpdatedEventData,
  type MemoryDeletedEventData,
} from './service/memoryEvents.js';
export { createMemoryTools, memoryToolNames } from './tools/createMemoryTools.js';
export { mountMemoryRoutes, type MountMemoryRoutesOptions } from './rest/mountMemoryRoutes.js';
export {
  memoryBase64Schema,
  memoryWireInputSchema,
  memoryWireSchema,
  memoryDegradationSchema,
  memoryWireHitSchema,
  memoryWireSearchResultSchema,
  memoryStoreRequestSchema,
  memoryWireWriteResultSchema,
  memoryWireStatsSchema,
  memoryWirePageSchema,
  memoryWireHistorySchema,
  memoryIdRequestSchema,
  memoryUpdateRequestSchema,
  fromWireInput,
  toWireMemory,
  toWireHit,
  type MemoryWireInput,
  type MemoryWireStats,
  type MemoryWireInputParsed,
  type MemoryStoreRequest,
  type MemoryStoreRequestParsed,
  type MemoryWire,
  type MemoryWireHit,
  type MemoryWireSearchResult,
  type MemoryWireWriteResult,
  type MemoryWirePage,
  type MemoryWireHistory,
  type MemoryIdRequest,
  type MemoryUpdateRequest,
  type MemoryUpdateRequestParsed,
} from './wire/memoryWireSchemas.js';
export {
  createMemoryResources,
  memoryResourceUris,
  type CreateMemoryResourcesOptions,
  type MemoryResourceSummary,
} from './resources/createMemoryResources.js';
export { memoryPlugin, memoryPluginOptions, type MemoryPluginOptions, type MemoryPluginOptionsInput } from './plugin/memoryPlugin.js';
export { createMemoryHealthIndicator } from './plugin/createMemoryHealthIndicator.js';
export type { MemoryStoreCommonOptions } from './store/MemoryStoreCommonOptions.js';
export { defaultMemoryStoreLimits, type MemoryStoreLimits } from './store/MemoryStoreLimits.js';
