import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataDirLock } from '../storage/DataDirLock.js';
import { classifyStorageError } from '../storage/classifyStorageError.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import { sqliteSchema } from './sqliteSchema.js';

/** The options {@link openSqliteDatabase} reads. */
export interface OpenSqliteDatabaseOptions {
  readonly dataDir?: string | undefined;
  readonly synchronous?: 'full' | 'normal' | undefined;
  readonly readOnly?: boolean | undefined;
}

/**
 * Opens the store's database — `memories.sqlite` in `dataDir` (folder created if missing) after
 * taking the folder's lock, or a private in-memory database — in WAL mode with the base schema. A
 * read-only store takes no lock and opens an existing database without changing it.
 * @throws {@link MemoryError} `MEMORY_DATA_DIR_LOCKED` when another store owns the folder;
 * `MEMORY_STORAGE_UNWRITABLE` or `MEMORY_STORAGE_FULL` when the folder or file cannot be created or written.
 */
export function openSqliteDatabase(
  options: OpenSqliteDatabaseOptions,
  io: MemoryStorageIo,
): { readonly db: Database.Database; readonly lock: DataDirLock | undefined } {
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
