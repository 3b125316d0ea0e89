import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MemoryError } from '../errors/MemoryError.js';
import type {
  MemoryDriverInsert,
  MemoryDriverUpdate,
  MemoryEmbeddingShape,
  MemoryReindexed,
  MemoryReindexRow,
  MemoryReindexSource,
  MemorySearchSession,
  MemoryStoreDriver,
} from '../engine/MemoryStoreDriver.js';
import type { Memory, MemoryFilter, MemoryRevision, MemoryStorageHealth } from '../schema/memorySchemas.js';
import type { KeywordIndex } from '../search/KeywordIndex.js';
import { toIndexTokens } from '../search/toFtsQuery.js';
import type { DataDirLock } from '../storage/DataDirLock.js';
import { KEYWORD_INDEX_FILE } from '../storage/KeywordIndexPersistence.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import type { StorageGuard } from '../storage/StorageGuard.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';
import { createEmbeddingMismatchError } from '../store/createEmbeddingMismatchError.js';
import { createMemoryNotFoundError } from '../store/createMemoryNotFoundError.js';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import { toMemoryRevision } from '../store/toMemoryRevision.js';
import { checkSqliteIntegrity } from './checkSqliteIntegrity.js';
import type { FtsTokenizer } from './createFtsTokenizer.js';
import { createGroupCommit, type GroupCommit, type GroupCommitOptions, type GroupCommitOutcome } from './createGroupCommit.js';
import type { SqliteKeywordIndex } from './SqliteKeywordIndex.js';
import { SqliteMemorySearch } from './SqliteMemorySearch.js';
import { sqliteFilterSql } from './sqliteFilterSql.js';
import { sqliteMemoryColumns, sqliteRowToMemory, type SqliteMemoryRow, vectorToBlob } from './sqliteMemoryRow.js';
import type { SqliteMemoryCounts } from './SqliteMemoryCounts.js';
import type { SqliteVectorIndex } from './SqliteVectorIndex.js';

/** The parts an opened SQLite memory database is made of (see `createSqliteMemoryStore`). */
export interface SqliteMemoryDriverParts {
  readonly db: Database.Database;
  readonly lock: DataDirLock | undefined;
  readonly guard: StorageGuard;
  readonly io: MemoryStorageIo;
  readonly vectors: SqliteVectorIndex;
  /** Counts of memories and vectors, read without scanning the table. */
  readonly counts: SqliteMemoryCounts;
  readonly keywords: KeywordIndex;
  /** The keyword index's saving and state (`keywords` is its index). */
  readonly keywordFile: SqliteKeywordIndex;
  readonly tokenizer: FtsTokenizer;
  readonly stopWords: ReadonlySet<string>;
  readonly exactFilterThreshold: number;
  /** How concurrent inserts share commits (`false`: each alone). */
  readonly groupCommit: GroupCommitOptions | false;
  readonly indexKind: 'hnsw' | 'exact';
  /** Stops the store's timer (folder checks, save retries). */
  readonly stopChecks: () => void;
}

type Inserted = { readonly ids: string[]; readonly indexed: { row: number; vector: Float32Array }[] };

/**
 * The SQLite storage driver: rows in WAL mode, FTS5 and an in-process keyword index, an HNSW
 * (or exact) vector index derived from the table, every write through the storage guard, and
 * concurrent inserts coalesced into one commit (group commit), each in a savepoint of its own.
 */
export class SqliteMemoryDriver implements MemoryStoreDriver {
  readonly #p: SqliteMemoryDriverParts;
  readonly #db: Database.Database;
  readonly #commits: GroupCommit<MemoryDriverInsert, void>;
  /** Stores begun (being validated and embedded) and not yet queued for the group commit. */
  #coming = 0;
  /** Inserts queued for the group commit and not yet answered. */
  #inFlight = 0;
  readonly #insertOne: Database.Statement;
  readonly #logVector: Database.Statement<[number]>;
  readonly #selectLive: Database.Statement<[string, number], SqliteMemoryRow>;
  readonly #selectRow: Database.Statement<[string], SqliteMemoryRow>;
  readonly #selectWords: Database.Statement<[string], { row: number; fts_text: string }>;

