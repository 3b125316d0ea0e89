import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MemoryError } from '@cortex-os/plugin-memory';
import { classifyStorageError } from '../../src/storage/classifyStorageError.js';
import { diskError } from './faultyIo.js';

/** A real SQLITE_FULL from SQLite itself: a database capped at a few pages. */
function realSqliteFull(): unknown {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (x BLOB)');
    db.pragma('max_page_count = 3');
    db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    return undefined;
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
}

describe('classifyStorageError', () => {
  it('turns a full disk into MEMORY_STORAGE_FULL (insufficient-storage), naming only the code', () => {
    for (const error of [realSqliteFull(), diskError('ENOSPC'), diskError('EDQUOT')]) {
      const typed = classifyStorageError(error);
      expect(typed).toBeInstanceOf(MemoryError);
      expect(typed).toMatchObject({ code: 'MEMORY_STORAGE_FULL', kind: 'insufficient-storage', cause: error });
      expect(typed?.message).not.toContain('/data/secret');
    }
    expect(classifyStorageError(realSqliteFull())?.message).toBe(
      'the memory store cannot write: its disk is full (SQLITE_FULL); nothing of this write was stored.',
    );
  });

  it('turns a missing, read-only or forbidden folder into MEMORY_STORAGE_UNWRITABLE (unavailable)', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOENT', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) {
      expect(classifyStorageError(diskError(code))).toMatchObject({ code: 'MEMORY_STORAGE_UNWRITABLE', kind: 'unavailable' });
    }
  });

  it('leaves other errors alone', () => {
    expect(classifyStorageError(new Error('boom'))).toBeUndefined();
    expect(classifyStorageError(diskError('SQLITE_CONSTRAINT'))).toBeUndefined();
    expect(classifyStorageError(new MemoryError('MEMORY_NOT_FOUND', 'x'))).toBeUndefined();
    expect(classifyStorageError(undefined)).toBeUndefined();
  });
});
