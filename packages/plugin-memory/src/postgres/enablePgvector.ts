import type { Pool } from 'pg';
import { MemoryError } from '../errors/MemoryError.js';
import { compareVersions } from './postgresSql.js';

const minimumPgvector = [0, 5, 0] as const;

/**
 * Ensures pgvector is enabled in the database and returns its version and schema.
 * @throws {@link MemoryError} `MEMORY_PGVECTOR_MISSING`
 */
export async function enablePgvector(pool: Pool): Promise<{ version: number[]; schema: string }> {
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
