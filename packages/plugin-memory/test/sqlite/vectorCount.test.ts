// The vector count every open checks a saved index against (stats().index.expected) is read from
// the kept counts (keptCounts.test.ts), or, on a folder without them, from the partial index
// `memories_embedded` (one small entry per vector) instead of the table, whose rows carry the
// vectors (≈2 GB read per open at 1M memories).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { withoutKeptCounts } from './withoutKeptCounts.js';

const root = mkdtempSync(join(tmpdir(), 'memory-vector-count-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const embed = createDeterministicEmbedder();

/** What SQLite plans for the count query the store runs, and the index's existence. */
function inspect(dataDir: string): { indexed: boolean } {
  const db = new Database(join(dataDir, 'memories.sqlite'), { readonly: true });
  try {
    return { indexed: db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'memories_embedded'").get() !== undefined };
  } finally {
    db.close();
  }
}

describe('the count of vectors at open', () => {
  it('comes from the kept counts, kept by inserts and deletes, and matches the rows; the partial index is made too', async () => {
    const dataDir = join(root, 'counted');
    const store = await createSqliteMemoryStore({ dataDir, embed });
    const ids = await store.storeMany(Array.from({ length: 7 }, (_, i) => ({ text: `note ${i} about the deploy key` })));
    await store.delete(ids[0]?.id ?? '');
    expect((await store.stats()).index).toMatchObject({ size: 6, expected: 6 });
    await store.close();
    expect(inspect(dataDir).indexed).toBe(true);
    await using again = await createSqliteMemoryStore({ dataDir, embed });
    expect((await again.stats()).index).toMatchObject({ size: 6, expected: 6, openedBy: 'loaded' });
  });

  it('falls back to the table for a read-only store on a folder whose writer predates the index and the counts, and the next writer adds them', async () => {
    const dataDir = join(root, 'older');
    const store = await createSqliteMemoryStore({ dataDir, embed });
    await store.storeMany([{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    await store.close();
    // An earlier release wrote the same schema version without this index and the kept counts.
    withoutKeptCounts(dataDir, 'DROP INDEX memories_embedded;');
    const reader = await createSqliteMemoryStore({ dataDir, embed, readOnly: true });
    expect((await reader.stats()).index).toMatchObject({ size: 3, expected: 3, openedBy: 'loaded' });
    await reader.close();
    expect(inspect(dataDir).indexed).toBe(false);
    await using writer = await createSqliteMemoryStore({ dataDir, embed });
    expect((await writer.stats()).index).toMatchObject({ size: 3, expected: 3, openedBy: 'loaded' });
    expect(inspect(dataDir).indexed).toBe(true);
  });
});
