import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryError } from '../errors/MemoryError.js';
import { classifyStorageError } from './classifyStorageError.js';
import type { MemoryStorageIo } from './MemoryStorageIo.js';

/** Who holds a data folder, as written beside its lock for the message of the next opener. */
interface DataDirLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** Tells this store's owner file from a later owner's. */
  readonly token: string;
}

/**
 * One process owns a data folder: an exclusive SQLite lock on `lock.db`, held for the life of the
 * store. The operating system releases it when the process dies, however it dies (kill -9
 * included), so a crashed owner never leaves a stale lock. The holder's pid and host are written
 * to `lock.owner` only so that a refused opener can name them.
 */
export class DataDirLock {
  readonly #db: Database.Database;
  readonly #ownerPath: string;
  readonly #io: MemoryStorageIo;
  readonly #token: string;

  private constructor(db: Database.Database, ownerPath: string, io: MemoryStorageIo, token: string) {
    this.#db = db;
    this.#ownerPath = ownerPath;
    this.#io = io;
    this.#token = token;
  }

  /**
   * Takes the folder's lock, or fails at once.
   * @throws {@link MemoryError} `MEMORY_DATA_DIR_LOCKED` naming the holder when another store (in this or another process) has it.
   */
  static acquire(dataDir: string, io: MemoryStorageIo): DataDirLock {
    const ownerPath = join(dataDir, 'lock.owner');
    // timeout 0: fail fast instead of waiting for the holder (better-sqlite3 waits 5 s by default).
    const db = new Database(join(dataDir, 'lock.db'), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock; in EXCLUSIVE locking mode it is kept until close.
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock (taken_at TEXT); COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw lockedError(dataDir, readHolder(io, ownerPath));
      throw classifyStorageError(error) ?? error;
    }
    const holder: DataDirLockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID() };
    try {
      io.writeFile(ownerPath, JSON.stringify(holder));
    } catch {
      // Only the message of a refused opener needs it.
    }
    return new DataDirLock(db, ownerPath, io, holder.token);
  }

  /** Releases the lock (on close); the owner file goes only while it still names this process (the folder may have been replaced). */
  release(): void {
    try {
      if (readHolder(this.#io, this.#ownerPath)?.token === this.#token) this.#io.remove(this.#ownerPath);
    } catch {
      // A stale owner file names a holder that no longer locks; it is overwritten by the next owner.
    }
    this.#db.close();
  }
}

function readHolder(io: MemoryStorageIo, ownerPath: string): DataDirLockHolder | undefined {
  try {
    const bytes = io.readFile(ownerPath);
    return bytes === undefined ? undefined : (JSON.parse(bytes.toString('utf8')) as DataDirLockHolder);
  } catch {
    return undefined;
  }
}

function lockedError(dataDir: string, holder: DataDirLockHolder | undefined): MemoryError {
  const named =
    holder === undefined
      ? 'another process'
      : `process ${holder.pid} on ${holder.host}${holder.pid === process.pid ? ' (this process)' : ''}`;
  return MemoryError.create('MEMORY_DATA_DIR_LOCKED', { dataDir, holder: named }, { details: { dataDir, holder: holder ?? null } });
}
