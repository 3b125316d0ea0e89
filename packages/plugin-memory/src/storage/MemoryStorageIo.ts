import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * Identity and size of a file: its device and inode tell whether the path still names the file
 * the store opened.
 * @public
 */
export interface MemoryStorageFileStat {
  /** The device the file is on. */
  readonly dev: number;
  /** The file's inode on that device. */
  readonly ino: number;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * The one fault-injection seam of the embedded store: every file operation on its data folder
 * and every database write transaction go through it. The default, {@link nodeMemoryStorageIo},
 * is the real file system and the real database.
 *
 * @remarks
 * Tests (and chaos drills) pass a double that throws what a disk throws — `ENOSPC`, `EACCES`,
 * `EROFS`, SQLite's `SQLITE_FULL` — from any operation, since permission bits do not stop a root
 * process from writing. Errors are recognised by their `code`, as Node and better-sqlite3 set it.
 * The double wraps the real operations; it never replaces the store.
 * @public
 */
export interface MemoryStorageIo {
  /** Creates the folder and its parents (like `mkdir -p`). */
  mkdir(path: string): void;
  /** Device, inode and size of a file, or `undefined` when nothing is at the path. */
  stat(path: string): MemoryStorageFileStat | undefined;
  /** The file's bytes, or `undefined` when it does not exist. */
  readFile(path: string): Buffer | undefined;
  /**
   * Reads a file block by block into one reused buffer: calls `visit` with each block of
   * `blockSize` bytes (the last may be shorter; valid only during the call) until it returns false,
   * and returns how many bytes it read, or `undefined` when the file does not exist. Large derived
   * files (the saved vector index) are checked this way without being held in memory.
   */
  readBlocks(path: string, blockSize: number, visit: (block: Uint8Array) => boolean): number | undefined;
  /** Writes (replaces) a file. */
  writeFile(path: string, data: string | Uint8Array): void;
  /** Renames a file over another atomically. */
  rename(from: string, to: string): void;
  /** Removes a file if it exists. */
  remove(path: string): void;
  /** Runs one database write transaction and returns its result; a double may throw instead of running it. */
  transaction<T>(run: () => T): T;
  /** Calls `tick` every `ms` milliseconds on a timer that does not keep the process alive; returns what stops it. */
  every(ms: number, tick: () => void): () => void;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Reads an open file to its end in blocks the size of `buffer` (a block is filled unless the file ends). */
function readBlocksFrom(fd: number, buffer: Buffer, visit: (block: Uint8Array) => boolean): number {
  let total = 0;
  for (;;) {
    let filled = 0;
    while (filled < buffer.byteLength) {
      const n = readSync(fd, buffer, filled, buffer.byteLength - filled, null);
      if (n === 0) break;
      filled += n;
    }
    total += filled;
    if (filled === 0 || !visit(buffer.subarray(0, filled)) || filled < buffer.byteLength) return total;
  }
}

/**
 * The real file system and database, used unless a store is given another {@link MemoryStorageIo}.
 * @public
 */
export const nodeMemoryStorageIo: MemoryStorageIo = {
  mkdir(path) {
    mkdirSync(path, { recursive: true });
  },
  stat(path) {
    try {
      const s = statSync(path);
      return { dev: s.dev, ino: s.ino, size: s.size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  readFile(path) {
    try {
      return readFileSync(path);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  readBlocks(path, blockSize, visit) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      return readBlocksFrom(fd, Buffer.allocUnsafe(blockSize), visit);
    } finally {
      closeSync(fd);
    }
  },
  writeFile(path, data) {
    writeFileSync(path, data);
  },
  rename(from, to) {
    renameSync(from, to);
  },
  remove(path) {
    rmSync(path, { force: true });
  },
  transaction: (run) => run(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
