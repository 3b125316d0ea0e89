import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { openSqliteDatabase } from '../../src/sqlite/openSqliteDatabase.js';
import { nodeMemoryStorageIo } from '../../src/storage/MemoryStorageIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openSqliteDatabase page cache (ADR 0034)', () => {
  it('caches 32 MiB of pages by default, or the MiB asked for, writable or read-only', () => {
    const dataDir = join(root, 'cache');
    const opened = openSqliteDatabase({ dataDir }, nodeMemoryStorageIo);
    expect(opened.db.pragma('cache_size', { simple: true })).toBe(-32 * 1024);
    opened.db.close();
    opened.lock?.release();
    const small = openSqliteDatabase({ dataDir, pageCacheMiB: 1.5 }, nodeMemoryStorageIo);
    expect(small.db.pragma('cache_size', { simple: true })).toBe(-1536);
    const reader = openSqliteDatabase({ dataDir, readOnly: true, pageCacheMiB: 4 }, nodeMemoryStorageIo);
    expect(reader.db.pragma('cache_size', { simple: true })).toBe(-4096);
    reader.db.close();
    small.db.close();
    small.lock?.release();
  });

  it('refuses a page cache that is not a number of MiB ≥ 0 with MEMORY_INPUT_INVALID naming it, before opening anything', async () => {
    for (const pageCacheMiB of [-1, Number.NaN, Number.POSITIVE_INFINITY, '8' as unknown as number]) {
      const dataDir = join(root, `bad-${String(pageCacheMiB)}`);
      const error = await createSqliteMemoryStore({ dataDir, pageCacheMiB }).catch((e: unknown) => e);
      expect(CortexError.is(error, 'MEMORY_INPUT_INVALID'), String(pageCacheMiB)).toBe(true);
      expect((error as Error).message).toMatch(/pageCacheMiB/);
    }
  });
});
