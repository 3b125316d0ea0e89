import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { EmbedInput, EmbedResult } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import {
  memoryFilterSchema,
  memoryIdSchema,
  memoryListOptionsSchema,
  memoryPatchSchema,
  memorySearchQuerySchema,
  type Memory,
  type MemoryFilter,
  type MemoryInput,
  type MemoryInputParsed,
  type MemoryModality,
  type MemoryRevision,
  type MemorySearchHit,
  type MemorySearchQueryParsed,
} from '../schema/memorySchemas.js';
import { toFtsTerms, toIndexTokens } from '../search/toFtsQuery.js';
import type { SearchCandidate } from '../search/fuseScores.js';
import type { MemoryIntegrityReport, MemoryStore, MemoryStoreReindexOptions } from '../store/MemoryStore.js';
import { assertMemoryStoreOpen } from '../store/assertMemoryStoreOpen.js';
import { assertReindexModel } from '../store/assertReindexModel.js';
import { buildMemory } from '../store/buildMemory.js';
import { checkEmbedResult } from '../store/checkEmbedResult.js';
import { collectMemoryEmbedInputs } from '../store/collectMemoryEmbedInputs.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import { resolveEmbedModalities } from '../store/resolveEmbedModalities.js';
import { rowToMemoryEmbedInput } from '../store/toMemoryEmbedInput.js';
import { createEmbeddingMismatchError } from '../store/createEmbeddingMismatchError.js';
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
import { postgresMemoryMigrations, type PostgresMemoryNames } from './postgresMemoryMigrations.js';
import { runPostgresMigrations } from './runPostgresMigrations.js';
import { searchPostgresKeywords, type PostgresWhere } from './searchPostgresKeywords.js';
import type { MemoryStoreCommonOptions } from '../store/MemoryStoreCommonOptions.js';

/**
 * HNSW parameters of the pgvector index (`vector_cosine_ops`).
 * @public
 */
export interface PostgresHnswOptions {
  /** Links per node (pgvector `m`, default 16). */
  readonly m?: number;
  /** Candidate list while building (pgvector `ef_construction`, default 64). */
  readonly efConstruction?: number;
  /** Minimum candidate list while searching (`hnsw.ef_search`, default 40; raised to the candidate pool, at most 1000). */
  readonly efSearch?: number;
}

/**
 * Options of {@link createPostgresMemoryStore}. Give `connectionString` or `pool`.
 * @public
 */
export interface CreatePostgresMemoryStoreOptions extends MemoryStoreCommonOptions {
  /** `postgres://user@host:port/database`; the store creates a pool and ends it on close. */
  readonly connectionString?: string;
  /** A pool of the caller's; the store does not end it on close. */
  readonly pool?: Pool;
  /** Connections of the pool the store creates (default 10). Use 1 for PGlite, which has one session. */
  readonly poolSize?: number;
  /** Schema holding the store's tables (default `cortex_memory`); created and migrated on open. */
  readonly schema?: string;
  /** The HNSW index parameters (`m`, `efConstruction`, `efSearch`); pgvector defaults otherwise. */
  readonly hnsw?: PostgresHnswOptions;
  /** Filtered semantic searches scan exactly when the filter leaves at most this many memories (default 5,000); otherwise HNSW with iterative scans. */
  readonly exactFilterThreshold?: number;
}

