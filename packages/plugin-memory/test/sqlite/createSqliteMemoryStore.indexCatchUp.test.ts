import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const root = mkdtempSync(join(tmpdir(), 'memory-catch-up-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createSqliteMemoryStore: HNSW inserts off the write path (indexCatchUp)', () => {
  it('every acknowledged store is found by semantic search at once, unfiltered and filtered, and the index is whole', async () => {
    const dataDir = join(root, 'found');
    const embed = createDeterministicEmbedder();
    // maxPending above the burst: no commit adds to the graph, every vector waits in the tail.
    const store = await createSqliteMemoryStore({ dataDir, embed, indexCatchUp: { maxPending: 1_000 }, exactFilterThreshold: 0 });
    const texts = Array.from({ length: 200 }, (_, i) => `catch-up note ${i} about subject${i % 9}`);
    const stored = await Promise.all(texts.map((text, i) => store.store({ text, tags: [`group:${i % 4}`] })));
    for (const i of [0, 57, 133, 199]) {
      const hit = (await store.search({ query: texts[i] as string, mode: 'semantic', limit: 1 }))[0];
      expect(hit?.memory.id).toBe(stored[i]?.id);
      // A filter sent to the over-fetch (threshold 0) sees the waiting vectors too.
      const filtered = await store.search({ query: texts[i] as string, mode: 'semantic', limit: 1, filter: { tags: [`group:${i % 4}`] } });
      expect(filtered[0]?.memory.id).toBe(stored[i]?.id);
    }
    expect((await store.stats()).index).toMatchObject({ size: 200, expected: 200 });
    expect(await store.checkIntegrity()).toMatchObject({ ok: true, missingFromIndex: [], extraInIndex: 0 });
    await store.close();
    // Closing saved the index with the tail in the graph: the next open loads it, nothing to repair.
    await using again = await createSqliteMemoryStore({ dataDir, embed });
    expect((await again.stats()).index).toEqual({ kind: 'hnsw', size: 200, expected: 200, openedBy: 'loaded' });
    expect((await again.search({ query: texts[133] as string, mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(stored[133]?.id);
  });

  it('vectors still waiting when the process dies are repaired from the change log on open', async () => {
    const dataDir = join(root, 'crash');
    const embed = createDeterministicEmbedder();
    const first = await createSqliteMemoryStore({ dataDir, embed });
    await first.storeMany([{ text: 'saved before' }]);
    await first.close();
    const second = await createSqliteMemoryStore({ dataDir, embed, indexSaveEvery: 1_000_000, indexCatchUp: { maxPending: 1_000 } });
    const late = await Promise.all(Array.from({ length: 30 }, (_, i) => second.store({ text: `acknowledged while waiting ${i}` })));
    // The files as a killed process leaves them: the saved index lacks the 30.
    const crashed = join(root, 'crash-copy');
    cpSync(dataDir, crashed, { recursive: true });
    await second.close();
    await using third = await createSqliteMemoryStore({ dataDir: crashed, embed });
    expect((await third.stats()).index).toMatchObject({ size: 31, expected: 31, openedBy: 'repaired' });
    const hit = (await third.search({ query: 'acknowledged while waiting 17', mode: 'semantic', limit: 1 }))[0];
    expect(hit?.memory.id).toBe(late[17]?.id);
  });

  it('updates and deletes of waiting vectors leave nothing stale', async () => {
    await using store = await createSqliteMemoryStore({ embed: createDeterministicEmbedder(), indexCatchUp: { maxPending: 1_000 } });
    const [a, b] = await Promise.all([store.store({ text: 'alpha original words' }), store.store({ text: 'bravo original words' })]);
    await store.update(a.id, { text: 'completely different charlie' });
    await store.delete(b.id);
    expect((await store.stats()).index).toMatchObject({ size: 1, expected: 1 });
    const hit = (await store.search({ query: 'completely different charlie', mode: 'semantic', limit: 5 }))[0];
    expect(hit?.memory.id).toBe(a.id);
    expect(hit?.semanticScore).toBeCloseTo(1, 4);
    expect((await store.checkIntegrity()).ok).toBe(true);
  });

  it('indexCatchUp: false adds every vector to the graph before answering', async () => {
    await using store = await createSqliteMemoryStore({ embed: createDeterministicEmbedder(), indexCatchUp: false });
    const m = await store.store({ text: 'inline insert' });
    expect((await store.search({ query: 'inline insert', mode: 'semantic', limit: 1 }))[0]?.memory.id).toBe(m.id);
  });
});
