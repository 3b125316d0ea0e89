import type {
  Memory,
  MemoryInput,
  MemoryListOptions,
  MemoryPage,
  MemoryPatch,
  MemoryRevision,
  MemorySearchHit,
  MemorySearchQuery,
  MemoryStats,
} from '../schema/memorySchemas.js';
import type { MemoryEmbedder } from './MemoryEmbedder.js';

/**
 * Result of {@link MemoryStore.checkIntegrity}: whether the database is sound and the vector
 * index agrees with the table it is derived from.
 * @public
 */
export interface MemoryIntegrityReport {
  /** True when the database is sound and the index matches the table. */
  readonly ok: boolean;
  /** `ok`, or the database engine's own complaint. */
  readonly database: string;
  /** Memories that have a vector in the table. */
  readonly tableVectors: number;
  /** Vectors in the vector index. */
  readonly indexVectors: number;
  /** Ids in the table whose vector is missing from the index. */
  readonly missingFromIndex: readonly string[];
  /** Index entries with no memory in the table. */
  readonly extraInIndex: number;
  /**
   * Saved index files that fail their checksums (stores that save their indexes to files: the
   * vector index `memories.usearch`, the keyword index `memories.postings`): the file's name and
   * what is wrong. A damaged file is replaced at the next save.
   */
  readonly indexFiles?: readonly { readonly file: string; readonly problem: string }[];
}

/**
 * Options of the writing methods of {@link MemoryStore}.
 * @public
 */
export interface MemoryStoreWriteOptions {
  /** Cancels the write (before anything is committed). */
  readonly signal?: AbortSignal;
  /**
   * Store without a vector (keyword-only), e.g. while the embedding model is unavailable;
   * `reindex()` embeds such memories later. Optional for implementations: a store that does not
   * support it embeds as usual.
   */
  readonly skipEmbedding?: boolean;
}

/**
 * Options of {@link MemoryStore.reindex}.
 * @public
 */
export interface MemoryStoreReindexOptions {
  /** The embedder to re-embed with; it becomes the store's embedder. Defaults to the current one. */
  readonly embed?: MemoryEmbedder;
  /** Memories per embedder call (default 256); image and audio bytes are read one batch at a time. */
  readonly batchSize?: number;
  /** Cancels the re-index before the new vectors are committed. */
  readonly signal?: AbortSignal;
}

/**
 * The memory store contract. The embedded SQLite store implements it; a PostgreSQL + pgvector
 * store implements the same contract and passes the same behaviour suite
 * (`describeMemoryStoreBehaviour` from `@cortex-os/plugin-memory/testing/vitest`).
 *
 * @remarks
 * Every method is async so that implementations over a network fit. Inputs are validated at
 * this boundary and rejected with `MEMORY_INPUT_INVALID` listing every issue.
 * @public
 */
export interface MemoryStore extends AsyncDisposable {
  /**
   * Stores one memory and returns it with its id and times.
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, content errors (`MEMORY_CONTENT_*`), embedding errors.
   */
  store(input: MemoryInput, options?: MemoryStoreWriteOptions): Promise<Memory>;
  /**
   * Stores several memories in one transaction: all or none.
   * @throws {@link MemoryError} as {@link MemoryStore.store}; nothing is stored when any input fails.
   */
  storeMany(inputs: readonly MemoryInput[], options?: MemoryStoreWriteOptions): Promise<readonly Memory[]>;
  /** Returns the memory, or `undefined` when it does not exist or has expired. */
  get(id: string): Promise<Memory | undefined>;
  /**
   * Searches by meaning, keywords or both; see {@link MemorySearchQuery}.
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, `MEMORY_EMBEDDER_MISSING`, `MEMORY_EMBEDDING_MODEL_MISMATCH`.
   */
  search(query: MemorySearchQuery, options?: { readonly signal?: AbortSignal }): Promise<readonly MemorySearchHit[]>;
  /**
   * Changes a memory, keeping its previous state in the history; text changes re-embed it (by the
   * same rule as `store`: an image or audio memory whose modality the model embeds from its bytes).
   * @throws {@link MemoryError} `MEMORY_NOT_FOUND`, `MEMORY_INPUT_INVALID`.
   */
  update(id: string, patch: MemoryPatch, options?: MemoryStoreWriteOptions): Promise<Memory>;
  /** Earlier states of a memory, oldest first (empty when never updated or unknown). */
  history(id: string): Promise<readonly MemoryRevision[]>;
  /** Deletes a memory and its history; `false` when there was none. */
  delete(id: string): Promise<boolean>;
  /**
   * Lists memories newest first, filtered, one page at a time.
   * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, `MEMORY_CURSOR_INVALID`.
   */
  list(options?: MemoryListOptions): Promise<MemoryPage>;
  /** Counts by kind, modality and tier, size and index state. */
  stats(): Promise<MemoryStats>;
  /**
   * Re-embeds every memory (e.g. with a new embedding model; image and audio from their bytes when
   * it embeds that modality) and rebuilds the vector index.
   * @throws {@link MemoryError} `MEMORY_EMBEDDER_MISSING`, `MEMORY_EMBEDDING_INVALID`.
   */
  reindex(options?: MemoryStoreReindexOptions): Promise<{ readonly count: number; readonly model: string; readonly dimensions: number }>;
  /** Checks the database and that the vector index agrees with the table. */
  checkIntegrity(): Promise<MemoryIntegrityReport>;
  /** Persists derived state (the vector index) and releases resources. Idempotent. */
  close(): Promise<void>;
}
