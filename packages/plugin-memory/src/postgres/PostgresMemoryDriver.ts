import type { Pool, PoolClient } from 'pg';
import { MemoryError } from '../errors/MemoryError.js';
import type * as Driver from '../engine/MemoryStoreDriver.js';
import { memoryIdSchema, type Memory, type MemoryFilter, type MemoryRevision } from '../schema/memorySchemas.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';
import { type KindModalityCount, liveCountsFrom } from '../store/liveCountsFrom.js';
import type { CheckEmbedResultOptions } from '../store/checkEmbedResult.js';
import { createEmbeddingMismatchError } from '../store/createEmbeddingMismatchError.js';
import { createMemoryNotFoundError } from '../store/createMemoryNotFoundError.js';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import { toMemoryRevision } from '../store/toMemoryRevision.js';
import { checkPostgresIntegrity } from './checkPostgresIntegrity.js';
import { classifyPostgresWriteError } from './classifyPostgresWriteError.js';
import { postgresMemoryColumns, type PostgresMemoryRow, postgresRowToMemory } from './postgresMemoryRow.js';
import { PostgresMemorySearch } from './PostgresMemorySearch.js';
import { postgresFilterSql, toPostgresFtsText, toVectorLiteral } from './postgresSql.js';

/** The HNSW index of the store's vectors. */
export const postgresHnswIndexName = 'memories_embedding_hnsw';

/** The store's model as the database has it (`memory_state`). */
export interface PostgresStoreState {
  readonly model: string | null;
  readonly dimensions: number | null;
}

/** What an opened PostgreSQL memory store is made of (see `createPostgresMemoryStore`). */
export interface PostgresMemoryDriverParts {
  readonly pool: Pool;
  /** The store created the pool: it ends it on close. */
  readonly ownsPool: boolean;
  /** The store's schema and pgvector's, double-quoted. */
  readonly schema: string;
  readonly vector: string;
  readonly stopWords: ReadonlySet<string>;
  readonly exactFilterThreshold: number;
  readonly hnsw: { readonly m: number; readonly efConstruction: number; readonly efSearch: number };
  readonly iterativeScans: boolean;
}

/** Retried with an exclusive lock: the first vectors of a store must fix its model. */
class NeedsExclusiveLock extends Error {}

const isId = (id: string): boolean => memoryIdSchema.safeParse(id).success;

/** Runs `work` in a transaction on a pooled connection. */
export async function inPostgresTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Reads the store's model, optionally under a row lock (`FOR SHARE`, `FOR UPDATE`). */
export async function readPostgresState(db: Pick<PoolClient, 'query'>, schema: string, lock = ''): Promise<PostgresStoreState> {
  const row = (
    await db.query<{ embedding_model: string | null; embedding_dimensions: number | null }>(
      `SELECT embedding_model, embedding_dimensions FROM ${schema}.memory_state ${lock}`,
    )
  ).rows[0];
  return { model: row?.embedding_model ?? null, dimensions: row?.embedding_dimensions ?? null };
}

/**
 * The PostgreSQL + pgvector storage driver. Several processes may share one schema: every write
 * is a transaction, and the embedding model is fixed under a row lock of `memory_state`.
 */
export class PostgresMemoryDriver implements Driver.MemoryStoreDriver {
  readonly maxDimensions: NonNullable<CheckEmbedResultOptions['maxDimensions']> = {
    limit: 16_000,
    message: (result) => `pgvector stores at most 16,000 dimensions; ${result.model} returned ${result.dimensions}.`,
  };
  readonly #p: PostgresMemoryDriverParts;
  /** Last known model; the row in `memory_state` is authoritative and re-read under lock on writes. */
  #embedding: Driver.MemoryEmbeddingShape | undefined;

  constructor(parts: PostgresMemoryDriverParts, state: PostgresStoreState) {
    this.#p = parts;
    this.#remember(state);
  }

