// A normal (writable) store whose database file the system refuses to write — made immutable with
// `chattr +i`, which stops root too (CI runs as root, where permission bits do not). SQLite then
// opens the file read-only by itself, and the store learns it only when it writes. Skipped, loudly,
// where `chattr +i` is not permitted (no CAP_LINUX_IMMUTABLE, or a file system without the flag).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryError } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { chattr, immutableFilesWork } from '../storage/chattr.js';

const root = mkdtempSync(join(tmpdir(), 'memory-readonly-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const immutable = immutableFilesWork(root, 'the read-only database file test');

async function rejection(promise: Promise<unknown>): Promise<MemoryError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as MemoryError,
  );
}

describe.skipIf(!immutable)('a store whose database file cannot be written', () => {
  it('refuses each write with a typed error naming the operation, and a re-index before it embeds anything', async () => {
    const dataDir = join(root, 'store');
    const base = createDeterministicEmbedder();
    let embedded = 0;
    const embed = (...args: Parameters<typeof base>): ReturnType<typeof base> => {
      embedded += args[0].length;
      return base(...args);
    };
    const first = await createSqliteMemoryStore({ dataDir, embed, vectorIndex: 'exact' });
    const [kept] = await first.storeMany([{ text: 'the deploy key rotates' }, { text: 'nightly backups at two' }]);
    await first.close();
    const database = join(dataDir, 'memories.sqlite');
    expect(chattr('+i', database)).toBe(true);
    try {
      const store = await createSqliteMemoryStore({ dataDir, embed, vectorIndex: 'exact', onWarning: () => {} });
      const stored = await rejection(store.store({ text: 'never stored' }));
      expect(stored).toMatchObject({
        code: 'MEMORY_STORAGE_UNWRITABLE',
        kind: 'unavailable',
        details: { code: 'SQLITE_READONLY', operation: 'store' },
      });
      expect(stored.message).toBe(
        'the memory store cannot write to its data folder (SQLITE_READONLY during store); nothing of this write was stored.',
      );
      expect((await rejection(store.update(kept?.id as string, { tags: ['x'] }))).details).toEqual({
        code: 'SQLITE_READONLY',
        operation: 'update',
      });
      expect((await rejection(store.delete(kept?.id as string))).details).toEqual({ code: 'SQLITE_READONLY', operation: 'delete' });
      expect((await store.stats()).storage).toMatchObject({ status: 'failing', code: 'MEMORY_STORAGE_UNWRITABLE' });

      embedded = 0;
      const reindex = await rejection(store.reindex({ embed }));
      expect(reindex.details).toEqual({ code: 'SQLITE_READONLY', operation: 'reindex' });
      expect(embedded).toBe(0);

      // Reads go on.
      expect((await store.list()).items.map((m) => m.text).sort()).toEqual(['nightly backups at two', 'the deploy key rotates']);
      expect((await store.search({ query: 'deploy key', mode: 'keyword' }))[0]?.memory.id).toBe(kept?.id);
      await store.close();
    } finally {
      chattr('-i', database);
    }
    const after = await createSqliteMemoryStore({ dataDir, embed, vectorIndex: 'exact' });
    expect((await after.stats()).total).toBe(2);
    await after.close();
  });
});