interface MemoryRow extends MemoryRowColumns {
  seq: string;
  tags: string[];
  metadata: Memory['metadata'];
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

interface StoreState {
  model: string | null;
  dimensions: number | null;
}

const memoryColumns =
  'seq, id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding_model, embedding_dimensions, version';
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;
const minimumPgvector = [0, 5, 0] as const;
/** The keyword index covers this many characters of a memory's indexed words (a tsvector holds at most 1 MB). */
const maxIndexedChars = 500_000;
const hnswIndexName = 'memories_embedding_hnsw';

function rowToMemory(row: MemoryRow): Memory {
  return memoryFromRow({
    ...row,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
  });
}

/** pgvector's text form: `[0.1,0.2,…]`. Each float32 prints as the shortest double that reads back to it. */
export function toVectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

/** The indexed words of a text, as the keyword index holds them, and their count. */
export function toPostgresFtsText(text: string, stopWords: ReadonlySet<string>): { ftsText: string; ftsTokens: number } {
  const words: string[] = [];
  let chars = 0;
  for (const word of toIndexTokens(text, stopWords)) {
    chars += word.length + 1;
    if (chars > maxIndexedChars) break;
    words.push(word);
  }
  return { ftsText: words.join(' '), ftsTokens: words.length };
}

/**
 * The WHERE conditions of a filter over alias `m` (expiry included), with `$1`… placeholders.
 */
export function postgresFilterSql(filter: MemoryFilter | undefined, at: number): PostgresWhere {
  const params: unknown[] = [at];
  const clauses = ['(m.expires_at IS NULL OR m.expires_at > $1)'];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter?.kinds !== undefined) clauses.push(`m.kind = ANY(${add(filter.kinds)}::text[])`);
  if (filter?.modalities !== undefined) clauses.push(`m.modality = ANY(${add(filter.modalities)}::text[])`);
  if (filter?.tiers !== undefined) clauses.push(`m.tier = ANY(${add(filter.tiers)}::text[])`);
  if (filter?.tags !== undefined && filter.tags.length > 0) clauses.push(`m.tags @> ${add(filter.tags)}::text[]`);
  if (filter?.createdFrom !== undefined) clauses.push(`m.created_at >= ${add(filter.createdFrom)}`);
  if (filter?.createdTo !== undefined) clauses.push(`m.created_at < ${add(filter.createdTo)}`);
  return { sql: clauses.join(' AND '), params };
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Retried with an exclusive lock: the first vectors of a store must fix its model. */
class NeedsExclusiveLock extends Error {}

/**
 * Ensures pgvector is enabled in the database and returns its version and schema.
 * @throws {@link MemoryError} `MEMORY_PGVECTOR_MISSING`
 */
async function enablePgvector(pool: Pool): Promise<{ version: number[]; schema: string }> {
  const available = (
    await pool.query<{ default_version: string | null; installed_version: string | null }>(
      "SELECT default_version, installed_version FROM pg_available_extensions WHERE name = 'vector'",
    )
  ).rows[0];
  const server = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown';
  if (available === undefined) {
    throw new MemoryError(
      'MEMORY_PGVECTOR_MISSING',
      `the server (PostgreSQL ${server}) has no pgvector extension: install it (e.g. apt install postgresql-15-pgvector from the PostgreSQL apt repository) or use the sqlite store.`,
      { details: { serverVersion: server } },
    );
  }
  if (available.installed_version === null) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('cortex-memory-pgvector', 0))");
      await client.query('CREATE EXTENSION IF NOT EXISTS vector');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      const code = (error as { code?: string }).code;
      throw new MemoryError(
        'MEMORY_PGVECTOR_MISSING',
        `pgvector ${available.default_version ?? ''} is installed on the server but not enabled in this database, and enabling it failed (${(error as Error).message}): run CREATE EXTENSION vector once as a superuser, or use the sqlite store.`,
        { cause: error, details: { serverVersion: server, sqlState: code } },
      );
    } finally {
      client.release();
    }
  }
  const row = (
    await pool.query<{ extversion: string; schema: string }>(
      "SELECT extversion, extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'vector'",
    )
  ).rows[0];
  const version = (row?.extversion ?? '0').split('.').map((n) => Number.parseInt(n, 10) || 0);
  if (row === undefined || compareVersions(version, minimumPgvector) < 0) {
    throw new MemoryError(
      'MEMORY_PGVECTOR_MISSING',
      `the server's pgvector is version ${row?.extversion ?? 'none'}; HNSW needs 0.5.0 or newer: upgrade it (ALTER EXTENSION vector UPDATE) or use the sqlite store.`,
      {
        details: { serverVersion: server, pgvectorVersion: row?.extversion },
      },
    );
  }
  return { version, schema: row.schema.replace(/^"|"$/g, '').replaceAll('""', '"') };
}

