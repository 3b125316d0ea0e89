import { createToken, type Token } from '@cortex-os/kernel';
import type {
  Memory,
  MemoryInput,
  MemoryListOptions,
  MemoryPage,
  MemoryPatch,
  MemoryRevision,
  MemorySearchHit,
  MemorySearchMode,
  MemorySearchQuery,
  MemoryStats,
} from '../schema/memorySchemas.js';
import type { MemoryStore } from '../store/MemoryStore.js';

/**
 * Why an answer is keyword-only: the pinned embedding model was unavailable, or the runtime
 * has no policy router. Never a silent mix of models.
 * @public
 */
export interface MemoryDegradation {
  /** Plain words: which model was unavailable and why, or that there is no router. */
  readonly reason: string;
  /** The mode the answer was produced in. */
  readonly mode: 'keyword';
}

/**
 * Options of the service's methods.
 * @public
 */
export interface MemoryServiceCallOptions {
  /** Cancels the call. */
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/**
 * What a store or update returns.
 * @public
 */
export interface MemoryWriteResult {
  /** The memory as stored. */
  readonly memory: Memory;
  /** Present when the memory was written without a vector (keyword-only until `reindex`). */
  readonly degraded?: MemoryDegradation;
}

/**
 * What a batch store returns.
 * @public
 */
export interface MemoryBatchWriteResult {
  /** The memories as stored, in input order. */
  readonly memories: readonly Memory[];
  /** Present when the memories were written without vectors (keyword-only until `reindex`). */
  readonly degraded?: MemoryDegradation;
}

/**
 * What a search returns: the hits with their score parts, the mode actually used, and why it is
 * keyword-only when it had to be.
 * @public
 */
export interface MemorySearchResult {
  /** Best first, at most `limit`. */
  readonly hits: readonly MemorySearchHit[];
  /** The mode the hits were ranked in (`keyword` when degraded). */
  readonly mode: MemorySearchMode;
  /** The embedding model the query was embedded with, when it was. */
  readonly embeddingModel?: string;
  /** Present when the answer is keyword-only, with why. */
  readonly degraded?: MemoryDegradation;
}

/**
 * Whether semantic search works now, with which model, or why not.
 * @public
 */
export interface MemorySemanticState {
  /** False without a router, or when the last embedding call found the model unavailable. */
  readonly available: boolean;
  /** The pinned embedding model, once known. */
  readonly model?: string;
  /** Why semantic search is unavailable. */
  readonly reason?: string;
}

/**
 * Store statistics plus the state of semantic search.
 * @public
 */
export interface MemoryServiceStats extends MemoryStats {
  /** Whether semantic search works now. */
  readonly semantic: MemorySemanticState;
}

/**
 * The memory plugin's service: what tools, REST routes and in-process callers use. Embeddings go
 * through the kernel's policy router, pinned to one model; when that model is unavailable, or
 * there is no router, searches answer keyword-only and say so in `degraded`.
 * @public
 */
export interface MemoryService {
  /**
   * Stores one memory; publishes `memory.stored`.
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, `MEMORY_CONTENT_*`, `MEMORY_EMBEDDING_MODEL_MISMATCH`.
   */
  store(input: MemoryInput, options?: MemoryServiceCallOptions): Promise<MemoryWriteResult>;
  /**
   * Stores several memories in one transaction (all or none); publishes `memory.stored` for each.
   * @throws {@link MemoryError} as {@link MemoryService.store}.
   */
  storeMany(inputs: readonly MemoryInput[], options?: MemoryServiceCallOptions): Promise<MemoryBatchWriteResult>;
  /** The memory, or `undefined` when there is none (or it expired). */
  get(id: string): Promise<Memory | undefined>;
  /**
   * Searches (hybrid by default, with the plugin's default weights).
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`.
   */
  search(query: MemorySearchQuery, options?: MemoryServiceCallOptions): Promise<MemorySearchResult>;
  /**
   * Changes a memory (its previous state goes to the history); publishes `memory.updated`.
   * @throws {@link MemoryError} `MEMORY_NOT_FOUND`, `MEMORY_INPUT_INVALID`, `MEMORY_CONTENT_TOO_LARGE`.
   */
  update(id: string, patch: MemoryPatch, options?: MemoryServiceCallOptions): Promise<MemoryWriteResult>;
  /** Deletes a memory and its history; `false` when there was none. Publishes `memory.deleted`. */
  delete(id: string): Promise<boolean>;
  /**
   * Lists memories newest first, filtered, one page at a time.
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, `MEMORY_CURSOR_INVALID`.
   */
  list(options?: MemoryListOptions): Promise<MemoryPage>;
  /** Counts, sizes, index state and whether semantic search is available. */
  stats(): Promise<MemoryServiceStats>;
  /** Earlier states of a memory, oldest first. */
  history(id: string): Promise<readonly MemoryRevision[]>;
  /** The store behind the service (both tiers), for `reindex` and `checkIntegrity`. */
  readonly backend: MemoryStore;
}

/**
 * The token of the runtime's {@link MemoryService} (id `memory.service`).
 * @public
 */
export const memoryServiceToken: Token<MemoryService> = createToken<MemoryService>('memory.service', {
  owner: { package: '@cortex-os/plugin-memory', version: '1' },
});
