import { randomUUID } from 'node:crypto';
import type { EmbedInput, EmbedResult } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import {
  memoryFilterSchema,
  memoryListOptionsSchema,
  memoryPatchSchema,
  memorySearchQuerySchema,
  type Memory,
  type MemoryFilter,
  type MemoryIndexState,
  type MemoryInput,
  type MemoryInputParsed,
  type MemoryModality,
  type MemoryRevision,
  type MemorySearchHit,
  type MemorySearchQueryParsed,
  type MemoryStorageHealth,
} from '../schema/memorySchemas.js';
import { toFtsTerms, toIndexTokens } from '../search/toFtsQuery.js';
import { readFtsAverages, type FtsAverages } from './ftsBm25.js';
import { createFtsTokenizer } from './createFtsTokenizer.js';
import { createGroupCommit, type GroupCommitOutcome } from './createGroupCommit.js';
import { expansionSearchFor } from '../vector/expansionSearchFor.js';
import { loadKeywordIndex } from './loadKeywordIndex.js';
import { bm25Idf } from '../search/bm25TermScore.js';
import { bm25OfRow, maxScoreTopK, type KeywordQueryTerm } from '../search/maxScoreTopK.js';
import type { PostingList } from '../search/PostingList.js';
import type { SearchCandidate } from '../search/fuseScores.js';
import type { MemoryStore, MemoryStoreReindexOptions } from '../store/MemoryStore.js';
import { assertMemoryStoreOpen } from '../store/assertMemoryStoreOpen.js';
import { assertReindexModel } from '../store/assertReindexModel.js';
import { buildMemory } from '../store/buildMemory.js';
import { checkEmbedResult } from '../store/checkEmbedResult.js';
import { collectMemoryEmbedInputs } from '../store/collectMemoryEmbedInputs.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import { resolveEmbedModalities } from '../store/resolveEmbedModalities.js';
import { rowToMemoryEmbedInput } from '../store/toMemoryEmbedInput.js';
import { createSearchCandidate } from '../store/createSearchCandidate.js';
import { embedSearchQuery } from '../store/embedSearchQuery.js';
import { createMemoryNotFoundError } from '../store/createMemoryNotFoundError.js';
import { resolvePatchText } from '../store/resolvePatchText.js';
import { batchWriteMethods } from '../store/batchWriteMethods.js';
import { buildLongTermStats } from '../store/buildLongTermStats.js';
import { memoryFromRow, type MemoryRowColumns } from '../store/memoryFromRow.js';
import { decodeMemoryCursor } from '../store/decodeMemoryCursor.js';
import { encodeMemoryCursor } from '../store/encodeMemoryCursor.js';
import { fuseMemoryHits } from '../store/fuseMemoryHits.js';
import { hasMemoryFilter } from '../store/hasMemoryFilter.js';
import { parseLongTermInputs } from '../store/parseLongTermInputs.js';
import { resolveMemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import { resolveReindexEmbedder } from '../store/resolveReindexEmbedder.js';
import { toMemoryRevision } from '../store/toMemoryRevision.js';
import { vectorsByInput } from '../store/vectorsByInput.js';
import { parseInput } from '../util/parseInput.js';
import { createExactVectorIndex, topK } from '../vector/createExactVectorIndex.js';
import { createHnswVectorIndex, type HnswOptions } from '../vector/createHnswVectorIndex.js';
import { dot, type VectorIndex } from '../vector/VectorIndex.js';
import type { MemoryStoreCommonOptions } from '../store/MemoryStoreCommonOptions.js';
import { type MemoryStorageIo, nodeMemoryStorageIo } from '../storage/MemoryStorageIo.js';
import { SIDECAR_WITHOUT_CHECKSUMS, VectorIndexPersistence } from '../storage/VectorIndexPersistence.js';
import { StorageGuard } from '../storage/StorageGuard.js';
import { openSqliteDatabase } from './openSqliteDatabase.js';
import { migrateSqliteSchema } from './migrateSqliteSchema.js';
import { checkSqliteIntegrity } from './checkSqliteIntegrity.js';
import { checkMemoryFilterLimits } from '../store/checkMemoryInputLimits.js';
import { fitResponseBytes } from '../store/fitResponseBytes.js';

/**
 * Options of {@link createSqliteMemoryStore}.
 * @public
 */
export interface CreateSqliteMemoryStoreOptions extends MemoryStoreCommonOptions {
  /** Folder holding `memories.sqlite` (WAL mode) and the vector index beside it; created if missing. Omit for a private in-memory database. */
  readonly dataDir?: string;
  /** `hnsw` (approximate, default) or `exact` (brute force; fine below ~10k memories). */
  readonly vectorIndex?: 'hnsw' | 'exact';
  /** Tuning of the HNSW index (connectivity, build and search breadth). */
  readonly hnsw?: HnswOptions;
  /** Save the vector index after this many vector changes since the last save (default 50,000); it is always saved on close. */
  readonly indexSaveEvery?: number;
  /** Filtered semantic searches scan exactly when the filter leaves at most this many memories (default 5,000). */
  readonly exactFilterThreshold?: number;
  /**
   * `full` (default) syncs the WAL on every commit, so acknowledged writes survive power loss;
   * `normal` survives a killed process but may lose the last commits on power loss.
   */
  readonly synchronous?: 'full' | 'normal';
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

interface MemoryRow extends MemoryRowColumns {
  row: number;
  tags: string;
  metadata: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

const memoryColumns =
  'row, id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding_model, embedding_dimensions, version';

function rowToMemory(row: MemoryRow): Memory {
  return memoryFromRow({ ...row, tags: JSON.parse(row.tags) as string[], metadata: JSON.parse(row.metadata) as Memory['metadata'] });
}

function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function blobToVector(blob: Buffer): Float32Array {
  // Copy: the blob's memory may be reused by the driver and may be unaligned for Float32Array.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
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
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #13 (memory) splits one store engine from its drivers
export async function createSqliteMemoryStore(options: CreateSqliteMemoryStoreOptions = {}): Promise<MemoryStore> {
  const { now, nextId, stopWords, contentPolicy, limits } = resolveMemoryStoreDefaults(options);
  const indexKind = options.vectorIndex ?? 'hnsw';
  const saveEvery = options.indexSaveEvery ?? 50_000;
  const exactFilterThreshold = options.exactFilterThreshold ?? 5_000;
  let embed = options.embed;

  const io = options.io ?? nodeMemoryStorageIo;
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'CortexMemoryWarning'));
  const { db, lock } = openSqliteDatabase(options, io);
  const dbPath = db.name;
  const guard = new StorageGuard({
    io,
    readOnly: options.readOnly === true,
    ...(options.dataDir === undefined ? {} : { files: { dataDir: options.dataDir, database: dbPath } }),
  });

  let instance: string;
  try {
    instance = migrateSqliteSchema(db, stopWords, options.readOnly === true);
  } catch (error) {
    db.close();
    lock?.release();
    throw error;
  }
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const setMeta = db.prepare<[string, string]>(
    'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const meta = (key: string): string | undefined => getMeta.get(key)?.value;

  const insertMemory = db.prepare(
    `INSERT INTO memories (id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding, embedding_model, embedding_dimensions, version, fts_text)
     VALUES (@id, @kind, @text, @modality, @content, @mediaType, @tags, @metadata, @tier, @createdAt, @updatedAt, @expiresAt, @embedding, @embeddingModel, @embeddingDimensions, 1, @ftsText)`,
  );
  const logVector = db.prepare<[number]>('INSERT INTO vector_log(row) VALUES (?)');
  const selectById = db.prepare<[string, number], MemoryRow>(
    `SELECT ${memoryColumns} FROM memories WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const selectRowById = db.prepare<[string], MemoryRow>(`SELECT ${memoryColumns} FROM memories WHERE id = ?`);
  const selectEmbedding = db.prepare<[number], { embedding: Buffer | null }>('SELECT embedding FROM memories WHERE row = ?');
  const deleteById = db.prepare<[string], { row: number; embedding: Buffer | null }>(
    'DELETE FROM memories WHERE id = ? RETURNING row, embedding',
  );
  const deleteHistory = db.prepare<[string]>('DELETE FROM memory_history WHERE id = ?');
  const selectHistory = db.prepare<
    [string],
    {
      id: string;
      version: number;
      kind: string;
      text: string;
      tags: string;
      metadata: string;
      expires_at: number | null;
      replaced_at: number;
    }
  >('SELECT * FROM memory_history WHERE id = ? ORDER BY version');
  const insertHistory = db.prepare(
    'INSERT INTO memory_history (id, version, kind, text, tags, metadata, expires_at, replaced_at) VALUES (@id, @version, @kind, @text, @tags, @metadata, @expiresAt, @replacedAt)',
  );
  const updateMemory = db.prepare(
    `UPDATE memories SET kind = @kind, text = @text, fts_text = CASE WHEN @reembed THEN @ftsText ELSE fts_text END, tags = @tags, metadata = @metadata, expires_at = @expiresAt, updated_at = @updatedAt, version = version + 1,
       embedding = CASE WHEN @reembed THEN @embedding ELSE embedding END,
       embedding_model = CASE WHEN @reembed THEN @embeddingModel ELSE embedding_model END,
       embedding_dimensions = CASE WHEN @reembed THEN @embeddingDimensions ELSE embedding_dimensions END
     WHERE id = @id`,
  );
  const maxLogSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM vector_log');
  const countVectors = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM memories WHERE embedding IS NOT NULL');

  let closed = false;
  let embedding: { model: string; dimensions: number } | undefined;
  {
    const model = meta('embedding_model');
    const dimensions = meta('embedding_dimensions');
    if (model !== undefined && dimensions !== undefined) embedding = { model, dimensions: Number(dimensions) };
  }
  let index: VectorIndex | undefined;
  let openedBy: MemoryIndexState['openedBy'] = 'empty';
  const persistence =
    options.dataDir === undefined || options.readOnly === true
      ? undefined
      : new VectorIndexPersistence({
          dataDir: options.dataDir,
          io,
          warn,
          saveEvery,
          snapshot: () =>
            // A folder now at the path is not this store's (removed or replaced): nothing is saved into it.
            index === undefined || embedding === undefined || index.kind !== 'hnsw' || guard.removed
              ? undefined
              : { index, instance: instance as string, seq: maxLogSeq.get()?.seq ?? 0, ...embedding },
          // Entries up to `seq` are in the saved index; older ones are no longer needed for repair.
          saved: (seq) => db.prepare('DELETE FROM vector_log WHERE seq <= ?').run(seq),
        });
  const indexPath = persistence?.indexPath;

  /** An empty (or loaded) index for `size` vectors: HNSW's search breadth grows with the store unless configured. */
  function newIndex(dimensions: number, size: number, loadFrom?: string): { index: VectorIndex; loaded: boolean } {
    if (indexKind === 'exact') return { index: createExactVectorIndex(dimensions), loaded: false };
    const expansionSearch = options.hnsw?.expansionSearch ?? expansionSearchFor(size);
    return createHnswVectorIndex(dimensions, { ...options.hnsw, expansionSearch }, loadFrom);
  }

  function rebuildIndex(dimensions: number, size: number): VectorIndex {
    const fresh = newIndex(dimensions, size).index;
    const batch = 4096;
    let after = 0;
    const page = db.prepare<[number, number], { row: number; embedding: Buffer }>(
      'SELECT row, embedding FROM memories WHERE embedding IS NOT NULL AND row > ? ORDER BY row LIMIT ?',
    );
    for (;;) {
      const rows = page.all(after, batch);
      if (rows.length === 0) break;
      const matrix = new Float32Array(rows.length * dimensions);
      for (const [i, r] of rows.entries()) matrix.set(blobToVector(r.embedding), i * dimensions);
      fresh.addBatch(
        rows.map((r) => r.row),
        matrix,
      );
      after = (rows[rows.length - 1] as { row: number }).row;
    }
    return fresh;
  }

  function applyLogEntry(target: VectorIndex, row: number): void {
    const current = selectEmbedding.get(row);
    if (current?.embedding == null) target.remove(row);
    else target.upsert(row, blobToVector(current.embedding));
  }

  /** Loads the saved index once its files passed their checksums, and replays the change log; false when it must be rebuilt. */
  function loadSavedIndex(current: { model: string; dimensions: number }, expected: number): boolean {
    const verdict = persistence?.verify() ?? { state: 'none' };
    if (verdict.state === 'damaged') {
      warn(
        verdict.problem === SIDECAR_WITHOUT_CHECKSUMS
          ? `the vector index file ${verdict.file} was saved by an earlier release without checksums; rebuilding the index from the database once`
          : `the vector index file ${verdict.file} is damaged (${verdict.problem}); rebuilding it from the database`,
      );
      persistence?.discard();
    }
    if (verdict.state !== 'sound') return false;
    const { sidecar } = verdict;
    if (sidecar.instance !== instance || sidecar.model !== current.model || sidecar.dimensions !== current.dimensions) return false;
    const { index: loadedIndex, loaded } = newIndex(current.dimensions, expected, indexPath);
    if (!loaded) return false;
    const pending = db.prepare<[number], { row: number }>('SELECT row FROM vector_log WHERE seq > ? ORDER BY seq').all(sidecar.seq);
    for (const { row } of pending) applyLogEntry(loadedIndex, row);
    if (loadedIndex.size() !== expected) return false;
    index = loadedIndex;
    openedBy = pending.length === 0 ? 'loaded' : 'repaired';
    persistence?.noteChanges(pending.length);
    return true;
  }

  function openIndex(): void {
    if (embedding === undefined) {
      openedBy = 'empty';
      return;
    }
    const expected = countVectors.get()?.n ?? 0;
    if (indexKind === 'hnsw' && loadSavedIndex(embedding, expected)) return;
    index = rebuildIndex(embedding.dimensions, expected);
    openedBy = 'rebuilt';
    persistence?.markStale(expected);
  }

  openIndex();
  const stopChecks = io.every(options.checkEveryMs ?? 5_000, () => {
    guard.tick(() => setMeta.run('probed_at', String(now())));
    persistence?.retry();
  });

  // The keyword index is derived from `fts_text` like the vector index from `embedding`: built
  // on open, updated after each committed write (see ADR 0009).
  const ftsTokenizer = createFtsTokenizer();
  const keywordIndex = loadKeywordIndex(db, ftsTokenizer);
  const selectWordsByIds = db.prepare<[string], { row: number; fts_text: string }>(
    'SELECT m.row AS row, m.fts_text AS fts_text FROM memories m JOIN json_each(?) j ON m.id = j.value',
  );

  /** Re-reads the indexed words of these memories (after their write committed) into the keyword index. */
  function syncKeywords(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const r of selectWordsByIds.all(JSON.stringify(ids))) keywordIndex.set(r.row, ftsTokenizer.tokens(r.fts_text));
  }

  function assertOpen(): void {
    assertMemoryStoreOpen(closed);
  }

  function checkEmbedding(result: EmbedResult, count: number): Float32Array[] {
    return checkEmbedResult(result, count, embedding);
  }

  /** Embeds memory inputs (texts, or image/audio bytes the model embeds; see `toMemoryEmbedInput`). */
  async function embedInputs(
    inputs: readonly EmbedInput[],
    signal?: AbortSignal,
  ): Promise<{ model: string; dimensions: number; vectors: Float32Array[] } | undefined> {
    if (embed === undefined || inputs.length === 0) return undefined;
    const result = await embedMemoryInputs(embed, inputs, signal);
    signal?.throwIfAborted();
    return { model: result.model, dimensions: result.dimensions, vectors: checkEmbedding(result, inputs.length) };
  }

  /** Called inside the write transaction: fixes the model on first use and creates the index. */
  function adoptModel(model: string, dimensions: number): void {
    if (embedding !== undefined) {
      // Another write may have fixed the model while this one was embedding.
      if (embedding.model !== model || embedding.dimensions !== dimensions) checkEmbedding({ model, dimensions, vectors: [] }, 0);
      return;
    }
    embedding = { model, dimensions };
    setMeta.run('embedding_model', model);
    setMeta.run('embedding_dimensions', String(dimensions));
    index = newIndex(dimensions, 0).index;
    openedBy = 'empty';
  }

  function storageHealth(): MemoryStorageHealth {
    const refused = guard.health();
    if (refused !== undefined) return refused;
    const failure = persistence?.failure;
    return failure === undefined
      ? { status: 'ok' }
      : { status: 'degraded', reason: `the vector index cannot be saved (${failure}); it is rebuilt from the database on open` };
  }

  /** After a commit: the index save it may trigger runs later, outside the write's outcome. */
  function afterVectorChanges(count: number): void {
    persistence?.noteChanges(count);
  }

  function filterSql(filter: MemoryFilter | undefined, at: number, alias = 'm'): { sql: string; params: unknown[] } {
    checkMemoryFilterLimits(filter, limits);
    const clauses = [`(${alias}.expires_at IS NULL OR ${alias}.expires_at > ?)`];
    const params: unknown[] = [at];
    if (filter?.kinds !== undefined) {
      clauses.push(`${alias}.kind IN (${filter.kinds.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.kinds);
    }
    if (filter?.modalities !== undefined) {
      clauses.push(`${alias}.modality IN (${filter.modalities.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.modalities);
    }
    if (filter?.tiers !== undefined) {
      clauses.push(`${alias}.tier IN (${filter.tiers.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.tiers);
    }
    for (const tag of filter?.tags ?? []) {
      clauses.push(`EXISTS (SELECT 1 FROM json_each(${alias}.tags) WHERE value = ?)`);
      params.push(tag);
    }
    if (filter?.createdFrom !== undefined) {
      clauses.push(`${alias}.created_at >= ?`);
      params.push(filter.createdFrom);
    }
    if (filter?.createdTo !== undefined) {
      clauses.push(`${alias}.created_at < ?`);
      params.push(filter.createdTo);
    }
    return { sql: clauses.join(' AND '), params };
  }

  function semanticCandidates(vector: Float32Array, k: number, filter: MemoryFilter | undefined, at: number): Map<number, number> {
    const out = new Map<number, number>();
    if (index === undefined || index.size() === 0) return out;
    const where = filterSql(filter, at);
    if (hasMemoryFilter(filter)) {
      const count = (
        db.prepare(`SELECT count(*) AS n FROM memories m WHERE m.embedding IS NOT NULL AND ${where.sql}`).get(...where.params) as {
          n: number;
        }
      ).n;
      if (count <= exactFilterThreshold) {
        // A selective filter: scan its rows exactly instead of hoping the ANN top-k contains them.
        const rows = db
          .prepare(`SELECT m.row AS row, m.embedding AS embedding FROM memories m WHERE m.embedding IS NOT NULL AND ${where.sql}`)
          .all(...where.params) as { row: number; embedding: Buffer }[];
        for (const hit of topK(rows.length, k, (i) => dot(vector, blobToVector((rows[i] as { embedding: Buffer }).embedding))))
          out.set((rows[hit.index] as { row: number }).row, hit.score);
        return out;
      }
    }
    if (!hasMemoryFilter(filter)) {
      // No filter: no SQL here; expired memories are dropped when rows are loaded.
      for (const m of index.search(vector, Math.min(index.size(), k))) out.set(m.key, m.similarity);
      return out;
    }
    // ANN with over-fetching: grow k until enough candidates survive the filter (and expiry).
    let fetch = Math.min(index.size(), Math.max(k, 16));
    for (;;) {
      const matches = index.search(vector, fetch);
      const keys = matches.map((m) => m.key);
      const allowed = new Set(
        keys.length === 0
          ? []
          : (
              db
                .prepare(`SELECT m.row AS row FROM memories m WHERE m.row IN (${keys.map(() => '?').join(',')}) AND ${where.sql}`)
                .all(...keys, ...where.params) as { row: number }[]
            ).map((r) => r.row),
      );
      out.clear();
      for (const m of matches) if (allowed.has(m.key) && out.size < k) out.set(m.key, m.similarity);
      if (out.size >= k || fetch >= index.size()) return out;
      fetch = Math.min(index.size(), fetch * 4);
    }
  }

  /**
   * Query terms with their document frequencies; terms in more than half the documents are left
   * out (see below). Terms are folded by FTS5 itself (as the indexed words were), so a word FTS5
   * folds differently from JavaScript (`σοφός` → `σοφοσ`) still finds its documents; `indexed`
   * holds each term's postings and FTS5's idf.
   */
  function keywordTerms(query: string): { terms: string[]; averages: FtsAverages; indexed: KeywordQueryTerm[] } | undefined {
    const all = [...new Set(toFtsTerms(query, stopWords).flatMap((term) => ftsTokenizer.tokens(term)))];
    if (all.length === 0) return undefined;
    const averages = readFtsAverages(db, 'memories_fts');
    const df = new Map<string, number>();
    for (const term of all) df.set(term, keywordIndex.documentFrequency(term));
    // FTS5 floors the idf of a term found in more than half the documents at 1e-6, so such a term
    // adds at most ~2e-6 to any score: leaving it out of the MATCH changes no ranking but skips
    // scoring every document it occurs in. Small stores keep every term (cheap anyway).
    const terms = averages.rows >= 1000 ? all.filter((t) => (df.get(t) ?? 0) * 2 <= averages.rows) : all;
    const kept = terms.filter((t) => (df.get(t) ?? 0) > 0);
    if (kept.length === 0) return undefined;
    const indexed = kept.map((t) => ({ postings: keywordIndex.postings(t) as PostingList, idf: bm25Idf(averages.rows, df.get(t) ?? 0) }));
    return { terms: kept, averages, indexed };
  }

  /** FTS5's average document length (its `bm25()` divides the token total by the row count). */
  function averageLength(averages: FtsAverages): number {
    return averages.tokens / averages.rows;
  }

  /**
   * The best `k` BM25 matches (ties: lower row first, as FTS5 orders them). Without a filter, from
   * the in-process keyword index with MaxScore pruning when the query allows it; otherwise one
   * FTS5 query with a LIMIT, joined with `memories` only when a filter needs its columns (expiry
   * is checked when rows are loaded). `complete` is true when every matching document was
   * returned (fewer than `k` matched).
   */
  function keywordCandidates(
    keywordQuery: ReturnType<typeof keywordTerms>,
    k: number,
    filter: MemoryFilter | undefined,
    at: number,
  ): { scores: Map<number, number>; complete: boolean } {
    const scores = new Map<number, number>();
    if (keywordQuery === undefined) return { scores, complete: true };
    const { terms, indexed } = keywordQuery;
    if (!hasMemoryFilter(filter)) {
      const top = maxScoreTopK(indexed, k, averageLength(keywordQuery.averages));
      for (const r of top) scores.set(r.row, r.score);
      return { scores, complete: top.length < k };
    }
    const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
    let rows: { row: number; score: number }[];
    if (hasMemoryFilter(filter)) {
      const where = filterSql(filter, at);
      rows = db
        .prepare(
          `SELECT f.rowid AS row, -bm25(memories_fts) AS score FROM memories_fts f JOIN memories m ON m.row = f.rowid WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm25(memories_fts) LIMIT ?`,
        )
        .all(match, ...where.params, k) as { row: number; score: number }[];
    } else {
      rows = keywordTopK.all(match, k);
    }
    for (const r of rows) scores.set(r.row, r.score);
    return { scores, complete: rows.length < k };
  }
  const keywordTopK = db.prepare<[string, number], { row: number; score: number }>(
    'SELECT rowid AS row, -rank AS score FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT ?',
  );

  function loadRows(rows: readonly number[]): Map<number, MemoryRow> {
    const out = new Map<number, MemoryRow>();
    if (rows.length === 0) return out;
    const found = db
      .prepare(`SELECT ${memoryColumns} FROM memories WHERE row IN (${rows.map(() => '?').join(',')})`)
      .all(...rows) as MemoryRow[];
    for (const r of found) out.set(r.row, r);
    return out;
  }

  async function runSearch(query: MemorySearchQueryParsed, signal?: AbortSignal): Promise<MemorySearchHit[]> {
    checkMemoryFilterLimits(query.filter, limits);
    const at = now();
    const wantsKeyword = query.mode !== 'semantic';
    const pool = Math.max(query.limit * 4, 50);
    const vector = (await embedSearchQuery(query, embed === undefined ? undefined : embedInputs, signal))?.vectors[0];
    assertOpen();
    const keywordQuery = wantsKeyword ? keywordTerms(query.query) : undefined;
    const semantic = vector === undefined ? new Map<number, number>() : semanticCandidates(vector, pool, query.filter, at);
    const { scores: keyword, complete } = keywordCandidates(keywordQuery, pool, query.filter, at);
    const keys = [...new Set([...semantic.keys(), ...keyword.keys()])];
    const rows = loadRows(keys);
    if (query.mode === 'hybrid' || query.mode === 'rrf') {
      // Complete each candidate's missing signal exactly, so every blended score uses both.
      if (vector !== undefined) {
        for (const k of keys) {
          if (semantic.has(k)) continue;
          const blob = selectEmbedding.get(k)?.embedding;
          if (blob != null) semantic.set(k, dot(vector, blobToVector(blob)));
        }
      }
      // When fewer than `pool` documents matched, every match is already in `keyword`: the
      // others score 0. Otherwise BM25 is computed here from the keyword index's postings with
      // FTS5's own statistics (a second FTS5 query restricted to these rows would score them
      // from different statistics; see ADR 0009).
      if (keywordQuery !== undefined && !complete) {
        const avgdl = averageLength(keywordQuery.averages);
        for (const k of keys) {
          const length = keywordIndex.documentLength(k);
          if (keyword.has(k) || length === undefined) continue;
          const score = bm25OfRow(keywordQuery.indexed, k, length, avgdl);
          if (score > 0) keyword.set(k, score);
        }
      }
    }
    const candidates: SearchCandidate[] = [];
    for (const key of keys) {
      const row = rows.get(key);
      if (row === undefined || (row.expires_at !== null && row.expires_at <= at)) continue;
      const cosine = semantic.get(key);
      const bm25 = keyword.get(key);
      candidates.push(createSearchCandidate(key, row.modality as MemoryModality, cosine, bm25));
    }
    const hits = fuseMemoryHits(candidates, query, (key) => rowToMemory(rows.get(key) as MemoryRow));
    return hits.slice(
      0,
      fitResponseBytes(hits, limits.responseBytes, (hit) => hit.memory),
    );
  }

  async function prepareInputs(
    inputs: readonly MemoryInput[],
    signal?: AbortSignal,
    skipEmbedding = false,
  ): Promise<{ parsed: MemoryInputParsed[]; vectors: Awaited<ReturnType<typeof embedInputs>>; embedIndexes: number[] }> {
    const parsed = await parseLongTermInputs(inputs, contentPolicy, limits, now());
    const { embedIndexes, inputs: embedInputList } = collectMemoryEmbedInputs(
      parsed,
      resolveEmbedModalities(embed, options.embedModalities),
      skipEmbedding,
    );
    const vectors = await embedInputs(embedInputList, signal);
    return { parsed, vectors, embedIndexes };
  }

  const writeMany = db.transaction(
    (
      parsed: MemoryInputParsed[],
      vectors: Awaited<ReturnType<typeof embedInputs>>,
      embedIndexes: number[],
    ): { memories: Memory[]; indexed: { row: number; vector: Float32Array }[] } => {
      if (vectors !== undefined) adoptModel(vectors.model, vectors.dimensions);
      const vectorOf = vectorsByInput(embedIndexes, vectors);
      const memories: Memory[] = [];
      const indexed: { row: number; vector: Float32Array }[] = [];
      parsed.forEach((p, i) => {
        const at = now();
        const vector = vectorOf.get(i);
        const id = p.id ?? nextId();
        if (p.id !== undefined && selectRowById.get(p.id) !== undefined) {
          throw new MemoryError('MEMORY_INPUT_INVALID', `a memory with id ${p.id} already exists.`, {
            details: { issues: [{ path: 'id', message: 'already exists' }] },
          });
        }
        const result = insertMemory.run({
          id,
          kind: p.kind,
          text: p.text,
          modality: p.modality,
          content: p.content === undefined ? null : Buffer.from(p.content.buffer, p.content.byteOffset, p.content.byteLength),
          mediaType: p.mediaType ?? null,
          tags: JSON.stringify(p.tags),
          metadata: JSON.stringify(p.metadata),
          tier: 'ltm',
          createdAt: at,
          updatedAt: at,
          expiresAt: p.expiresAt ?? null,
          embedding: vector === undefined ? null : vectorToBlob(vector),
          embeddingModel: vector === undefined ? null : (vectors as { model: string }).model,
          embeddingDimensions: vector === undefined ? null : vector.length,
          ftsText: toIndexTokens(p.text, stopWords).join(' '),
        });
        const row = Number(result.lastInsertRowid);
        if (vector !== undefined) {
          logVector.run(row);
          indexed.push({ row, vector });
        }
        memories.push(
          buildMemory(p, {
            id,
            tier: 'ltm',
            at,
            embedding: vector === undefined ? undefined : { model: (vectors as { model: string }).model, dimensions: vector.length },
          }),
        );
      });
      return { memories, indexed };
    },
  );

  type StoreJob = Awaited<ReturnType<typeof prepareInputs>>;
  /** Each job in a savepoint of its own (a nested transaction), all in one transaction. */
  const writeJobs = db.transaction((jobs: readonly StoreJob[]): GroupCommitOutcome<ReturnType<typeof writeMany>>[] =>
    jobs.map((job) => {
      try {
        return { ok: true, value: writeMany(job.parsed, job.vectors, job.embedIndexes) };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
  // Concurrent stores share one commit (one disk sync); see createGroupCommit.
  const storeCommits = createGroupCommit<StoreJob, Memory[]>((jobs) => {
    const outcomes = guard.write(() => writeJobs(jobs));
    const indexed = outcomes.flatMap((o) => (o.ok ? o.value.indexed : []));
    syncKeywords(outcomes.flatMap((o) => (o.ok ? o.value.memories.map((m) => m.id) : [])));
    // The index is updated only after the commit: a crash in between is repaired from vector_log.
    for (const { row, vector } of indexed) index?.upsert(row, vector);
    afterVectorChanges(indexed.length);
    return outcomes.map((o) => (o.ok ? { ok: true, value: o.value.memories } : { ok: false, error: guard.typed(o.error) }));
  });

  async function storeMany(inputs: readonly MemoryInput[], signal?: AbortSignal, skipEmbedding = false): Promise<Memory[]> {
    assertOpen();
    if (inputs.length === 0) return [];
    const job = await prepareInputs(inputs, signal, skipEmbedding);
    assertOpen();
    return storeCommits.write(job);
  }

  function fileSize(path: string): number {
    try {
      return io.stat(path)?.size ?? 0;
    } catch {
      return 0;
    }
  }

  const store: MemoryStore = {
    ...batchWriteMethods(storeMany),
    async get(id) {
      assertOpen();
      const row = selectById.get(id, now());
      return row === undefined ? undefined : rowToMemory(row);
    },
    async search(query, opts) {
      assertOpen();
      return runSearch(parseInput(memorySearchQuerySchema, query, 'search query'), opts?.signal);
    },
    async update(id, patch, opts) {
      assertOpen();
      const parsed = parseInput(memoryPatchSchema, patch, 'memory patch');
      const before = selectById.get(id, now());
      if (before === undefined) throw createMemoryNotFoundError(id);
      const { textChanged, embedInput } = resolvePatchText(
        parsed,
        rowToMemory(before),
        opts?.skipEmbedding === true,
        resolveEmbedModalities(embed, options.embedModalities),
      );
      const vectors = embedInput === undefined ? undefined : await embedInputs([embedInput], opts?.signal);
      assertOpen();
      const result = guard.write(
        db.transaction(() => {
          const current = selectRowById.get(id);
          if (current === undefined) throw createMemoryNotFoundError(id, true);
          if (vectors !== undefined) adoptModel(vectors.model, vectors.dimensions);
          const at = Math.max(now(), current.updated_at);
          insertHistory.run({
            id,
            version: current.version,
            kind: current.kind,
            text: current.text,
            tags: current.tags,
            metadata: current.metadata,
            expiresAt: current.expires_at,
            replacedAt: at,
          });
          const vector = vectors?.vectors[0];
          const expiresAt = parsed.expiresAt === undefined ? current.expires_at : parsed.expiresAt;
          updateMemory.run({
            id,
            kind: parsed.kind ?? current.kind,
            text: parsed.text ?? current.text,
            tags: parsed.tags === undefined ? current.tags : JSON.stringify(parsed.tags),
            metadata: parsed.metadata === undefined ? current.metadata : JSON.stringify(parsed.metadata),
            expiresAt,
            updatedAt: at,
            reembed: textChanged ? 1 : 0,
            ftsText: textChanged ? toIndexTokens(parsed.text as string, stopWords).join(' ') : '',
            embedding: vector === undefined ? null : vectorToBlob(vector),
            embeddingModel: vector === undefined ? null : (vectors as { model: string }).model,
            embeddingDimensions: vector === undefined ? null : vector.length,
          });
          if (textChanged) logVector.run(current.row);
          return { row: current.row, vector };
        }),
      );
      syncKeywords([id]);
      if (textChanged) {
        if (result.vector === undefined) index?.remove(result.row);
        else index?.upsert(result.row, result.vector);
        afterVectorChanges(1);
      }
      return rowToMemory(selectRowById.get(id) as MemoryRow);
    },
    async history(id) {
      assertOpen();
      return selectHistory.all(id).map((r) =>
        toMemoryRevision({
          ...r,
          tags: JSON.parse(r.tags) as string[],
          metadata: JSON.parse(r.metadata) as MemoryRevision['metadata'],
          expiresAt: r.expires_at,
          replacedAt: r.replaced_at,
        }),
      );
    },
    async delete(id) {
      assertOpen();
      const removed = guard.write(
        db.transaction(() => {
          const row = deleteById.get(id);
          deleteHistory.run(id);
          if (row?.embedding != null) logVector.run(row.row);
          return row;
        }),
      );
      if (removed === undefined) return false;
      keywordIndex.remove(removed.row);
      if (removed.embedding != null) {
        index?.remove(removed.row);
        afterVectorChanges(1);
      }
      return true;
    },
    async list(listOptions = {}) {
      assertOpen();
      const parsed = parseInput(memoryListOptionsSchema, listOptions, 'list options');
      const { limit, cursor, ...filter } = parsed;
      const where = filterSql(parseInput(memoryFilterSchema, filter, 'list filter'), now());
      if (cursor !== undefined) {
        where.sql += ' AND m.id < ?';
        where.params.push(decodeMemoryCursor(cursor));
      }
      const rows = db
        .prepare(`SELECT ${memoryColumns} FROM memories m WHERE ${where.sql} ORDER BY m.id DESC LIMIT ?`)
        .all(...where.params, limit + 1) as MemoryRow[];
      const page = rows.slice(0, limit).map(rowToMemory);
      const items = page.slice(
        0,
        fitResponseBytes(page, limits.responseBytes, (m) => m),
      );
      const last = items[items.length - 1];
      return rows.length > items.length && last !== undefined ? { items, nextCursor: encodeMemoryCursor(last.id) } : { items };
    },
    async stats() {
      assertOpen();
      const at = now();
      const live = '(expires_at IS NULL OR expires_at > ?)';
      const kinds = db.prepare(`SELECT kind, count(*) AS n FROM memories WHERE ${live} GROUP BY kind ORDER BY kind`).all(at) as {
        kind: string;
        n: number;
      }[];
      const modalities = db.prepare(`SELECT modality, count(*) AS n FROM memories WHERE ${live} GROUP BY modality`).all(at) as {
        modality: MemoryModality;
        n: number;
      }[];
      const sizeBytes =
        dbPath === ':memory:'
          ? (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)
          : fileSize(dbPath) + fileSize(`${dbPath}-wal`) + fileSize(`${dbPath}-shm`) + (indexPath === undefined ? 0 : fileSize(indexPath));
      return buildLongTermStats({
        kinds,
        modalities,
        sizeBytes,
        embedding,
        index: { kind: indexKind, size: index?.size() ?? 0, expected: countVectors.get()?.n ?? 0, openedBy },
        storage: storageHealth(),
      });
    },
    async reindex(reindexOptions: MemoryStoreReindexOptions = {}) {
      assertOpen();
      const { embed: useEmbed, batchSize } = resolveReindexEmbedder(reindexOptions, embed);
      const modalities = resolveEmbedModalities(useEmbed, options.embedModalities);
      const fromBytes = modalities.filter((m) => m === 'image' || m === 'audio');
      const inBytes = fromBytes.map(() => '?').join(',') || 'NULL';
      const rows = db
        .prepare(`SELECT row FROM memories WHERE trim(text) <> '' OR modality IN (${inBytes}) ORDER BY row`)
        .all(...fromBytes) as { row: number }[];
      /** A batch's embedding inputs; content is read one batch at a time (it can be large) and only where it is embedded. */
      const loadBatch = (batch: readonly { row: number }[]): { row: number; input: EmbedInput }[] =>
        (
          db
            .prepare(
              `SELECT row, text, modality, CASE WHEN modality IN (${inBytes}) THEN content END AS content, media_type FROM memories WHERE row IN (${batch.map(() => '?').join(',')}) ORDER BY row`,
            )
            .all(...fromBytes, ...batch.map((r) => r.row)) as {
            row: number;
            text: string;
            modality: MemoryModality;
            content: Buffer | null;
            media_type: string | null;
          }[]
        ).flatMap((r) => {
          const input = rowToMemoryEmbedInput(r, modalities);
          return input === undefined ? [] : [{ row: r.row, input }];
        });
      const updates: { row: number; vector: Float32Array }[] = [];
      let model: string | undefined;
      let dimensions = 0;
      const embedBatch = async (inputs: readonly EmbedInput[]): Promise<Float32Array[]> => {
        const result = await embedMemoryInputs(useEmbed, inputs, reindexOptions.signal);
        reindexOptions.signal?.throwIfAborted();
        assertReindexModel(model, dimensions, result);
        model = result.model;
        dimensions = result.dimensions;
        const previous = embedding;
        embedding = undefined; // accept the new model in checkEmbedding
        try {
          return checkEmbedding(result, inputs.length);
        } finally {
          embedding = previous;
        }
      };
      // Embed everything first: the old index stays usable until the new vectors are committed.
      for (let i = 0; i < rows.length; i += batchSize) {
        const batch = loadBatch(rows.slice(i, i + batchSize));
        if (batch.length === 0) continue;
        const vectors = await embedBatch(batch.map((b) => b.input));
        for (const [j, b] of batch.entries()) updates.push({ row: b.row, vector: vectors[j] as Float32Array });
      }
      // Nothing to embed: one probe learns the model and its dimensions.
      if (model === undefined) await embedBatch(['probe']);
      assertOpen();
      const finalModel = model as string;
      guard.write(
        db.transaction(() => {
          const set = db.prepare('UPDATE memories SET embedding = ?, embedding_model = ?, embedding_dimensions = ? WHERE row = ?');
          db.prepare('UPDATE memories SET embedding = NULL, embedding_model = NULL, embedding_dimensions = NULL').run();
          for (const u of updates) set.run(vectorToBlob(u.vector), finalModel, dimensions, u.row);
          setMeta.run('embedding_model', finalModel);
          setMeta.run('embedding_dimensions', String(dimensions));
          db.prepare('DELETE FROM vector_log').run();
          // A marker so that a saved index of the old model is never replayed onto the new one.
          setMeta.run('instance', randomUUID());
        }),
      );
      instance = meta('instance') as string;
      embedding = { model: finalModel, dimensions };
      embed = useEmbed;
      index = rebuildIndex(dimensions, updates.length);
      openedBy = 'rebuilt';
      persistence?.markStale(updates.length);
      persistence?.trySave();
      return { count: updates.length, model: finalModel, dimensions };
    },
    async checkIntegrity() {
      assertOpen();
      return checkSqliteIntegrity(db, index, persistence);
    },
    async close() {
      if (closed) return;
      storeCommits.flush();
      closed = true;
      stopChecks();
      try {
        persistence?.close();
      } finally {
        ftsTokenizer.close();
        db.close();
        lock?.release();
      }
    },
    async [Symbol.asyncDispose]() {
      await store.close();
    },
  };
  return store;
}
