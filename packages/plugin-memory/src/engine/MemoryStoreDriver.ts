import type { ModelModality } from '@cortex-os/kernel/router';
import type { Memory, MemoryFilter, MemoryModality, MemoryPatch, MemoryRevision } from '../schema/memorySchemas.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';
import type { CheckEmbedResultOptions } from '../store/checkEmbedResult.js';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import type { MemoryEmbedRow } from '../store/toMemoryEmbedInput.js';

/** An embedding model and the length of its vectors. */
export interface MemoryEmbeddingShape {
  readonly model: string;
  readonly dimensions: number;
}

/** Checked, normalised vectors of one model, one per embedded input. */
export interface MemoryEmbeddedVectors extends MemoryEmbeddingShape {
  readonly vectors: readonly Float32Array[];
}

/** A batch of new memories, built and embedded by the engine, for the driver to commit in one transaction. */
export interface MemoryDriverInsert {
  readonly memories: readonly Memory[];
  /** The vector of each memory that has one, by its position in `memories`. */
  readonly vectors: ReadonlyMap<number, Float32Array>;
  /** The model of `vectors` (undefined when nothing was embedded): the driver fixes it on the store's first vectors. */
  readonly embedded: MemoryEmbeddingShape | undefined;
}

/** A parsed patch of one memory, with what the engine decided about its text and vector. */
export interface MemoryDriverUpdate {
  readonly id: string;
  readonly patch: MemoryPatch;
  /** The text changes: the indexed words and the vector are replaced (the vector dropped when `vector` is undefined). */
  readonly textChanged: boolean;
  readonly vector: Float32Array | undefined;
  readonly embedded: MemoryEmbeddingShape | undefined;
  /** The engine's clock; the driver never moves `updatedAt` backwards. */
  readonly at: number;
}

/** A row a search found: what fusion needs, and the memory, built only for the hits returned. */
export interface MemoryCandidateRow {
  readonly modality: MemoryModality;
  readonly expiresAt: number | null;
  readonly memory: () => Memory;
}

/** The BM25 matches of a keyword query among the best `k`, and how to score other rows by the same statistics. */
export interface MemoryKeywordMatches {
  readonly scores: Map<number, number>;
  /** Every matching row is in `scores` (fewer than `k` matched): other rows score 0. */
  readonly complete: boolean;
  /** BM25 of other rows for the same query (rows without a match are left out). */
  readonly scoreRows: (keys: readonly number[]) => Promise<ReadonlyMap<number, number>>;
}

/**
 * One search's view of the store (a PostgreSQL transaction, or the SQLite connection): the
 * candidates of each signal and the missing signal of a candidate, by the driver's row keys.
 */
export interface MemorySearchSession {
  /** Cosine similarity of the best `k` vectors passing `filter`; empty when the store holds no vectors. */
  semantic(vector: Float32Array, shape: MemoryEmbeddingShape, k: number, filter: MemoryFilter | undefined): Promise<Map<number, number>>;
  /** BM25 of the best `k` keyword matches passing `filter`. */
  keyword(query: string, k: number, filter: MemoryFilter | undefined): Promise<MemoryKeywordMatches>;
  /** Cosine similarity of these rows' vectors (rows without a vector are left out). */
  cosines(vector: Float32Array, keys: readonly number[]): Promise<ReadonlyMap<number, number>>;
  /** The rows of these keys (expired ones included; the engine drops them). */
  rows(keys: readonly number[]): Promise<ReadonlyMap<number, MemoryCandidateRow>>;
}

/** A row to re-embed: what decides its embedding input, its key and the version it was read at. */
export interface MemoryReindexRow extends MemoryEmbedRow {
  readonly key: number;
  readonly version: number;
}

/** Which rows a re-index embeds (those with something to embed for `modalities`) and how many per embedder call. */
export interface MemoryReindexSource {
  readonly modalities: readonly ModelModality[];
  readonly batchSize: number;
}

/** A re-embedded row: its vector and the version of the row it was computed from. */
export interface MemoryReindexed {
  readonly version: number;
  readonly vector: Float32Array;
}

/**
 * What a memory engine needs from its storage: rows, keyword postings, vectors and
 * transactions. The engine owns everything else (validation, embedding, fusion, cursors,
 * revisions, re-indexing, the close guard), so every driver behaves the same.
 */
export interface MemoryStoreDriver {
  /** Largest vectors the driver stores, if it has a limit. */
  readonly maxDimensions?: CheckEmbedResultOptions['maxDimensions'];
  /** The model of the stored vectors as last known (the driver re-checks it when it commits). */
  embedding(): MemoryEmbeddingShape | undefined;
  /** Commits new memories, all or none; a duplicate id fails with `MEMORY_INPUT_INVALID`. */
  insert(batch: MemoryDriverInsert): Promise<void>;
  /**
   * Told that a store began (it is being validated and embedded) and will call `insert` soon;
   * returns what says it no longer will (called just before its `insert`, or when it failed).
   * A driver that commits concurrent stores together waits for them (see `GroupCommitOptions`).
   */
  storing?(): () => void;
  /** The live memory with this id (not expired at `at`). */
  get(id: string, at: number): Promise<Memory | undefined>;
  /** Keeps the current state in the history and applies the patch, in one transaction; `MEMORY_NOT_FOUND` when it is gone. */
  update(change: MemoryDriverUpdate): Promise<Memory>;
  /** Deletes a memory and its history. */
  delete(id: string): Promise<boolean>;
  /** The earlier states of a memory, oldest first. */
  history(id: string): Promise<readonly MemoryRevision[]>;
  /** Up to `limit` live memories passing `filter`, newest first, with ids below `before`. */
  list(filter: MemoryFilter, before: string | undefined, limit: number, at: number): Promise<readonly Memory[]>;
  /** Runs one search against a consistent view of the store. */
  search<T>(at: number, work: (session: MemorySearchSession) => Promise<T>): Promise<T>;
  /** What the stats are made of. */
  stats(at: number): Promise<LongTermStatsCounts>;
  /**
   * Pages of the rows that have something to embed for `modalities`, in key order. Goes through
   * the driver's write guard first: a store that refuses writes refuses the re-index before it embeds.
   */
  reindexRows(source: MemoryReindexSource): AsyncIterable<readonly MemoryReindexRow[]>;
  /**
   * Replaces every vector by the re-embedded ones of `model` and rebuilds the vector index;
   * rows written since they were read are passed to `reembed` first (which adds them to
   * `vectors`). Returns how many rows have a vector now.
   */
  replaceVectors(
    vectors: Map<number, MemoryReindexed>,
    model: MemoryEmbeddingShape,
    reembed: (rows: readonly MemoryReindexRow[]) => Promise<void>,
    source: MemoryReindexSource,
  ): Promise<number>;
  /** Checks the database and that its derived indexes agree with it. */
  checkIntegrity(): Promise<MemoryIntegrityReport>;
  /** Commits what is queued, persists derived state and releases the storage. */
  close(): Promise<void>;
}
