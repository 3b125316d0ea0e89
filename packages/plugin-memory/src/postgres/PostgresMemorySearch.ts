import type { PoolClient } from 'pg';
import type { MemoryFilter, MemoryModality } from '../schema/memorySchemas.js';
import { toFtsTerms } from '../search/toFtsQuery.js';
import type { MemoryCandidateRow, MemoryEmbeddingShape, MemoryKeywordMatches, MemorySearchSession } from '../engine/MemoryStoreDriver.js';
import { createEmbeddingMismatchError } from '../store/createEmbeddingMismatchError.js';
import { hasMemoryFilter } from '../store/hasMemoryFilter.js';
import { postgresMemoryColumns, type PostgresMemoryRow, postgresRowToMemory } from './postgresMemoryRow.js';
import { postgresFilterSql, toVectorLiteral } from './postgresSql.js';
import { type PostgresWhere, searchPostgresKeywords } from './searchPostgresKeywords.js';

/** What {@link PostgresMemorySearch} searches. */
export interface PostgresMemorySearchOptions {
  /** The store's schema and pgvector's, double-quoted. */
  readonly schema: string;
  readonly vector: string;
  readonly stopWords: ReadonlySet<string>;
  readonly exactFilterThreshold: number;
  /** Minimum `hnsw.ef_search`. */
  readonly efSearch: number;
  /** pgvector 0.8+: filtered HNSW scans continue until enough rows pass. */
  readonly iterativeScans: boolean;
  /** The store's model as the database has it now. */
  readonly state: { readonly model: string | null; readonly dimensions: number | null };
}

const toSimilarities = (rows: readonly { seq: string; distance: number }[], out = new Map<number, number>()): Map<number, number> => {
  for (const r of rows) out.set(Number(r.seq), Number.isFinite(r.distance) ? 1 - r.distance : 0);
  return out;
};

/**
 * The PostgreSQL driver's search session, inside one transaction: semantic candidates from the
 * HNSW index (an exact scan for a selective filter), BM25 computed in SQL for keywords.
 */
export class PostgresMemorySearch implements MemorySearchSession {
  readonly #client: PoolClient;
  readonly #o: PostgresMemorySearchOptions;
  readonly #at: number;
  #literal: string | undefined;

  constructor(client: PoolClient, options: PostgresMemorySearchOptions, at: number) {
    this.#client = client;
    this.#o = options;
    this.#at = at;
  }

