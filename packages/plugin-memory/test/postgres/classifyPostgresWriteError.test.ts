import { CortexError } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { MemoryError } from '../../src/errors/MemoryError.js';
import { classifyPostgresWriteError } from '../../src/postgres/classifyPostgresWriteError.js';

/** What `pg` throws: an Error with the server's text, SQLSTATE in `code`, and more fields. */
const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'ERROR', file: 'postgres.c', routine: 'PreventCommandIfReadOnly' });

describe('classifyPostgresWriteError', () => {
  it('maps a read-only database (25006) to MEMORY_STORE_READ_ONLY naming the operation, without the server text', () => {
    const raw = pgError('25006', 'cannot execute INSERT in a read-only transaction');
    const typed = classifyPostgresWriteError(raw, 'store') as CortexError;
    expect(CortexError.is(typed, 'MEMORY_STORE_READ_ONLY')).toBe(true);
    expect(typed.kind).toBe('unavailable');
    expect(typed.details).toEqual({ operation: 'store', sqlState: '25006' });
    expect(typed.message).toBe(
      'the memory store is open read-only: the PostgreSQL database accepts no writes (a read-only session or role, or a standby server); store stored nothing.',
    );
    expect(typed.cause).toBe(raw);
  });

  it('maps a full disk (53100) to MEMORY_STORAGE_FULL naming the operation', () => {
    const typed = classifyPostgresWriteError(
      pgError('53100', 'could not extend file "base/16384/2619": No space left on device'),
      'update',
    );
    expect(CortexError.is(typed, 'MEMORY_STORAGE_FULL')).toBe(true);
    expect((typed as CortexError).kind).toBe('insufficient-storage');
    expect((typed as CortexError).details).toEqual({ operation: 'update', sqlState: '53100' });
    expect((typed as Error).message).not.toMatch(/base\/|No space/);
  });

  it('returns every other error unchanged, typed ones included', () => {
    const unique = pgError('23505', 'duplicate key value violates unique constraint');
    expect(classifyPostgresWriteError(unique, 'store')).toBe(unique);
    const typed = MemoryError.create('MEMORY_NOT_FOUND', { id: 'x' });
    expect(classifyPostgresWriteError(typed, 'update')).toBe(typed);
    expect(classifyPostgresWriteError('text', 'delete')).toBe('text');
    expect(classifyPostgresWriteError(undefined, 'delete')).toBeUndefined();
  });
});
