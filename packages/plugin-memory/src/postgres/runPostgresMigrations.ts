import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { MemoryError } from '../errors/MemoryError.js';
import type { PostgresMemoryNames, PostgresMigration } from './postgresMemoryMigrations.js';

/**
 * What {@link runPostgresMigrations} did.
 * @public
 */
export interface PostgresMigrationReport {
  /** Versions applied by this call, in order (empty when the schema was current). */
  readonly applied: readonly number[];
  /** The schema's version afterwards. */
  readonly version: number;
}

/** Checksum of a migration's SQL rendered with placeholder names, so it does not depend on the schema. */
export function postgresMigrationChecksum(migration: PostgresMigration): string {
  return createHash('sha256')
    .update(migration.sql({ schema: '"$schema"', vector: '"$vector"' }))
    .digest('hex')
    .slice(0, 16);
}

/** Key of the transaction-level advisory lock that serialises migrations of one schema. */
function lockKey(schema: string): string {
  return `cortex-memory-migrations:${schema}`;
}

/**
 * Brings `names.schema` to the newest of `migrations`: creates the schema and its
 * `memory_migrations` table when missing, then applies each pending migration in its own
 * transaction under an advisory lock, recording version, name and checksum. Running it again,
 * or from several processes at once, applies each migration exactly once.
 *
 * @throws {@link MemoryError} `MEMORY_STORE_CORRUPT` when the schema has a migration this
 * version does not know (a newer release wrote it) or an applied migration's checksum differs.
 * Errors of a migration's SQL are rethrown after its transaction is rolled back; the migrations
 * before it stay applied.
 * @public
 */
export async function runPostgresMigrations(
  pool: Pool,
  names: PostgresMemoryNames,
  migrations: readonly PostgresMigration[],
): Promise<PostgresMigrationReport> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1, 2, 3, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  const s = names.schema;
  const applied: number[] = [];
  const client = await pool.connect();
  try {
    // The first step also creates the schema and the bookkeeping table; each later migration
    // is its own transaction, so a failing one leaves the earlier ones applied.
    for (let step = 0; step <= sorted.length; step++) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey(s)]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${s}.memory_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        const done = (
          await client.query<{ version: number; checksum: string }>(`SELECT version, checksum FROM ${s}.memory_migrations ORDER BY version`)
        ).rows;
        const newest = done.at(-1)?.version ?? 0;
        if (newest > sorted.length) {
          throw new MemoryError(
            'MEMORY_STORE_CORRUPT',
            `the schema ${s} is at migration ${newest}; this version of @cortex-os/plugin-memory knows migrations up to ${sorted.length}.`,
            {
              details: { schema: s, version: newest, known: sorted.length },
            },
          );
        }
        for (const row of done) {
          const known = sorted[row.version - 1] as PostgresMigration;
          if (postgresMigrationChecksum(known) !== row.checksum) {
            throw new MemoryError(
              'MEMORY_STORE_CORRUPT',
              `migration ${row.version} (${known.name}) of schema ${s} was applied with other SQL (checksum ${row.checksum}).`,
              {
                details: { schema: s, version: row.version, checksum: row.checksum, expected: postgresMigrationChecksum(known) },
              },
            );
          }
        }
        const migration = sorted[step - 1];
        if (migration !== undefined && !done.some((d) => d.version === migration.version)) {
          await client.query(migration.sql(names));
          await client.query(`INSERT INTO ${s}.memory_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
            migration.version,
            migration.name,
            postgresMigrationChecksum(migration),
          ]);
          applied.push(migration.version);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    client.release();
  }
  return { applied, version: sorted.length };
}
