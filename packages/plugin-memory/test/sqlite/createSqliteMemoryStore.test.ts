import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { describeMemoryStoreBehaviour } from '@cortex-os/plugin-memory/testing/vitest';

const root = mkdtempSync(join(tmpdir(), 'memory-sqlite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `store-${n++}`);

describeMemoryStoreBehaviour('sqlite in memory, exact index', ({ embed, now }) =>
  createSqliteMemoryStore({ embed, now, vectorIndex: 'exact' }),
);
describeMemoryStoreBehaviour('sqlite file, hnsw index', ({ embed, now }) => createSqliteMemoryStore({ dataDir: freshDir(), embed, now }));

describe('createSqliteMemoryStore on disk', () => {
  it('keeps memories across reopen and loads the saved index without rebuilding', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    const first = await createSqliteMemoryStore({ dataDir, embed });
    const stored = await first.storeMany(Array.from({ length: 50 }, (_, i) => ({ text: `persistent memory number ${i}` })));
    await first.close();
    await using second = await createSqliteMemoryStore({ dataDir, embed });
    const stats = await second.stats();
    expect(stats.total).toBe(50);
    expect(stats.index).toEqual({ kind: 'hnsw', size: 50, expected: 50, openedBy: 'loaded' });
    expect(await second.get(stored[7]?.id as string)).toEqual(stored[7]);
    expect((await second.checkIntegrity()).ok).toBe(true);
  });

  it('repairs the index from the change log when changes happened after the last save', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    const first = await createSqliteMemoryStore({ dataDir, embed });
    await first.storeMany(Array.from({ length: 20 }, (_, i) => ({ text: `saved ${i}` })));
    await first.close();
    // Reopen with a huge save interval and do not close: simulates a crash after more writes.
    const second = await createSqliteMemoryStore({ dataDir, embed, indexSaveEvery: 1_000_000 });
    const extra = await second.store({ text: 'written after the save' });
    const gone = (await second.list({ limit: 1 })).items[0];
    const victim = (await second.list({ limit: 30 })).items[5];
    await second.delete(victim?.id as string);
    expect(gone?.id).toBe(extra.id);
    // Copy the files as they are now (the index on disk lacks the last changes).
    const { cpSync } = await import('node:fs');
    const crashed = freshDir();
    cpSync(dataDir, crashed, { recursive: true });
    await second.close();
    await using third = await createSqliteMemoryStore({ dataDir: crashed, embed });
    expect((await third.stats()).index).toMatchObject({ size: 20, expected: 20, openedBy: 'repaired' });
    expect(await third.checkIntegrity()).toMatchObject({ ok: true, missingFromIndex: [], extraInIndex: 0 });
    expect((await third.search({ query: 'written after the save', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(extra.id);
  });

  it('rebuilds the index when its file is missing or unreadable', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    const first = await createSqliteMemoryStore({ dataDir, embed });
    await first.storeMany(Array.from({ length: 10 }, (_, i) => ({ text: `rebuild ${i}` })));
    await first.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'memories.usearch'), 'garbage');
    await using second = await createSqliteMemoryStore({ dataDir, embed });
    expect((await second.stats()).index).toMatchObject({ size: 10, openedBy: 'rebuilt' });
    expect((await second.checkIntegrity()).ok).toBe(true);
  });

  it("refuses another model's vectors after reopen with a typed error, and re-indexes on request", async () => {
    const dataDir = freshDir();
    const first = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    await first.store({ text: 'indexed with the first model' });
    await first.close();
    const other = createDeterministicEmbedder({ model: 'other-model', dimensions: 32 });
    await using second = await createSqliteMemoryStore({ dataDir, embed: other });
    const error = await second.store({ text: 'new model text' }).catch((e: unknown) => e);
    expect(CortexError.is(error, 'MEMORY_EMBEDDING_MODEL_MISMATCH')).toBe(true);
    expect((error as CortexError).message).toMatchInlineSnapshot(
      `"the store is indexed with test-hashing-64 (64 dimensions) but the embedder returned other-model (32 dimensions); use the same model or call reindex({ embed }) to re-embed every memory."`,
    );
    await expect(second.search({ query: 'first model' })).rejects.toMatchObject({ code: 'MEMORY_EMBEDDING_MODEL_MISMATCH' });
    expect((await second.stats()).total).toBe(1);
    expect(await second.reindex()).toEqual({ count: 1, model: 'other-model', dimensions: 32 });
    await second.store({ text: 'new model text' });
    expect((await second.search({ query: 'first model', mode: 'semantic' })).length).toBe(2);
  });

  it('works keyword-only without an embedder and says so for semantic search', async () => {
    await using store = await createSqliteMemoryStore();
    await store.store({ text: 'no vectors here' });
    expect((await store.search({ query: 'vectors', mode: 'keyword' }))[0]?.keywordScore).toBe(1);
    await expect(store.search({ query: 'vectors' })).rejects.toMatchObject({ code: 'MEMORY_EMBEDDER_MISSING' });
  });

  it('uses an exact scan for selective filters so filtered results are never missed', async () => {
    await using store = await createSqliteMemoryStore({ dataDir: freshDir(), embed: createDeterministicEmbedder() });
    await store.storeMany(
      Array.from({ length: 300 }, (_, i) => ({ text: `common words repeated ${i}`, kind: i === 123 ? 'rare' : 'bulk' })),
    );
    const hits = await store.search({ query: 'common words', mode: 'semantic', filter: { kinds: ['rare'] } });
    expect(hits.map((h) => h.memory.text)).toEqual(['common words repeated 123']);
  });
});