/**
 * Opens (or creates) a memory store in PostgreSQL with pgvector: versioned migrations on open,
 * an HNSW index (`vector_cosine_ops`) for semantic search, a GIN `tsvector` index with BM25
 * computed in SQL for keyword search, and the same behaviour and scores as the SQLite store.
 *
 * @remarks
 * Several processes may share one schema: writes are transactions, the embedding model is
 * fixed under a row lock, and migrations take an advisory lock.
 * @throws {@link MemoryError} `MEMORY_PGVECTOR_MISSING` when the server has no pgvector
 * (nothing is created then). {@link MemoryError} `MEMORY_STORE_CORRUPT` when the schema was migrated
 * by a newer version; `MEMORY_INPUT_INVALID` for a bad schema name or no connection.
 * @example
 * ```ts
 * const store = await createPostgresMemoryStore({ connectionString: process.env.DATABASE_URL, embed });
 * await store.store({ text: 'The deploy key rotates every 90 days', tags: ['ops'] });
 * const hits = await store.search({ query: 'when does the key rotate?' });
 * ```
 * @public
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #13 (memory) splits one store engine from its drivers
export async function createPostgresMemoryStore(options: CreatePostgresMemoryStoreOptions): Promise<MemoryStore> {
  const schemaName = options.schema ?? 'cortex_memory';
  if (!schemaPattern.test(schemaName)) {
    throw new MemoryError(
      'MEMORY_INPUT_INVALID',
      `invalid schema name ${JSON.stringify(schemaName)}: lower-case letters, digits and _, starting with a letter or _, at most 63.`,
      {
        details: { issues: [{ path: 'schema', message: 'must match /^[a-z_][a-z0-9_]{0,62}$/' }] },
      },
    );
  }
  if (options.pool === undefined && options.connectionString === undefined) {
    throw new MemoryError('MEMORY_INPUT_INVALID', 'createPostgresMemoryStore needs `connectionString` or `pool`.', {
      details: { issues: [{ path: 'connectionString', message: 'required when no pool is given' }] },
    });
  }
  const ownsPool = options.pool === undefined;
  const pool: Pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that breaks (server restart) must not crash the process; the next query reconnects.
  const onIdleError = (): void => {};
  if (ownsPool) pool.on('error', onIdleError);

  const { now, nextId, stopWords, contentPolicy, limits } = resolveMemoryStoreDefaults(options);
  const exactFilterThreshold = options.exactFilterThreshold ?? 5_000;
  const hnswM = options.hnsw?.m ?? 16;
  const hnswEfConstruction = options.hnsw?.efConstruction ?? 64;
  const hnswEfSearch = options.hnsw?.efSearch ?? 40;
  let embed = options.embed;

  let names: PostgresMemoryNames;
  let pgvectorVersion: number[];
  try {
    const ext = await enablePgvector(pool);
    pgvectorVersion = ext.version;
    names = { schema: quoteIdent(schemaName), vector: quoteIdent(ext.schema) };
    await runPostgresMigrations(pool, names, postgresMemoryMigrations);
  } catch (error) {
    if (ownsPool) await pool.end();
    throw error;
  }
  const s = names.schema;
  const v = names.vector;
  const iterativeScans = compareVersions(pgvectorVersion, [0, 8, 0]) >= 0;
  const stopList = [...stopWords].sort().join(' ');

  async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
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

  async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  async function readState(db: Pick<PoolClient, 'query'>, lock = ''): Promise<StoreState> {
    const row = (
      await db.query<{ embedding_model: string | null; embedding_dimensions: number | null }>(
        `SELECT embedding_model, embedding_dimensions FROM ${s}.memory_state ${lock}`,
      )
    ).rows[0];
    return { model: row?.embedding_model ?? null, dimensions: row?.embedding_dimensions ?? null };
  }

  // Re-derive the indexed words when the stop list changed since they were computed.
  await transaction(async (client) => {
    const row = (await client.query<{ stop_words: string | null }>(`SELECT stop_words FROM ${s}.memory_state FOR UPDATE`)).rows[0];
    if (row?.stop_words === stopList) return;
    let after = 0;
    for (;;) {
      const page = (
        await client.query<{ seq: string; text: string }>(`SELECT seq, text FROM ${s}.memories WHERE seq > $1 ORDER BY seq LIMIT 1000`, [
          after,
        ])
      ).rows;
      if (page.length === 0) break;
      const words = page.map((r) => toPostgresFtsText(r.text, stopWords));
      await client.query(
        `UPDATE ${s}.memories m SET fts_text = u.fts_text, fts_tokens = u.fts_tokens FROM unnest($1::bigint[], $2::text[], $3::integer[]) AS u(seq, fts_text, fts_tokens) WHERE m.seq = u.seq`,
        [page.map((r) => r.seq), words.map((w) => w.ftsText), words.map((w) => w.ftsTokens)],
      );
      after = Number((page.at(-1) as { seq: string }).seq);
    }
    await client.query(`UPDATE ${s}.memory_state SET stop_words = $1`, [stopList]);
  });

  let closed = false;
  /** Last known model; the row in `memory_state` is authoritative and re-read under lock on writes. */
  let embedding: { model: string; dimensions: number } | undefined;
  {
    const state = await readState(pool);
    if (state.model !== null && state.dimensions !== null) embedding = { model: state.model, dimensions: state.dimensions };
  }

  function assertOpen(): void {
    assertMemoryStoreOpen(closed);
  }

  const maxDimensions = {
    limit: 16_000,
    message: (result: EmbedResult) => `pgvector stores at most 16,000 dimensions; ${result.model} returned ${result.dimensions}.`,
  };

  function checkEmbedding(result: EmbedResult, count: number, against: { model: string; dimensions: number } | undefined): Float32Array[] {
    return checkEmbedResult(result, count, against, { maxDimensions });
  }

  type Embedded = { model: string; dimensions: number; vectors: Float32Array[] };

  /** Embeds memory inputs (texts, or image/audio bytes the model embeds; see `toMemoryEmbedInput`). */
  async function embedInputs(inputs: readonly EmbedInput[], signal?: AbortSignal): Promise<Embedded | undefined> {
    if (embed === undefined || inputs.length === 0) return undefined;
    const result = await embedMemoryInputs(embed, inputs, signal);
    signal?.throwIfAborted();
    return { model: result.model, dimensions: result.dimensions, vectors: checkEmbedding(result, inputs.length, embedding) };
  }

  const hnswIndexSql = (dimensions: number): string =>
    `CREATE INDEX IF NOT EXISTS ${hnswIndexName} ON ${s}.memories USING hnsw ((embedding::${v}.vector(${dimensions})) ${v}.vector_cosine_ops) WITH (m = ${hnswM}, ef_construction = ${hnswEfConstruction})`;

  /**
   * Locks the store's state for a write with vectors of `model`: shared when the model is
   * already fixed (writers proceed together), exclusive when these vectors fix it.
   */
  async function lockModel(client: PoolClient, vectors: Embedded | undefined, exclusive: boolean): Promise<void> {
    if (vectors === undefined) return;
    const state = await readState(client, exclusive ? 'FOR UPDATE' : 'FOR SHARE');
    if (state.model !== null && state.dimensions !== null) {
      embedding = { model: state.model, dimensions: state.dimensions };
      if (state.model !== vectors.model || state.dimensions !== vectors.dimensions) throw createEmbeddingMismatchError(embedding, vectors);
      return;
    }
    if (!exclusive) throw new NeedsExclusiveLock();
    await client.query(`UPDATE ${s}.memory_state SET embedding_model = $1, embedding_dimensions = $2`, [vectors.model, vectors.dimensions]);
    await client.query(hnswIndexSql(vectors.dimensions));
    embedding = { model: vectors.model, dimensions: vectors.dimensions };
  }

  /** Runs a write that may fix the model: first with a shared lock, again with an exclusive one if needed. */
  async function writeWithModel<T>(vectors: Embedded | undefined, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const run = (exclusive: boolean) =>
      transaction(async (client) => {
        await lockModel(client, vectors, exclusive);
        return work(client);
      });
    try {
      return await run(embedding === undefined && vectors !== undefined);
    } catch (error) {
      if (error instanceof NeedsExclusiveLock) return run(true);
      throw error;
    }
  }

  async function prepareInputs(
    inputs: readonly MemoryInput[],
    signal?: AbortSignal,
    skipEmbedding = false,
  ): Promise<{ parsed: MemoryInputParsed[]; vectors: Embedded | undefined; embedIndexes: number[] }> {
    const parsed = await parseLongTermInputs(inputs, contentPolicy, limits, now());
    const { embedIndexes, inputs: embedInputList } = collectMemoryEmbedInputs(
      parsed,
      resolveEmbedModalities(embed, options.embedModalities),
      skipEmbedding,
    );
    const vectors = await embedInputs(embedInputList, signal);
    return { parsed, vectors, embedIndexes };
  }

  async function storeMany(inputs: readonly MemoryInput[], signal?: AbortSignal, skipEmbedding = false): Promise<Memory[]> {
    assertOpen();
    if (inputs.length === 0) return [];
    const { parsed, vectors, embedIndexes } = await prepareInputs(inputs, signal, skipEmbedding);
    assertOpen();
    const vectorOf = vectorsByInput(embedIndexes, vectors);
    const memories = parsed.map((p, i): Memory => {
      const at = now();
      const vector = vectorOf.get(i);
      return buildMemory(p, {
        id: p.id ?? nextId(),
        tier: 'ltm',
        at,
        embedding: vector === undefined ? undefined : { model: (vectors as Embedded).model, dimensions: vector.length },
      });
    });
    const columns = 16;
    await writeWithModel(vectors, async (client) => {
      for (let start = 0; start < memories.length; start += 500) {
        const chunk = memories.slice(start, start + 500);
        const params: unknown[] = [];
        const tuples = chunk.map((m, j) => {
          const vector = vectorOf.get(start + j);
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
        try {
          await client.query(
            `INSERT INTO ${s}.memories (id, kind, text, modality, content, media_type, tags, metadata, tier, created_at, updated_at, expires_at, embedding, embedding_model, embedding_dimensions, version, fts_text, fts_tokens) VALUES ${tuples.join(', ')}`,
            params,
          );
        } catch (error) {
          if ((error as { code?: string }).code === '23505') {
            throw new MemoryError(
              'MEMORY_INPUT_INVALID',
              `a memory with one of these ids already exists (${(error as { detail?: string }).detail ?? 'duplicate id'}).`,
              {
                cause: error,
                details: { issues: [{ path: 'id', message: 'already exists' }] },
              },
            );
          }
          throw error;
        }
      }
    });
    return memories;
  }

  async function semanticCandidates(
    client: PoolClient,
    literal: string,
    dimensions: number,
    k: number,
    filter: MemoryFilter | undefined,
    at: number,
  ): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const where = postgresFilterSql(filter, at);
    const qi = where.params.length + 1;
    let exact = false;
    if (hasMemoryFilter(filter)) {
      const count = Number(
        (
          await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql}`, [
            ...where.params,
          ])
        ).rows[0]?.n ?? 0,
      );
      if (count === 0) return out;
      exact = count <= exactFilterThreshold;
    }
    let rows: { seq: string; distance: number }[];
    if (exact) {
      // A selective filter: the un-cast expression does not match the HNSW index, so this scans exactly.
      rows = (
        await client.query<{ seq: string; distance: number }>(
          `SELECT m.seq, m.embedding OPERATOR(${v}.<=>) $${qi}::${v}.vector AS distance FROM ${s}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql} ORDER BY distance LIMIT $${qi + 1}`,
          [...where.params, literal, k],
        )
      ).rows;
    } else {
      await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(hnswEfSearch, k))}`);
      if (iterativeScans) await client.query('SET LOCAL hnsw.iterative_scan = relaxed_order');
      const cast = `m.embedding::${v}.vector(${dimensions})`;
      rows = (
        await client.query<{ seq: string; distance: number }>(
          `SELECT m.seq, ${cast} OPERATOR(${v}.<=>) $${qi}::${v}.vector(${dimensions}) AS distance FROM ${s}.memories m WHERE m.embedding IS NOT NULL AND ${where.sql} ORDER BY ${cast} OPERATOR(${v}.<=>) $${qi}::${v}.vector(${dimensions}) LIMIT $${qi + 1}`,
          [...where.params, literal, k],
        )
      ).rows;
    }
    for (const r of rows) out.set(Number(r.seq), Number.isFinite(r.distance) ? 1 - r.distance : 0);
    return out;
  }

  async function runSearch(query: MemorySearchQueryParsed, signal?: AbortSignal): Promise<MemorySearchHit[]> {
    const at = now();
    const wantsKeyword = query.mode !== 'semantic';
    const poolSize = Math.max(query.limit * 4, 50);
    const embedded = await embedSearchQuery(query, embed === undefined ? undefined : embedInputs, signal);
    const vector = embedded?.vectors[0];
    const vectorModel = embedded === undefined ? undefined : { model: embedded.model, dimensions: embedded.dimensions };
    assertOpen();
    const terms = wantsKeyword ? toFtsTerms(query.query, stopWords) : [];
    return transaction(async (client) => {
      // Search queries are short: JIT compilation (on by default since PostgreSQL 12) costs more than it saves.
      await client.query('SET LOCAL jit = off');
      const state = await readState(client);
      let literal: string | undefined;
      if (vector !== undefined && vectorModel !== undefined && state.model !== null && state.dimensions !== null) {
        if (state.model !== vectorModel.model || state.dimensions !== vectorModel.dimensions)
          throw createEmbeddingMismatchError({ model: state.model, dimensions: state.dimensions }, vectorModel);
        literal = toVectorLiteral(vector);
      }
      const semantic =
        literal === undefined
          ? new Map<number, number>()
          : await semanticCandidates(client, literal, state.dimensions as number, poolSize, query.filter, at);
      const keyword = await searchPostgresKeywords(client, s, terms, { limit: poolSize, where: postgresFilterSql(query.filter, at) });
      const keys = [...new Set([...semantic.keys(), ...keyword.keys()])];
      if (query.mode === 'hybrid' || query.mode === 'rrf') {
        // Complete each candidate's missing signal exactly, so every blended score uses both.
        const needCosine = literal === undefined ? [] : keys.filter((k) => !semantic.has(k));
        if (needCosine.length > 0) {
          const rows = (
            await client.query<{ seq: string; distance: number }>(
              `SELECT seq, embedding OPERATOR(${v}.<=>) $1::${v}.vector AS distance FROM ${s}.memories WHERE seq = ANY($2::bigint[]) AND embedding IS NOT NULL`,
              [literal, needCosine],
            )
          ).rows;
          for (const r of rows) semantic.set(Number(r.seq), Number.isFinite(r.distance) ? 1 - r.distance : 0);
        }
        const needBm25 = keys.filter((k) => !keyword.has(k));
        for (const [k, score] of await searchPostgresKeywords(client, s, terms, { seqs: needBm25 })) keyword.set(k, score);
      }
      const rows = new Map<number, MemoryRow>();
      if (keys.length > 0) {
        for (const r of (await client.query<MemoryRow>(`SELECT ${memoryColumns} FROM ${s}.memories WHERE seq = ANY($1::bigint[])`, [keys]))
          .rows)
          rows.set(Number(r.seq), r);
      }
      const candidates: SearchCandidate[] = [];
      for (const key of keys) {
        const row = rows.get(key);
        if (row === undefined) continue;
        const cosine = semantic.get(key);
        const bm25 = keyword.get(key);
        candidates.push(createSearchCandidate(key, row.modality as MemoryModality, cosine, bm25));
      }
      return fuseMemoryHits(candidates, query, (key) => rowToMemory(rows.get(key) as MemoryRow));
    });
  }

  const isId = (id: string): boolean => memoryIdSchema.safeParse(id).success;

  const store: MemoryStore = {
    ...batchWriteMethods(storeMany),
    async get(id) {
      assertOpen();
      if (!isId(id)) return undefined;
      const row = (
        await pool.query<MemoryRow>(
          `SELECT ${memoryColumns} FROM ${s}.memories m WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
          [id, now()],
        )
      ).rows[0];
      return row === undefined ? undefined : rowToMemory(row);
    },
    async search(query, opts) {
      assertOpen();
      return runSearch(parseInput(memorySearchQuerySchema, query, 'search query'), opts?.signal);
    },
    async update(id, patch, opts) {
      assertOpen();
      const parsed = parseInput(memoryPatchSchema, patch, 'memory patch');
      if (!isId(id)) throw createMemoryNotFoundError(id);
      const before = (
        await pool.query<MemoryRow>(
          `SELECT ${memoryColumns} FROM ${s}.memories WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)`,
          [id, now()],
        )
      ).rows[0];
      if (before === undefined) throw createMemoryNotFoundError(id);
      const { textChanged, embedInput } = resolvePatchText(
        parsed,
        rowToMemory(before),
        opts?.skipEmbedding === true,
        resolveEmbedModalities(embed, options.embedModalities),
      );
      const vectors = embedInput === undefined ? undefined : await embedInputs([embedInput], opts?.signal);
      assertOpen();
      const row = await writeWithModel(vectors, async (client) => {
        const current = (await client.query<MemoryRow>(`SELECT ${memoryColumns} FROM ${s}.memories WHERE id = $1 FOR UPDATE`, [id]))
          .rows[0];
        if (current === undefined) throw createMemoryNotFoundError(id, true);
        const at = Math.max(now(), Number(current.updated_at));
        await client.query(
          `INSERT INTO ${s}.memory_history (id, version, kind, text, tags, metadata, expires_at, replaced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, current.version, current.kind, current.text, current.tags, JSON.stringify(current.metadata), current.expires_at, at],
        );
        const text = parsed.text ?? current.text;
        const words = toPostgresFtsText(text, stopWords);
        const vector = vectors?.vectors[0];
        const params: unknown[] = [
          id,
          parsed.kind ?? current.kind,
          text,
          parsed.tags ?? current.tags,
          JSON.stringify(parsed.metadata ?? current.metadata),
          parsed.expiresAt === undefined ? current.expires_at : parsed.expiresAt,
          at,
          words.ftsText,
          words.ftsTokens,
        ];
        let reembed = '';
        if (textChanged) {
          params.push(
            vector === undefined ? null : toVectorLiteral(vector),
            vector === undefined ? null : (vectors as Embedded).model,
            vector === undefined ? null : vector.length,
          );
          reembed = `, embedding = $10::${v}.vector, embedding_model = $11, embedding_dimensions = $12::integer`;
        }
        return (
          await client.query<MemoryRow>(
            `UPDATE ${s}.memories SET kind = $2, text = $3, tags = $4::text[], metadata = $5::jsonb, expires_at = $6::bigint, updated_at = $7::bigint, fts_text = $8, fts_tokens = $9::integer, version = version + 1${reembed}
             WHERE id = $1 RETURNING ${memoryColumns}`,
            params,
          )
        ).rows[0] as MemoryRow;
      });
      return rowToMemory(row);
    },
    async history(id) {
      assertOpen();
      if (!isId(id)) return [];
      const rows = (
        await pool.query<{
          id: string;
          version: number;
          kind: string;
          text: string;
          tags: string[];
          metadata: MemoryRevision['metadata'];
          expires_at: string | null;
          replaced_at: string;
        }>(
          `SELECT id, version, kind, text, tags, metadata, expires_at, replaced_at FROM ${s}.memory_history WHERE id = $1 ORDER BY version`,
          [id],
        )
      ).rows;
      return rows.map((r) =>
        toMemoryRevision({ ...r, expiresAt: r.expires_at === null ? null : Number(r.expires_at), replacedAt: Number(r.replaced_at) }),
      );
    },
    async delete(id) {
      assertOpen();
      if (!isId(id)) return false;
      return transaction(async (client) => {
        const removed = await client.query(`DELETE FROM ${s}.memories WHERE id = $1`, [id]);
        await client.query(`DELETE FROM ${s}.memory_history WHERE id = $1`, [id]);
        return (removed.rowCount ?? 0) > 0;
      });
    },
    async list(listOptions = {}) {
      assertOpen();
      const parsed = parseInput(memoryListOptionsSchema, listOptions, 'list options');
      const { limit, cursor, ...filter } = parsed;
      const where = postgresFilterSql(parseInput(memoryFilterSchema, filter, 'list filter'), now());
      const params = [...where.params];
      let sql = where.sql;
      if (cursor !== undefined) {
        params.push(decodeMemoryCursor(cursor));
        sql += ` AND m.id < $${params.length}::uuid`;
      }
      params.push(limit + 1);
      const rows = (
        await pool.query<MemoryRow>(
          `SELECT ${memoryColumns} FROM ${s}.memories m WHERE ${sql} ORDER BY m.id DESC LIMIT $${params.length}`,
          params,
        )
      ).rows;
      const items = rows.slice(0, limit).map(rowToMemory);
      const last = items.at(-1);
      return rows.length > limit && last !== undefined ? { items, nextCursor: encodeMemoryCursor(last.id) } : { items };
    },
    async stats() {
      assertOpen();
      const at = now();
      return withClient(async (client) => {
        const live = '(expires_at IS NULL OR expires_at > $1)';
        const kinds = (
          await client.query<{ kind: string; n: string }>(
            `SELECT kind, count(*) AS n FROM ${s}.memories WHERE ${live} GROUP BY kind ORDER BY kind`,
            [at],
          )
        ).rows;
        const modalities = (
          await client.query<{ modality: MemoryModality; n: string }>(
            `SELECT modality, count(*) AS n FROM ${s}.memories WHERE ${live} GROUP BY modality`,
            [at],
          )
        ).rows;
        const state = await readState(client);
        const vectors = (
          await client.query<{ expected: string; indexed: string; size: string }>(
            `SELECT count(*) FILTER (WHERE embedding IS NOT NULL) AS expected,
                    count(*) FILTER (WHERE embedding IS NOT NULL AND embedding_model IS NOT DISTINCT FROM $1 AND ${v}.vector_dims(embedding) = $2) AS indexed,
                    (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relnamespace = $3::regnamespace AND c.relkind IN ('r', 't', 'm')) AS size
             FROM ${s}.memories`,
            [state.model, state.dimensions ?? 0, s],
          )
        ).rows[0];
        embedding = state.model === null || state.dimensions === null ? undefined : { model: state.model, dimensions: state.dimensions };
        return buildLongTermStats({
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
        });
      });
    },
    async reindex(reindexOptions: MemoryStoreReindexOptions = {}) {
      assertOpen();
      const { embed: useEmbed, batchSize } = resolveReindexEmbedder(reindexOptions, embed);
      const modalities = resolveEmbedModalities(useEmbed, options.embedModalities);
      const fromBytes = modalities.filter((m) => m === 'image' || m === 'audio');
      let model: string | undefined;
      let dimensions = 0;
      const embedBatch = async (inputs: readonly EmbedInput[]): Promise<Float32Array[]> => {
        const result = await embedMemoryInputs(useEmbed, inputs.length === 0 ? ['probe'] : inputs, reindexOptions.signal);
        reindexOptions.signal?.throwIfAborted();
        assertReindexModel(model, dimensions, result);
        const vectors = checkEmbedding(result, inputs.length === 0 ? 1 : inputs.length, undefined);
        model = result.model;
        dimensions = result.dimensions;
        return vectors;
      };
      type ReindexRow = {
        seq: string;
        text: string;
        version: number;
        modality: MemoryModality;
        content: Buffer | null;
        media_type: string | null;
      };
      // Content is read only where it is embedded, one page at a time (it can be large).
      const reindexColumns = `seq, text, version, modality, CASE WHEN modality = ANY($1::text[]) THEN content END AS content, media_type`;
      const embedsSomething = `(trim(text) <> '' OR modality = ANY($1::text[]))`;
      const done = new Map<number, { version: number; vector: Float32Array }>();
      /** Embeds a page of rows (those with something to embed, see `toMemoryEmbedInput`) into `done`. */
      const embedPage = async (page: readonly ReindexRow[]): Promise<void> => {
        const rows = page.flatMap((r) => {
          const input = rowToMemoryEmbedInput(r, modalities);
          return input === undefined ? [] : [{ seq: Number(r.seq), version: r.version, input }];
        });
        if (rows.length === 0) return;
        const vectors = await embedBatch(rows.map((r) => r.input));
        for (const [i, r] of rows.entries()) done.set(r.seq, { version: r.version, vector: vectors[i] as Float32Array });
      };
      // Embed everything first, outside any transaction: the old index serves searches meanwhile.
      let after = 0;
      for (;;) {
        const page = (
          await pool.query<ReindexRow>(
            `SELECT ${reindexColumns} FROM ${s}.memories WHERE seq > $2 AND ${embedsSomething} ORDER BY seq LIMIT $3`,
            [fromBytes, after, batchSize],
          )
        ).rows;
        if (page.length === 0) break;
        await embedPage(page);
        after = Number((page.at(-1) as { seq: string }).seq);
      }
      if (model === undefined) await embedBatch([]);
      assertOpen();
      const finalModel = model as string;
      const count = await transaction(async (client) => {
        await client.query(`SELECT 1 FROM ${s}.memory_state FOR UPDATE`);
        // Memories written or changed by other processes while this one was embedding.
        const current = (
          await client.query<{ seq: string; version: number }>(`SELECT seq, version FROM ${s}.memories WHERE ${embedsSomething}`, [
            fromBytes,
          ])
        ).rows;
        const stale = current.filter((r) => done.get(Number(r.seq))?.version !== r.version).map((r) => Number(r.seq));
        for (let i = 0; i < stale.length; i += batchSize) {
          await embedPage(
            (
              await client.query<ReindexRow>(`SELECT ${reindexColumns} FROM ${s}.memories WHERE seq = ANY($2::bigint[])`, [
                fromBytes,
                stale.slice(i, i + batchSize),
              ])
            ).rows,
          );
        }
        await client.query(`DROP INDEX IF EXISTS ${s}.${hnswIndexName}`);
        await client.query(
          `UPDATE ${s}.memories SET embedding = NULL, embedding_model = NULL, embedding_dimensions = NULL WHERE embedding IS NOT NULL OR embedding_model IS NOT NULL`,
        );
        const live = new Set(current.map((r) => Number(r.seq)));
        const updates = [...done.entries()].filter(([seq]) => live.has(seq));
        for (let i = 0; i < updates.length; i += 1000) {
          const chunk = updates.slice(i, i + 1000);
          await client.query(
            `UPDATE ${s}.memories m SET embedding = u.embedding::${v}.vector, embedding_model = $3, embedding_dimensions = $4 FROM unnest($1::bigint[], $2::text[]) AS u(seq, embedding) WHERE m.seq = u.seq`,
            [chunk.map(([seq]) => seq), chunk.map(([, d]) => toVectorLiteral(d.vector)), finalModel, dimensions],
          );
        }
        await client.query(`UPDATE ${s}.memory_state SET embedding_model = $1, embedding_dimensions = $2, instance = gen_random_uuid()`, [
          finalModel,
          dimensions,
        ]);
        await client.query(hnswIndexSql(dimensions));
        return updates.length;
      });
      embedding = { model: finalModel, dimensions };
      embed = useEmbed;
      return { count, model: finalModel, dimensions };
    },
    async checkIntegrity(): Promise<MemoryIntegrityReport> {
      assertOpen();
      return withClient(async (client) => {
        const problems: string[] = [];
        const state = await readState(client);
        const fts = (
          await client.query<{ documents: string; tokens: string; real_documents: string; real_tokens: string }>(
            `SELECT f.documents, f.tokens, (SELECT count(*) FROM ${s}.memories) AS real_documents, (SELECT coalesce(sum(fts_tokens), 0) FROM ${s}.memories) AS real_tokens FROM ${s}.memory_fts_stats f`,
          )
        ).rows[0];
        if (fts === undefined || fts.documents !== fts.real_documents || fts.tokens !== fts.real_tokens) {
          problems.push(
            `keyword statistics disagree with the table (${fts?.documents}/${fts?.tokens} recorded, ${fts?.real_documents}/${fts?.real_tokens} counted)`,
          );
        }
        if (state.model !== null) {
          const index = (
            await client.query<{ valid: boolean; definition: string }>(
              `SELECT i.indisvalid AND i.indisready AS valid, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND c.relnamespace = $2::regnamespace`,
              [hnswIndexName, s],
            )
          ).rows[0];
          if (index === undefined) problems.push(`the HNSW index ${hnswIndexName} is missing`);
          else if (!index.valid) problems.push(`the HNSW index ${hnswIndexName} is invalid (an interrupted build): call reindex()`);
          else if (!index.definition.includes(`vector(${state.dimensions})`) || !index.definition.includes('vector_cosine_ops'))
            problems.push(`the HNSW index does not match the model's ${state.dimensions} dimensions`);
        }
        const rows = (
          await client.query<{ id: string; indexed: boolean }>(
            `SELECT id, (embedding_model IS NOT DISTINCT FROM $1 AND ${v}.vector_dims(embedding) = $2) AS indexed FROM ${s}.memories WHERE embedding IS NOT NULL`,
            [state.model, state.dimensions ?? 0],
          )
        ).rows;
        const missingFromIndex = rows.filter((r) => !r.indexed).map((r) => r.id);
        const database = problems.length === 0 ? 'ok' : problems.join('; ');
        return {
          ok: problems.length === 0 && missingFromIndex.length === 0,
          database,
          tableVectors: rows.length,
          indexVectors: rows.length - missingFromIndex.length,
          missingFromIndex,
          extraInIndex: 0,
        };
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (ownsPool) await pool.end();
    },
    async [Symbol.asyncDispose]() {
      await store.close();
    },
  };
  return store;
}