  constructor(parts: SqliteMemoryDriverParts) {
    this.#p = parts;
    const db = parts.db;
    this.#db = db;
    // The HNSW graph catches up while no store is being embedded or committed (DeferredVectorIndex).
    parts.vectors.busy = () => this.#coming > 0 || this.#inFlight > 0;
    this.#insertOne = db.prepare(
      `INSERT INTO memories (id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding, embedding_model, embedding_dimensions, version, fts_text)
       VALUES (@id, @kind, @text, @modality, @content, @mediaType, @tags, @metadata, @tier, @createdAt, @updatedAt, @expiresAt, @embedding, @embeddingModel, @embeddingDimensions, 1, @ftsText)`,
    );
    this.#logVector = db.prepare('INSERT INTO vector_log(row) VALUES (?)');
    this.#selectLive = db.prepare(`SELECT ${sqliteMemoryColumns} FROM memories WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)`);
    this.#selectRow = db.prepare(`SELECT ${sqliteMemoryColumns} FROM memories WHERE id = ?`);
    this.#selectWords = db.prepare('SELECT m.row AS row, m.fts_text AS fts_text FROM memories m JOIN json_each(?) j ON m.id = j.value');
    const insertBatch = db.transaction((batch: MemoryDriverInsert) => this.#insertBatch(batch));
    /** Each job in a savepoint of its own (a nested transaction), all in one transaction. */
    const insertJobs = db.transaction((jobs: readonly MemoryDriverInsert[]): GroupCommitOutcome<Inserted>[] =>
      jobs.map((job) => {
        try {
          return { ok: true, value: insertBatch(job) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    // Concurrent stores share one commit (one disk sync); see createGroupCommit.
    this.#commits = createGroupCommit(
      (jobs) => {
        const outcomes = parts.guard.write('store', () => insertJobs(jobs));
        const indexed = outcomes.flatMap((o) => (o.ok ? o.value.indexed : []));
        this.#syncKeywords(outcomes.flatMap((o) => (o.ok ? o.value.ids : [])));
        // The index is updated only after the commit: a crash in between is repaired from vector_log.
        for (const { row, vector } of indexed) parts.vectors.index?.upsert(row, vector);
        parts.vectors.noteChanges(indexed.length);
        return outcomes.map((o) => (o.ok ? { ok: true, value: undefined } : { ok: false, error: parts.guard.typed(o.error, 'store') }));
      },
      parts.groupCommit,
      () => this.#coming,
    );
  }

  /** A tiny write (the time of the last probe), to learn whether the database accepts writes. */
  #probe(): void {
    this.#db
      .prepare("INSERT INTO meta(key, value) VALUES ('probed_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(String(Date.now()));
  }

  embedding(): MemoryEmbeddingShape | undefined {
    return this.#p.vectors.embedding;
  }

  #adopt(shape: MemoryEmbeddingShape | undefined): void {
    if (shape === undefined) return;
    this.#p.vectors.adopt(shape, (current) => {
      throw createEmbeddingMismatchError(current, shape);
    });
  }

  #insertBatch(batch: MemoryDriverInsert): Inserted {
    this.#adopt(batch.embedded);
    const indexed: Inserted['indexed'] = [];
    for (const [i, m] of batch.memories.entries()) {
      if (this.#selectRow.get(m.id) !== undefined) {
        throw new MemoryError('MEMORY_INPUT_INVALID', `a memory with id ${m.id} already exists.`, {
          details: { issues: [{ path: 'id', message: 'already exists' }] },
        });
      }
      const vector = batch.vectors.get(i);
      const result = this.#insertOne.run({
        id: m.id,
        kind: m.kind,
        text: m.text,
        modality: m.modality,
        content: m.content === undefined ? null : Buffer.from(m.content.buffer, m.content.byteOffset, m.content.byteLength),
        mediaType: m.mediaType ?? null,
        tags: JSON.stringify(m.tags),
        metadata: JSON.stringify(m.metadata),
        tier: 'ltm',
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        expiresAt: m.expiresAt ?? null,
        embedding: vector === undefined ? null : vectorToBlob(vector),
        embeddingModel: m.embeddingModel ?? null,
        embeddingDimensions: m.embeddingDimensions ?? null,
        ftsText: toIndexTokens(m.text, this.#p.stopWords).join(' '),
      });
      const row = Number(result.lastInsertRowid);
      if (vector !== undefined) {
        this.#logVector.run(row);
        indexed.push({ row, vector });
      }
    }
    return { ids: batch.memories.map((m) => m.id), indexed };
  }

  /** Re-reads the indexed words of these memories (after their write committed) into the keyword index. */
  #syncKeywords(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const r of this.#selectWords.all(JSON.stringify(ids))) this.#p.keywords.set(r.row, this.#p.tokenizer.tokens(r.fts_text));
    this.#p.keywordFile.noteChanges(ids.length);
  }

  storing(): () => void {
    this.#coming += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#coming -= 1;
    };
  }

  async insert(batch: MemoryDriverInsert): Promise<void> {
    this.#inFlight += 1;
    try {
      await this.#commits.write(batch);
    } finally {
      this.#inFlight -= 1;
    }
  }

  async get(id: string, at: number): Promise<Memory | undefined> {
    const row = this.#selectLive.get(id, at);
    return row === undefined ? undefined : sqliteRowToMemory(row);
  }

  async update(change: MemoryDriverUpdate): Promise<Memory> {
    const { id, patch, textChanged, vector } = change;
    const result = this.#p.guard.write(
      'update',
      this.#db.transaction(() => {
        const current = this.#selectRow.get(id);
        if (current === undefined) throw createMemoryNotFoundError(id, true);
        this.#adopt(change.embedded);
        const at = Math.max(change.at, current.updated_at);
        this.#db
          .prepare(
            'INSERT INTO memory_history (id, version, kind, text, tags, metadata, expires_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(id, current.version, current.kind, current.text, current.tags, current.metadata, current.expires_at, at);
        this.#db
          .prepare(
            `UPDATE memories SET kind = @kind, text = @text, fts_text = CASE WHEN @reembed THEN @ftsText ELSE fts_text END, tags = @tags, metadata = @metadata, expires_at = @expiresAt, updated_at = @updatedAt, version = version + 1,
               embedding = CASE WHEN @reembed THEN @embedding ELSE embedding END,
               embedding_model = CASE WHEN @reembed THEN @embeddingModel ELSE embedding_model END,
               embedding_dimensions = CASE WHEN @reembed THEN @embeddingDimensions ELSE embedding_dimensions END
             WHERE id = @id`,
          )
          .run({
            id,
            kind: patch.kind ?? current.kind,
            text: patch.text ?? current.text,
            tags: patch.tags === undefined ? current.tags : JSON.stringify(patch.tags),
            metadata: patch.metadata === undefined ? current.metadata : JSON.stringify(patch.metadata),
            expiresAt: patch.expiresAt === undefined ? current.expires_at : patch.expiresAt,
            updatedAt: at,
            reembed: textChanged ? 1 : 0,
            ftsText: textChanged ? toIndexTokens(patch.text as string, this.#p.stopWords).join(' ') : '',
            embedding: vector === undefined ? null : vectorToBlob(vector),
            embeddingModel: vector === undefined ? null : (change.embedded as MemoryEmbeddingShape).model,
            embeddingDimensions: vector === undefined ? null : vector.length,
          });
        if (textChanged) this.#logVector.run(current.row);
        return current.row;
      }),
    );
    this.#syncKeywords([id]);
    if (textChanged) {
      if (vector === undefined) this.#p.vectors.index?.remove(result);
      else this.#p.vectors.index?.upsert(result, vector);
      this.#p.vectors.noteChanges(1);
    }
    return sqliteRowToMemory(this.#selectRow.get(id) as SqliteMemoryRow);
  }

  async delete(id: string): Promise<boolean> {
    const removed = this.#p.guard.write(
      'delete',
      this.#db.transaction(() => {
        const row = this.#db.prepare('DELETE FROM memories WHERE id = ? RETURNING row, embedding').get(id) as
          | { row: number; embedding: Buffer | null }
          | undefined;
        this.#db.prepare('DELETE FROM memory_history WHERE id = ?').run(id);
        if (row?.embedding != null) this.#logVector.run(row.row);
        return row;
      }),
    );
    if (removed === undefined) return false;
    this.#p.keywords.remove(removed.row);
    this.#p.keywordFile.noteChanges(1);
    if (removed.embedding != null) {
      this.#p.vectors.index?.remove(removed.row);
      this.#p.vectors.noteChanges(1);
    }
    return true;
  }

  async history(id: string): Promise<MemoryRevision[]> {
    const rows = this.#db.prepare('SELECT * FROM memory_history WHERE id = ? ORDER BY version').all(id) as {
      id: string;
      version: number;
      kind: string;
      text: string;
      tags: string;
      metadata: string;
      expires_at: number | null;
      replaced_at: number;
    }[];
    return rows.map((r) =>
      toMemoryRevision({
        ...r,
        tags: JSON.parse(r.tags) as string[],
        metadata: JSON.parse(r.metadata) as MemoryRevision['metadata'],
        expiresAt: r.expires_at,
        replacedAt: r.replaced_at,
      }),
    );
  }

  async list(filter: MemoryFilter, before: string | undefined, limit: number, at: number): Promise<Memory[]> {
    const where = sqliteFilterSql(filter, at);
    if (before !== undefined) {
      where.sql += ' AND m.id < ?';
      where.params.push(before);
    }
    const rows = this.#db
      .prepare(`SELECT ${sqliteMemoryColumns} FROM memories m WHERE ${where.sql} ORDER BY m.id DESC LIMIT ?`)
      .all(...where.params, limit) as SqliteMemoryRow[];
    return rows.map(sqliteRowToMemory);
  }

  search<T>(at: number, work: (session: MemorySearchSession) => Promise<T>): Promise<T> {
    return work(new SqliteMemorySearch({ ...this.#p, db: this.#db }, at));
  }

  #fileSize(path: string): number {
    try {
      return this.#p.io.stat(path)?.size ?? 0;
    } catch {
      return 0;
    }
  }

  #storageHealth(): MemoryStorageHealth {
    const refused = this.#p.guard.health();
    if (refused !== undefined) return refused;
    const failure = this.#p.vectors.persistence?.failure;
    if (failure !== undefined)
      return { status: 'degraded', reason: `the vector index cannot be saved (${failure}); it is rebuilt from the database on open` };
    const keywordFailure = this.#p.keywordFile.persistence?.failure;
    return keywordFailure === undefined
      ? { status: 'ok' }
      : { status: 'degraded', reason: `the keyword index cannot be saved (${keywordFailure}); it is rebuilt from the database on open` };
  }

  async stats(at: number): Promise<LongTermStatsCounts> {
    const db = this.#db;
    const { kinds, modalities } = this.#p.counts.count(at);
    const path = db.name;
    const indexPath = this.#p.vectors.persistence?.indexPath;
    const keywordPath = this.#p.keywordFile.persistence?.path;
    const sizeBytes =
      path === ':memory:'
        ? (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)
        : this.#fileSize(path) +
          this.#fileSize(`${path}-wal`) +
          this.#fileSize(`${path}-shm`) +
          (indexPath === undefined ? 0 : this.#fileSize(indexPath)) +
          (keywordPath === undefined ? 0 : this.#fileSize(keywordPath));
    const { vectors } = this.#p;
    return {
      kinds,
      modalities,
      sizeBytes,
      embedding: vectors.embedding,
      index: {
        kind: this.#p.indexKind,
        size: vectors.index?.size() ?? 0,
        expected: this.#p.counts.vectors(),
        openedBy: vectors.openedBy,
        ...(vectors.pendingCount() > 0 ? { pending: vectors.pendingCount() } : {}),
      },
      keywordIndex: { size: this.#p.keywords.size, openedBy: this.#p.keywordFile.openedBy },
      storage: this.#storageHealth(),
    };
  }

  async *reindexRows({ modalities, batchSize }: MemoryReindexSource): AsyncIterable<readonly MemoryReindexRow[]> {
    // The swap at the end is a write: refused now, before every memory is embedded for nothing —
    // by a real (tiny) write, since a database file can be read-only without the store knowing.
    this.#p.guard.write('reindex', () => this.#probe());
    const fromBytes = modalities.filter((m) => m === 'image' || m === 'audio');
    const inBytes = fromBytes.map(() => '?').join(',') || 'NULL';
    const keys = this.#db
      .prepare(`SELECT row FROM memories WHERE trim(text) <> '' OR modality IN (${inBytes}) ORDER BY row`)
      .all(...fromBytes) as { row: number }[];
    // Content is read one batch at a time (it can be large) and only where it is embedded.
    for (let i = 0; i < keys.length; i += batchSize) {
      const batch = keys.slice(i, i + batchSize).map((r) => r.row);
      yield this.#db
        .prepare(
          `SELECT row AS key, version, text, modality, CASE WHEN modality IN (${inBytes}) THEN content END AS content, media_type FROM memories WHERE row IN (${batch.map(() => '?').join(',')}) ORDER BY row`,
        )
        .all(...fromBytes, ...batch) as MemoryReindexRow[];
    }
  }

  async replaceVectors(vectors: Map<number, MemoryReindexed>, model: MemoryEmbeddingShape): Promise<number> {
    const instance = randomUUID();
    this.#p.guard.write(
      'reindex',
      this.#db.transaction(() => {
        const set = this.#db.prepare('UPDATE memories SET embedding = ?, embedding_model = ?, embedding_dimensions = ? WHERE row = ?');
        this.#db.prepare('UPDATE memories SET embedding = NULL, embedding_model = NULL, embedding_dimensions = NULL').run();
        for (const [row, u] of vectors) set.run(vectorToBlob(u.vector), model.model, model.dimensions, row);
        this.#db.prepare('DELETE FROM vector_log').run();
        this.#p.vectors.recordModel(model, instance);
      }),
    );
    this.#p.vectors.rebuildFor(model, instance, vectors.size);
    return vectors.size;
  }

  async checkIntegrity(): Promise<MemoryIntegrityReport> {
    const report = checkSqliteIntegrity(this.#db, this.#p.vectors.index, this.#p.vectors.persistence);
    const keywords = this.#p.keywordFile.persistence;
    const problem = keywords?.damage();
    if (keywords === undefined || problem === undefined) return report;
    // Replaced at the next save; the next open would rebuild it anyway.
    keywords.markStale();
    return { ...report, ok: false, indexFiles: [...(report.indexFiles ?? []), { file: KEYWORD_INDEX_FILE, problem }] };
  }

  async close(): Promise<void> {
    this.#commits.flush();
    this.#p.stopChecks();
    try {
      this.#p.vectors.persistence?.close();
      this.#p.vectors.close();
      this.#p.keywordFile.close();
    } finally {
      this.#p.tokenizer.close();
      this.#db.close();
      this.#p.lock?.release();
    }
  }
}
