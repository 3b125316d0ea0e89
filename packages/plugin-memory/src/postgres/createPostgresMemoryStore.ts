import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { TracedMemoryDriver } from '../engine/TracedMemoryDriver.js';
import { MemoryEngine } from '../engine/MemoryEngine.js';
import { MemoryError } from '../errors/MemoryError.js';
// Types of the main entry by its name, as a user imports them (so this entry's API report lists them as imports).
import type { MemoryStore, MemoryStoreCommonOptions } from '@cortex-os/plugin-memory';
import { resolveMemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import { classifyPostgresWriteError } from './classifyPostgresWriteError.js';
import { enablePgvector } from './enablePgvector.js';
import { inPostgresTransaction, PostgresMemoryDriver, readPostgresState } from './PostgresMemoryDriver.js';
import { postgresMemoryMigrations } from './postgresMemoryMigrations.js';
import { compareVersions, quoteIdent, toPostgresFtsText } from './postgresSql.js';
import { runPostgresMigrations } from './runPostgresMigrations.js';

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

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

/**
 * Opens (or creates) a memory store in PostgreSQL with pgvector: versioned migrations on open,
 * an HNSW index (`vector_cosine_ops`) for semantic search, a GIN `tsvector` index with BM25
 * computed in SQL for keyword search, and the same behaviour and scores as the SQLite store.
 *
 * @remarks
 * Several processes may share one schema: writes are transactions, the embedding model is
 * fixed under a row lock, and migrations take an advisory lock.
 * @throws {@link @cortex-os/plugin-memory#MemoryError} `MEMORY_PGVECTOR_MISSING` when the server has no pgvector
 * (nothing is created then). {@link @cortex-os/plugin-memory#MemoryError} `MEMORY_STORE_CORRUPT` when the schema was migrated
 * by a newer version; `MEMORY_INPUT_INVALID` for a bad schema name or no connection.
 * @example
 * ```ts
 * const store = await createPostgresMemoryStore({ connectionString: process.env.DATABASE_URL, embed });
 * await store.store({ text: 'The deploy key rotates every 90 days', tags: ['ops'] });
 * const hits = await store.search({ query: 'when does the key rotate?' });
 * ```
 * @public
 */
export async function createPostgresMemoryStore(options: CreatePostgresMemoryStoreOptions): Promise<MemoryStore> {
  const schemaName = options.schema ?? 'cortex_memory';
  if (!schemaPattern.test(schemaName)) {
    throw new MemoryError(
      'MEMORY_INPUT_INVALID',
      `invalid schema name ${JSON.stringify(schemaName)}: lower-case letters, digits and _, starting with a letter or _, at most 63.`,
      { details: { issues: [{ path: 'schema', message: 'must match /^[a-z_][a-z0-9_]{0,62}$/' }] } },
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
  if (ownsPool) pool.on('error', () => {});
  const { stopWords, ...defaults } = resolveMemoryStoreDefaults(options);
  try {
    const ext = await enablePgvector(pool);
    const schema = quoteIdent(schemaName);
    const vector = quoteIdent(ext.schema);
    await runPostgresMigrations(pool, { schema, vector }, postgresMemoryMigrations);
    await rederiveWords(pool, schema, stopWords);
    const driver = new PostgresMemoryDriver(
      {
        pool,
        ownsPool,
        schema,
        vector,
        stopWords,
        exactFilterThreshold: options.exactFilterThreshold ?? 5_000,
        hnsw: { m: options.hnsw?.m ?? 16, efConstruction: options.hnsw?.efConstruction ?? 64, efSearch: options.hnsw?.efSearch ?? 40 },
        iterativeScans: compareVersions(ext.version, [0, 8, 0]) >= 0,
      },
      await readPostgresState(pool, schema),
    );
    return new MemoryEngine({
      ...defaults,
      driver: new TracedMemoryDriver(driver, 'postgresql', schema),
      embed: options.embed,
      embedModalities: options.embedModalities,
    });
  } catch (error) {
    if (ownsPool) await pool.end();
    // Opening migrates and re-derives words: a read-only database refuses it with a typed error.
    throw classifyPostgresWriteError(error, 'open');
  }
}

/** Re-derives the indexed words when the stop list changed since they were computed. */
async function rederiveWords(pool: Pool, s: string, stopWords: ReadonlySet<string>): Promise<void> {
  const stopList = [...stopWords].sort().join(' ');
  await inPostgresTransaction(pool, async (client: PoolClient) => {
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
}
