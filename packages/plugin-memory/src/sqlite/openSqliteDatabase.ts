import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryError } from '../errors/MemoryError.js';
import { DataDirLock } from '../storage/DataDirLock.js';
import { classifyStorageError } from '../storage/classifyStorageError.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import { sqliteSchema } from './sqliteSchema.js';

/** The options {@link openSqliteDatabase} reads. */
export interface OpenSqliteDatabaseOptions {
  readonly dataDir?: string | undefined;
  readonly synchronous?: 'full' | 'normal' | undefined;
  readonly readOnly?: boolean | undefined;
  readonly pageCacheMiB?: number | undefined;
}

/** The page cache when the options name none: enough for the pages of a few 5,000-memory scopes. */
const defaultPageCacheMiB = 32;

/** `pageCacheMiB` checked: a finite number of MiB, 0 or more. */
function pageCacheKiB(options: OpenSqliteDatabaseOptions): number {
  const mib = options.pageCacheMiB ?? defaultPageCacheMiB;
  if (typeof mib !== 'number' || !Number.isFinite(mib) || mib < 0) {
    throw new MemoryError('MEMORY_INPUT_INVALID', `invalid pageCacheMiB ${String(mib)}: a number of MiB, 0 or more.`, {
      details: { issues: [{ path: 'pageCacheMiB', message: 'must be a finite number ≥ 0' }] },
    });
  }
  return Math.round(mib * 1024);
}

/**
 * Opens the store's database — `memories.sqlite` in `dataDir` (folder created if missing) after
 * taking the folder's lock, or a private in-memory database — in WAL mode with the base schema. A
 * read-only store takes no lock and opens an existing database without changing it.
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID` for a `pageCacheMiB` that is not a number of MiB ≥ 0.
 * @throws {@link MemoryError} `MEMORY_DATA_DIR_LOCKED` when another store owns the folder;
 * `MEMORY_STORAGE_UNWRITABLE` or `MEMORY_STORAGE_FULL` when the folder or file cannot be created or written.
 */
export function openSqliteDatabase(
  options: OpenSqliteDatabaseOptions,
  io: MemoryStorageIo,
): { readonly db: Database.Database; readonly lock: DataDirLock | undefined } {
  const cacheKiB = pageCacheKiB(options);
  let db: Database.Database | undefined;
  let lock: DataDirLock | undefined;
  try {
    if (options.dataDir === undefined) db = new Database(':memory:');
    else if (options.readOnly === true)
      db = new Database(join(options.dataDir, 'memories.sqlite'), { readonly: true, fileMustExist: true });
    else {
      io.mkdir(options.dataDir);
      lock = DataDirLock.acquire(options.dataDir, io);
      db = new Database(join(options.dataDir, 'memories.sqlite'));
    }
    // Negative: a size in KiB, not in pages.
    db.pragma(`cache_size = -${cacheKiB}`);
    if (options.readOnly !== true) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('foreign_keys = ON');
      db.exec(sqliteSchema);
    }
    return { db, lock };
  } catch (error) {
    db?.close();
    lock?.release();
    throw classifyStorageError(error) ?? error;
  }
}