  #remember(state: PostgresStoreState): void {
    this.#embedding = state.model === null || state.dimensions === null ? undefined : { model: state.model, dimensions: state.dimensions };
  }

  embedding(): Driver.MemoryEmbeddingShape | undefined {
    return this.#embedding;
  }

  /**
   * The write guard: every write runs here, in one transaction, and a database that refuses
   * writes (read-only, full) fails with a typed error naming `operation`, never its raw text.
   */
  async #write<T>(operation: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inPostgresTransaction(this.#p.pool, work);
    } catch (error) {
      throw classifyPostgresWriteError(error, operation);
    }
  }

  #hnswIndexSql(dimensions: number): string {
    const { schema: s, vector: v, hnsw } = this.#p;
    return `CREATE INDEX IF NOT EXISTS ${postgresHnswIndexName} ON ${s}.memories USING hnsw ((embedding::${v}.vector(${dimensions})) ${v}.vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction})`;
  }

  /** Locks the store's state for a write with vectors: shared when the model is fixed (writers proceed together), exclusive when these vectors fix it. */
  async #lockModel(client: PoolClient, shape: Driver.MemoryEmbeddingShape | undefined, exclusive: boolean): Promise<void> {
    if (shape === undefined) return;
    const state = await readPostgresState(client, this.#p.schema, exclusive ? 'FOR UPDATE' : 'FOR SHARE');
    if (state.model !== null && state.dimensions !== null) {
      this.#remember(state);
      if (state.model !== shape.model || state.dimensions !== shape.dimensions)
        throw createEmbeddingMismatchError({ model: state.model, dimensions: state.dimensions }, shape);
      return;
    }
    if (!exclusive) throw new NeedsExclusiveLock();
    await client.query(`UPDATE ${this.#p.schema}.memory_state SET embedding_model = $1, embedding_dimensions = $2`, [
      shape.model,
      shape.dimensions,
    ]);
    await client.query(this.#hnswIndexSql(shape.dimensions));
    this.#embedding = { model: shape.model, dimensions: shape.dimensions };
  }

  /** Runs a write that may fix the model: first with a shared lock, again with an exclusive one if needed. */
  async #writeWithModel<T>(
    operation: string,
    shape: Driver.MemoryEmbeddingShape | undefined,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    const run = (exclusive: boolean) =>
      this.#write(operation, async (client) => {
        await this.#lockModel(client, shape, exclusive);
        return work(client);
      });
    try {
      return await run(this.#embedding === undefined && shape !== undefined);
    } catch (error) {
      if (error instanceof NeedsExclusiveLock) return run(true);
      throw error;
    }
  }

  async insert(batch: Driver.MemoryDriverInsert): Promise<void> {
    const { schema: s, vector: v, stopWords } = this.#p;
    const columns = 16;
    await this.#writeWithModel('store', batch.embedded, async (client) => {
      for (let start = 0; start < batch.memories.length; start += 500) {
        const params: unknown[] = [];
        const tuples = batch.memories.slice(start, start + 500).map((m, j) => {
          const vector = batch.vectors.get(start + j);
          const words = toPostgresFtsText(m.text, stopWords);
          params.push(
            m.id,
            m.kind,
            m.text,
            m.modality,
            m.content === undefined ? null : Buffer.from(m.content.buffer, m.content.byteOffset, m.content.byteLength),
            m.mediaType ?? null,
            m.tags,
            JSON.stringify(m.metadata),
            m.createdAt,
            m.expiresAt ?? null,
            vector === undefined ? null : toVectorLiteral(vector),
            m.embeddingModel ?? null,
            m.embeddingDimensions ?? null,
            words.ftsText,
            words.ftsTokens,
            m.updatedAt,
          );
          const p = (k: number): string => `$${j * columns + k}`;
          return `(${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::bytea, ${p(6)}, ${p(7)}::text[], ${p(8)}::jsonb, 'ltm', ${p(9)}::bigint, ${p(16)}::bigint, ${p(10)}::bigint, ${p(11)}::${v}.vector, ${p(12)}, ${p(13)}::integer, 1, ${p(14)}, ${p(15)}::integer)`;
        });
        await client
          .query(
            `INSERT INTO ${s}.memories (id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding, embedding_model, embedding_dimensions, version, fts_text, fts_tokens) VALUES ${tuples.join(', ')}`,
            params,
          )
          .catch((error: unknown) => {
            if ((error as { code?: string }).code !== '23505') throw error;
            throw new MemoryError(
              'MEMORY_INPUT_INVALID',
              `a memory with one of these ids already exists (${(error as { detail?: string }).detail ?? 'duplicate id'}).`,
              { cause: error, details: { issues: [{ path: 'id', message: 'already exists' }] } },
            );
          });
      }
    });
  }

  async get(id: string, at: number): Promise<Memory | undefined> {
    if (!isId(id)) return undefined;
    const sql = `SELECT ${postgresMemoryColumns} FROM ${this.#p.schema}.memories m WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`;
    const row = (await this.#p.pool.query<PostgresMemoryRow>(sql, [id, at])).rows[0];
    return row === undefined ? undefined : postgresRowToMemory(row);
  }

  async update(change: Driver.MemoryDriverUpdate): Promise<Memory> {
    const { id, patch, vector } = change;
    const { schema: s, vector: v } = this.#p;
    const row = await this.#writeWithModel('update', change.embedded, async (client) => {
      const current = (
        await client.query<PostgresMemoryRow>(`SELECT ${postgresMemoryColumns} FROM ${s}.memories WHERE id = $1 FOR UPDATE`, [id])
      ).rows[0];
      if (current === undefined) throw createMemoryNotFoundError(id, true);
      const at = Math.max(change.at, Number(current.updated_at));
      await client.query(
        `INSERT INTO ${s}.memory_history (id, version, kind, text, tags, metadata, expires_at, replaced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, current.version, current.kind, current.text, current.tags, JSON.stringify(current.metadata), current.expires_at, at],
      );
      const text = patch.text ?? current.text;
      const words = toPostgresFtsText(text, this.#p.stopWords);
      const params: unknown[] = [
        id,
        patch.kind ?? current.kind,
        text,
        patch.tags ?? current.tags,
        JSON.stringify(patch.metadata ?? current.metadata),
        patch.expiresAt === undefined ? current.expires_at : patch.expiresAt,
        at,
        words.ftsText,
        words.ftsTokens,
      ];
      let reembed = '';
      if (change.textChanged) {
        params.push(
          vector === undefined ? null : toVectorLiteral(vector),
          vector === undefined ? null : (change.embedded as Driver.MemoryEmbeddingShape).model,
          vector === undefined ? null : vector.length,
        );
        reembed = `, embedding = $10::${v}.vector, embedding_model = $11, embedding_dimensions = $12::integer`;
      }
      const sql = `UPDATE ${s}.memories SET kind = $2, text = $3, tags = $4::text[], metadata = $5::jsonb, expires_at = $6::bigint, updated_at = $7::bigint, fts_text = $8, fts_tokens = $9::integer, version = version + 1${reembed} WHERE id = $1 RETURNING ${postgresMemoryColumns}`;
      return (await client.query<PostgresMemoryRow>(sql, params)).rows[0] as PostgresMemoryRow;
    });
    return postgresRowToMemory(row);
  }

  async history(id: string): Promise<MemoryRevision[]> {
    if (!isId(id)) return [];
    const rows = (
      await this.#p.pool.query<{
        id: string;
        version: number;
        kind: string;
        text: string;
        tags: string[];
        metadata: MemoryRevision['metadata'];
        expires_at: string | null;
        replaced_at: string;
      }>(
        `SELECT id, version, kind, text, tags, metadata, expires_at, replaced_at FROM ${this.#p.schema}.memory_history WHERE id = $1 ORDER BY version`,
        [id],
      )
    ).rows;
    return rows.map((r) =>
      toMemoryRevision({ ...r, expiresAt: r.expires_at === null ? null : Number(r.expires_at), replacedAt: Number(r.replaced_at) }),
    );
  }

  async delete(id: string): Promise<boolean> {
    if (!isId(id)) return false;
    return this.#write('delete', async (client) => {
      const removed = await client.query(`DELETE FROM ${this.#p.schema}.memories WHERE id = $1`, [id]);
      await client.query(`DELETE FROM ${this.#p.schema}.memory_history WHERE id = $1`, [id]);
      return (removed.rowCount ?? 0) > 0;
    });
  }

  async list(filter: MemoryFilter, before: string | undefined, limit: number, at: number): Promise<Memory[]> {
    const where = postgresFilterSql(filter, at);
    const params = [...where.params];
    let sql = where.sql;
    if (before !== undefined) {
      params.push(before);
      sql += ` AND m.id < $${params.length}::uuid`;
    }
    params.push(limit);
    const rows = await this.#p.pool.query<PostgresMemoryRow>(
      `SELECT ${postgresMemoryColumns} FROM ${this.#p.schema}.memories m WHERE ${sql} ORDER BY m.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.rows.map(postgresRowToMemory);
  }

  search<T>(at: number, work: (session: Driver.MemorySearchSession) => Promise<T>): Promise<T> {
    return inPostgresTransaction(this.#p.pool, async (client) => {
      // Search queries are short: JIT compilation (on by default since PostgreSQL 12) costs more than it saves.
      await client.query('SET LOCAL jit = off');
      const state = await readPostgresState(client, this.#p.schema);
      const { schema, vector, stopWords, exactFilterThreshold, iterativeScans } = this.#p;
      const options = { schema, vector, stopWords, exactFilterThreshold, iterativeScans, efSearch: this.#p.hnsw.efSearch, state };
      return work(new PostgresMemorySearch(client, options, at));
    });
  }

  async stats(at: number): Promise<LongTermStatsCounts> {
    const { schema: s } = this.#p;
    const client = await this.#p.pool.connect();
    try {
      // Kept counts (migration 3) less the expired memories, found on their partial index: no scan of `memories`.
      const kept = (
        await client.query<KindModalityCount>(`SELECT kind, modality, sum(n) AS n FROM ${s}.memory_counts GROUP BY kind, modality`)
      ).rows;
      const expired = (
        await client.query<KindModalityCount>(
          `SELECT kind, modality, count(*) AS n FROM ${s}.memories WHERE expires_at IS NOT NULL AND expires_at <= $1 GROUP BY kind, modality`,
          [at],
        )
      ).rows;
      const { kinds, modalities } = liveCountsFrom(kept, expired);
      const state = await readPostgresState(client, s);
      const vectors = (
        await client.query<{ expected: string; indexed: string; size: string }>(
          `SELECT coalesce(sum(vectors), 0) AS expected,
                  coalesce(sum(vectors) FILTER (WHERE embedding_model IS NOT DISTINCT FROM $1 AND dims = $2), 0) AS indexed,
                  (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relnamespace = $3::regnamespace AND c.relkind IN ('r', 't', 'm')) AS size
           FROM ${s}.memory_counts`,
          [state.model, state.dimensions ?? 0, s],
        )
      ).rows[0];
      this.#remember(state);
      const embedding = this.#embedding;
      return {
        kinds,
        modalities,
        sizeBytes: Number(vectors?.size ?? 0),
        embedding,
        index: {
          kind: 'hnsw',
          size: Number(vectors?.indexed ?? 0),
          expected: Number(vectors?.expected ?? 0),
          openedBy: embedding === undefined ? 'empty' : 'loaded',
        },
      };
    } finally {
      client.release();
    }
  }

  /** Content is read only where it is embedded, one page at a time (it can be large). */
  #reindexSelect(where: string): string {
    return `SELECT seq::float8 AS key, text, version, modality, CASE WHEN modality = ANY($1::text[]) THEN content END AS content, media_type FROM ${this.#p.schema}.memories WHERE ${where}`;
  }

  async *reindexRows({ modalities, batchSize }: Driver.MemoryReindexSource): AsyncIterable<readonly Driver.MemoryReindexRow[]> {
    // Through the write guard before anything is read or embedded: the swap at the end is a write,
    // and a database that refuses writes must refuse the re-index before it costs a full embedding.
    await this.#write('reindex', (client) => client.query(`SELECT 1 FROM ${this.#p.schema}.memory_state FOR UPDATE`));
    const fromBytes = modalities.filter((m) => m === 'image' || m === 'audio');
    for (let after = 0; ; ) {
      const sql = `${this.#reindexSelect(`seq > $2 AND (trim(text) <> '' OR modality = ANY($1::text[]))`)} ORDER BY seq LIMIT $3`;
      const page = (await this.#p.pool.query<Driver.MemoryReindexRow>(sql, [fromBytes, after, batchSize])).rows;
      if (page.length === 0) return;
      yield page;
      after = (page.at(-1) as Driver.MemoryReindexRow).key;
    }
  }

  async replaceVectors(
    vectors: Map<number, Driver.MemoryReindexed>,
    model: Driver.MemoryEmbeddingShape,
    reembed: (rows: readonly Driver.MemoryReindexRow[]) => Promise<void>,
    source: Driver.MemoryReindexSource,
  ): Promise<number> {
    const { schema: s, vector: v } = this.#p;
    const count = await this.#write('reindex', async (client) => {
      await client.query(`SELECT 1 FROM ${s}.memory_state FOR UPDATE`);
      // Memories written or changed by other processes while this one was embedding.
      const embedsSomething = `(trim(text) <> '' OR modality = ANY($1::text[]))`;
      const fromBytes = source.modalities.filter((m) => m === 'image' || m === 'audio');
      const current = (
        await client.query<{ seq: string; version: number }>(`SELECT seq, version FROM ${s}.memories WHERE ${embedsSomething}`, [fromBytes])
      ).rows;
      const stale = current.filter((r) => vectors.get(Number(r.seq))?.version !== r.version).map((r) => Number(r.seq));
      for (let i = 0; i < stale.length; i += source.batchSize) {
        const batch = stale.slice(i, i + source.batchSize);
        await reembed(
          (await client.query<Driver.MemoryReindexRow>(this.#reindexSelect('seq = ANY($2::bigint[])'), [fromBytes, batch])).rows,
        );
      }
      await client.query(`DROP INDEX IF EXISTS ${s}.${postgresHnswIndexName}`);
      await client.query(
        `UPDATE ${s}.memories SET embedding = NULL, embedding_model = NULL, embedding_dimensions = NULL WHERE embedding IS NOT NULL OR embedding_model IS NOT NULL`,
      );
      const live = new Set(current.map((r) => Number(r.seq)));
      const updates = [...vectors.entries()].filter(([seq]) => live.has(seq));
      for (let i = 0; i < updates.length; i += 1000) {
        const chunk = updates.slice(i, i + 1000);
        await client.query(
          `UPDATE ${s}.memories m SET embedding = u.embedding::${v}.vector, embedding_model = $3, embedding_dimensions = $4 FROM unnest($1::bigint[], $2::text[]) AS u(seq, embedding) WHERE m.seq = u.seq`,
          [chunk.map(([seq]) => seq), chunk.map(([, d]) => toVectorLiteral(d.vector)), model.model, model.dimensions],
        );
      }
      await client.query(`UPDATE ${s}.memory_state SET embedding_model = $1, embedding_dimensions = $2, instance = gen_random_uuid()`, [
        model.model,
        model.dimensions,
      ]);
      await client.query(this.#hnswIndexSql(model.dimensions));
      return updates.length;
    });
    this.#embedding = { ...model };
    return count;
  }

  async checkIntegrity(): Promise<MemoryIntegrityReport> {
    const client = await this.#p.pool.connect();
    try {
      return await checkPostgresIntegrity(client, this.#p.schema, this.#p.vector, await readPostgresState(client, this.#p.schema));
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.#p.ownsPool) await this.#p.pool.end();
  }
}