  async semantic(
    vector: Float32Array,
    shape: MemoryEmbeddingShape,
    k: number,
    filter: MemoryFilter | undefined,
  ): Promise<Map<number, number>> {
    const { model, dimensions } = this.#o.state;
    if (model === null || dimensions === null) return new Map();
    if (model !== shape.model || dimensions !== shape.dimensions) throw createEmbeddingMismatchError({ model, dimensions }, shape);
    this.#literal = toVectorLiteral(vector);
    const where = postgresFilterSql(filter, this.#at);
    if (!hasMemoryFilter(filter)) return this.#annSearch(where, k, dimensions);
    const scope = await this.#countScope(where, k);
    if (scope === 0) return new Map();
    if (scope <= this.#o.exactFilterThreshold) return this.#exactSearch(where, k);
    const found = await this.#annSearch(where, k, dimensions);
    // HNSW applies the filter to the neighbours it visits: without iterative scans (pgvector < 0.8),
    // or past `hnsw.max_scan_tuples` with them, fewer than k may pass although the scope has k.
    // The filter then decides on its own, exactly, as the SQLite store's loop ends at the whole index.
    return found.size >= Math.min(k, scope) ? found : this.#exactSearch(where, k);
  }

  /** The filter's memories with vectors, counted up to a cap: enough to choose a strategy and to know whether k exist. */
  async #countScope(where: PostgresWhere, k: number): Promise<number> {
    const threshold = this.#o.exactFilterThreshold;
    // An infinite threshold (scan every scope) still counts with a finite cap.
    const cap = Math.max(Number.isFinite(threshold) ? Math.ceil(4 * threshold) : 0, 4_096, k);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${this.#o.schema}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql} LIMIT $${where.params.length + 1}) AS s`;
    return Number((await this.#client.query<{ n: string }>(sql, [...where.params, cap])).rows[0]?.n ?? 0);
  }

  /** Exact top k of the filter: the un-cast expression does not match the HNSW index, so this scans the filter's rows. */
  async #exactSearch(where: PostgresWhere, k: number): Promise<Map<number, number>> {
    const { schema: s, vector: v } = this.#o;
    const qi = where.params.length + 1;
    const sql = `SELECT m.seq, m.embedding OPERATOR(${v}.<=>) $${qi}::${v}.vector AS distance FROM ${s}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql} ORDER BY distance LIMIT $${qi + 1}`;
    return toSimilarities((await this.#client.query<{ seq: string; distance: number }>(sql, [...where.params, this.#literal, k])).rows);
  }

  /** Top k through the HNSW index (the cast expression it is built on), the filter applied to the neighbours it visits. */
  async #annSearch(where: PostgresWhere, k: number, dimensions: number): Promise<Map<number, number>> {
    const { schema: s, vector: v } = this.#o;
    const qi = where.params.length + 1;
    await this.#client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(this.#o.efSearch, k))}`);
    if (this.#o.iterativeScans) await this.#client.query('SET LOCAL hnsw.iterative_scan = relaxed_order');
    const distance = `m.embedding::${v}.vector(${dimensions}) OPERATOR(${v}.<=>) $${qi}::${v}.vector(${dimensions})`;
    const sql = `SELECT m.seq, ${distance} AS distance FROM ${s}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql} ORDER BY ${distance} LIMIT $${qi + 1}`;
    return toSimilarities((await this.#client.query<{ seq: string; distance: number }>(sql, [...where.params, this.#literal, k])).rows);
  }

  async keyword(query: string, k: number, filter: MemoryFilter | undefined): Promise<MemoryKeywordMatches> {
    const terms = toFtsTerms(query, this.#o.stopWords);
    const scores = await searchPostgresKeywords(this.#client, this.#o.schema, terms, {
      limit: k,
      where: postgresFilterSql(filter, this.#at),
    });
    return {
      scores,
      complete: false,
      scoreRows: (keys) => searchPostgresKeywords(this.#client, this.#o.schema, terms, { seqs: keys }),
    };
  }

  async cosines(_vector: Float32Array, keys: readonly number[]): Promise<Map<number, number>> {
    // The vector's literal was set by `semantic`; without it the store holds no vectors of this model.
    if (this.#literal === undefined || keys.length === 0) return new Map();
    const { schema: s, vector: v } = this.#o;
    const rows = await this.#client.query<{ seq: string; distance: number }>(
      `SELECT seq, embedding OPERATOR(${v}.<=>) $1::${v}.vector AS distance FROM ${s}.memories WHERE seq = ANY($2::bigint[]) AND embedding IS NOT NULL`,
      [this.#literal, keys],
    );
    return toSimilarities(rows.rows);
  }

  async rows(keys: readonly number[]): Promise<Map<number, MemoryCandidateRow>> {
    const out = new Map<number, MemoryCandidateRow>();
    if (keys.length === 0) return out;
    const sql = `SELECT ${postgresMemoryColumns} FROM ${this.#o.schema}.memories WHERE seq = ANY($1::bigint[])`;
    for (const r of (await this.#client.query<PostgresMemoryRow>(sql, [keys])).rows) {
      const expiresAt = r.expires_at === null ? null : Number(r.expires_at);
      out.set(Number(r.seq), { modality: r.modality as MemoryModality, expiresAt, memory: () => postgresRowToMemory(r) });
    }
    return out;
  }
}
