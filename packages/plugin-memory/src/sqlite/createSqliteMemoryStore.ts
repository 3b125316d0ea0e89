import { TracedMemoryDriver } from '../engine/TracedMemoryDriver.js';
import { MemoryEngine } from '../engine/MemoryEngine.js';
import { StorageGuard } from '../storage/StorageGuard.js';
import { type MemoryStorageIo, nodeMemoryStorageIo } from '../storage/MemoryStorageIo.js';
import type { MemoryStore } from '../store/MemoryStore.js';
import type { MemoryStoreCommonOptions } from '../store/MemoryStoreCommonOptions.js';
import { resolveMemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import type { HnswOptions } from '../vector/HnswOptions.js';
import type { IndexCatchUpOptions } from '../vector/DeferredVectorIndex.js';
import { createFtsTokenizer } from './createFtsTokenizer.js';
import type { GroupCommitOptions } from './createGroupCommit.js';
import { migrateSqliteSchema } from './migrateSqliteSchema.js';
import { SqliteMemoryCounts } from './SqliteMemoryCounts.js';
import { openSqliteDatabase } from './openSqliteDatabase.js';
import { SqliteKeywordIndex } from './SqliteKeywordIndex.js';
import { SqliteMemoryDriver } from './SqliteMemoryDriver.js';
import { SqliteVectorIndex } from './SqliteVectorIndex.js';

/**
 * Options of {@link createSqliteMemoryStore}.
 * @public
 */
export interface CreateSqliteMemoryStoreOptions extends MemoryStoreCommonOptions {
  /** Folder holding `memories.sqlite` (WAL mode) and the vector index beside it; created if missing. Omit for a private in-memory database. */
  readonly dataDir?: string;
  /** `hnsw` (approximate, default) or `exact` (brute force; fine below ~10k memories). */
  readonly vectorIndex?: 'hnsw' | 'exact';
  /** Tuning of the HNSW index (connectivity, build and search breadth, the graph's precision: f16 by default). */
  readonly hnsw?: HnswOptions;
  /**
   * Save the vector index after this many vector changes, and the keyword index after this many
   * changed memories, since their last save (default 50,000); both are always saved on close.
   */
  readonly indexSaveEvery?: number;
  /**
   * Filtered searches scan exactly when the filter leaves at most this many memories (default
   * 5,000; estimated from the tag index) and, in a store of more than 512, at most half of it;
   * larger scopes over-fetch from the indexes and filter (ADR 0034).
   */
  readonly exactFilterThreshold?: number;
  /**
   * How concurrent stores share commits (group commit): those queued in the same turn of the
   * event loop go in one transaction (one disk sync), and while other stores are still being
   * validated and embedded the commit waits for them up to `windowMs` (default 2); each caller is
   * answered after its commit. `false` commits every store alone.
   */
  readonly groupCommit?: GroupCommitOptions | false;
  /**
   * How a committed vector reaches the HNSW graph. Default: off the write path — a store is
   * answered once its row commits, its vector waits in a small tail that searches scan exactly,
   * and the graph takes the tail over while no store is in progress; past `maxPending` (default
   * 2,048) waiting vectors a commit adds its own before answering. `false`: every commit adds its
   * vectors to the graph before answering (ADR 0034). No effect on `vectorIndex: 'exact'`.
   */
  readonly indexCatchUp?: IndexCatchUpOptions | false;
  /**
   * `full` (default) syncs the WAL on every commit, so acknowledged writes survive power loss;
   * `normal` survives a killed process but may lose the last commits on power loss.
   */
  readonly synchronous?: 'full' | 'normal';
  /**
   * SQLite's page cache of the store's connection, in MiB (default 32; allocated as pages are
   * read). A filtered search that scans its scope exactly reads each scope row's page: with the
   * pages of recent scopes cached, searching such a scope again reads them from memory (ADR 0034).
   */
  readonly pageCacheMiB?: number;
  /** Where warnings go (an index that could not be saved, a damaged index file rebuilt); default `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
  /** How often the store checks its data folder and retries a failed index save, in ms (default 5,000). */
  readonly checkEveryMs?: number;
  /**
   * Open a data folder another process owns, for reading: no lock is taken, writes fail with
   * `MEMORY_STORE_READ_ONLY`, and the vector and keyword indexes are built in memory at open (a
   * snapshot: `search` sees the memories of that moment, `get` and `list` read the database live).
   */
  readonly readOnly?: boolean;
  /** The file system and database seam, for fault-injection tests (see {@link MemoryStorageIo}); default the real ones. */
  readonly io?: MemoryStorageIo;
}

/**
 * Opens (or creates) the embedded memory store: SQLite in WAL mode with FTS5 keyword search
 * and an HNSW vector index saved beside the database and repaired from it on open.
 *
 * @remarks
 * One process owns a data folder at a time: a second opener fails with `MEMORY_DATA_DIR_LOCKED` unless it asks for `readOnly`.
 * @throws {@link MemoryError} `MEMORY_STORE_CORRUPT` when the database has an unknown schema version.
 * @example
 * ```ts
 * const store = await createSqliteMemoryStore({ dataDir: '.data/memory', embed });
 * await store.store({ text: 'The deploy key rotates every 90 days', tags: ['ops'] });
 * const hits = await store.search({ query: 'when does the key rotate?' });
 * ```
 * @public
 */
export async function createSqliteMemoryStore(options: CreateSqliteMemoryStoreOptions = {}): Promise<MemoryStore> {
  const { stopWords, ...defaults } = resolveMemoryStoreDefaults(options);
  const io = options.io ?? nodeMemoryStorageIo;
  const readOnly = options.readOnly === true;
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'CortexMemoryWarning'));
  const { db, lock } = openSqliteDatabase(options, io);
  const guard = new StorageGuard({
    io,
    readOnly,
    ...(options.dataDir === undefined ? {} : { files: { dataDir: options.dataDir, database: db.name } }),
  });
  let instance: string;
  try {
    instance = migrateSqliteSchema(db, stopWords, readOnly);
  } catch (error) {
    db.close();
    lock?.release();
    throw error;
  }
  const indexKind = options.vectorIndex ?? 'hnsw';
  const counts = new SqliteMemoryCounts(db);
  const vectors = new SqliteVectorIndex(
    {
      db,
      counts,
      kind: indexKind,
      hnsw: options.hnsw,
      dataDir: options.dataDir,
      readOnly,
      io,
      guard,
      warn,
      saveEvery: options.indexSaveEvery ?? 50_000,
      catchUp: options.indexCatchUp ?? {},
    },
    instance,
  );
  vectors.open();
  const stopChecks = io.every(options.checkEveryMs ?? 5_000, () => {
    guard.tick(() =>
      db
        .prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run('probed_at', String(defaults.now())),
    );
    vectors.persistence?.retry();
    keywordFile.persistence?.retry();
  });
  // The keyword index is derived from `fts_text` like the vector index from `embedding`: loaded
  // from its saved file or rebuilt on open, updated after each committed write (ADRs 0009, 0024).
  const tokenizer = createFtsTokenizer();
  const keywordFile = new SqliteKeywordIndex({
    db,
    tokenizer,
    dataDir: options.dataDir,
    readOnly,
    io,
    guard,
    warn,
    saveEvery: options.indexSaveEvery ?? 50_000,
    instance,
  });
  keywordFile.open();
  const driver = new SqliteMemoryDriver({
    db,
    lock,
    guard,
    io,
    vectors,
    counts,
    keywords: keywordFile.index,
    keywordFile,
    tokenizer,
    stopWords,
    exactFilterThreshold: options.exactFilterThreshold ?? 5_000,
    groupCommit: options.groupCommit ?? {},
    indexKind,
    stopChecks,
  });
  return new MemoryEngine({
    ...defaults,
    driver: new TracedMemoryDriver(driver, 'sqlite'),
    embed: options.embed,
    embedModalities: options.embedModalities,
  });
}
