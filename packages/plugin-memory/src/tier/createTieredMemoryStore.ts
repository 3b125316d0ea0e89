import type { Memory } from '../schema/memorySchemas.js';
import type { MemoryStore } from '../store/MemoryStore.js';
import type { MemoryStoreCommonOptions } from '../store/MemoryStoreCommonOptions.js';
import { TieredStore } from './TieredStore.js';

/**
 * Options of {@link createTieredMemoryStore}.
 * @public
 */
export interface CreateTieredMemoryStoreOptions extends MemoryStoreCommonOptions {
  /** The long-term store memories are promoted into (e.g. {@link createSqliteMemoryStore}). */
  readonly longTerm: MemoryStore;
  /** Most short-term memories kept; the least recently used is evicted beyond it (default 1,000). */
  readonly capacity?: number;
  /** Lifetime of a short-term memory since its last access, in ms (default 1 hour). */
  readonly ttlMs?: number;
  /** Promote a short-term memory to the long-term store when it has been read this many times (get or search hit); default 3, 0 disables. */
  readonly promoteAfterAccesses?: number;
}

/**
 * A memory store with a bounded in-process short-term tier in front of a long-term store.
 * `store({ tier: 'stm' })` goes to the short-term tier; search and list cover both tiers and
 * every hit says its tier.
 * @public
 */
export interface TieredMemoryStore extends MemoryStore {
  /**
   * Moves a short-term memory into the long-term store, keeping its id; returns it as stored there.
   * @throws {@link MemoryError} `MEMORY_NOT_FOUND` when no short-term memory has the id.
   */
  promote(id: string): Promise<Memory>;
  /** Short-term memories currently held (after expiring stale ones). */
  shortTermSize(): number;
}

/**
 * Puts a bounded short-term tier (TTL since last access, LRU eviction, promotion by access
 * count or explicitly) in front of a long-term {@link MemoryStore}.
 *
 * @remarks
 * Short-term memories live only in this process and are lost on restart unless promoted.
 * Keyword scores of short-term hits are BM25 over the short-term memories (same tokens as FTS5),
 * normalised within that tier; semantic scores are cosine as in the long-term store.
 * @public
 */
export function createTieredMemoryStore(options: CreateTieredMemoryStoreOptions): TieredMemoryStore {
  return new TieredStore(options);
}
