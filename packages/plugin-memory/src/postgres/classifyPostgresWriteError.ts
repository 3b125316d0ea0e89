import { MemoryError } from '../errors/MemoryError.js';

/** SQLSTATE `read_only_sql_transaction`: a read-only session, role or database, or a hot standby. */
const readOnlyState = '25006';
/** SQLSTATE `disk_full`. */
const diskFullState = '53100';

/**
 * Turns the error a PostgreSQL write failed with into the store's typed error when the database
 * refuses writes: `MEMORY_STORE_READ_ONLY` (`unavailable`, 503) for a read-only transaction or
 * standby, `MEMORY_STORAGE_FULL` (`insufficient-storage`, 507) for a full disk. The message and
 * `details` name the store operation and the SQLSTATE only — never the server's text, SQL or a
 * path (the original error stays as `cause`, for logs). Any other error is returned unchanged.
 */
export function classifyPostgresWriteError(error: unknown, operation: string): unknown {
  if (MemoryError.is(error)) return error;
  const sqlState = (error as { code?: unknown } | undefined)?.code;
  const details = { operation, sqlState };
  if (sqlState === readOnlyState) {
    const reason = `the PostgreSQL database accepts no writes (a read-only session or role, or a standby server); ${operation} stored nothing`;
    return MemoryError.create('MEMORY_STORE_READ_ONLY', { reason }, { cause: error, details });
  }
  if (sqlState === diskFullState) {
    return MemoryError.create(
      'MEMORY_STORAGE_FULL',
      { reason: `PostgreSQL SQLSTATE ${diskFullState} during ${operation}` },
      { cause: error, details },
    );
  }
  return error;
}
