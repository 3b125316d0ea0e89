import { join } from 'node:path';
import Database from 'better-sqlite3';
import { classifyStorageError } from '../storage/classifyStorageError.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import { sqliteSchema } from './sqliteSchema.js';

/**
 * Opens the store's database (`memories.sqlite` in `dataDir`, created with the folder if missing, or
 * a private in-memory database) in WAL mode with the base schema.
 * @throws {@link MemoryError} `MEMORY_STORAGE_UNWRITABLE` or `MEMORY_STORAGE_FULL` when the folder or file cannot be created or written.
 */
export function openSqliteDatabase(
  options: { readonly dataDir?: string | undefined; readonly synchronous?: 'full' | 'normal' | undefined },
  io: MemoryStorageIo,
): Database.Database {
  let db: Database.Database | undefined;
  try {
    let path = ':memory:';
    if (options.dataDir !== undefined) {
      io.mkdir(options.dataDir);
      path = join(options.dataDir, 'memories.sqlite');
    }
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.exec(sqliteSchema);
    return db;
  } catch (error) {
    db?.close();
    throw classifyStorageError(error) ?? error;
  }
}
