import { MemoryError } from '../errors/MemoryError.js';

/** Codes of a disk with no room: Node's `ENOSPC` / `EDQUOT` and SQLite's `SQLITE_FULL`. */
const fullCodes = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
/** Codes of a folder or file that cannot be written: missing, read-only or forbidden. */
const unwritableCodes = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOENT',
  'SQLITE_READONLY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

/**
 * Turns what the disk or the database threw into the store's typed error, or `undefined` when it
 * is not a storage failure: `MEMORY_STORAGE_FULL` (`insufficient-storage`, 507) for a full disk,
 * `MEMORY_STORAGE_UNWRITABLE` (`unavailable`, 503) for a missing, read-only or forbidden one. The
 * original error stays as `cause`; the message names only its code and the store operation that
 * failed (`store`, `update`, `delete`, `reindex`, …, in `details.operation` too), never a path or SQL.
 */
export function classifyStorageError(error: unknown, operation?: string): MemoryError | undefined {
  if (MemoryError.is(error)) return undefined;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  // better-sqlite3 reports extended codes (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_ROLLBACK`); their family decides.
  const family = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  const reason = operation === undefined ? code : `${code} during ${operation}`;
  const details = operation === undefined ? { code } : { code, operation };
  if (fullCodes.has(code) || fullCodes.has(family)) return MemoryError.create('MEMORY_STORAGE_FULL', { reason }, { cause: error, details });
  if (unwritableCodes.has(code) || unwritableCodes.has(family))
    return MemoryError.create('MEMORY_STORAGE_UNWRITABLE', { reason }, { cause: error, details });
  return undefined;
}
