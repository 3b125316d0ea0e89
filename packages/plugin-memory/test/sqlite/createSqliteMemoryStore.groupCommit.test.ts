import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryEmbedder, type MemoryStorageIo, nodeMemoryStorageIo } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const root = mkdtempSync(join(tmpdir(), 'memory-group-commit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createSqliteMemoryStore concurrent stores (group commit)', () => {
  it('stores 300 concurrent memories durably, each found by id, keyword and vector', async () => {
    const dataDir = join(root, 'concurrent');
    const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    const texts = Array.from({ length: 300 }, (_, i) => `note ${i} about topic${i % 7}`);
    const stored = await Promise.all(texts.map((text) => store.store({ text })));
    expect(new Set(stored.map((m) => m.id)).size).toBe(300);
    for (const [i, memory] of stored.entries()) expect((await store.get(memory.id))?.text).toBe(texts[i]);
    const keyword = await store.search({ query: 'topic3', mode: 'keyword', limit: 100 });
    expect(keyword.length).toBe(texts.filter((t) => t.endsWith('topic3')).length);
    const semantic = await store.search({ query: texts[42] as string, mode: 'semantic', limit: 1 });
    expect(semantic[0]?.memory.id).toBe(stored[42]?.id);
    expect((await store.checkIntegrity()).ok).toBe(true);
    await store.close();
    // Durable: another connection sees every acknowledged memory.
    const db = new Database(join(dataDir, 'memories.sqlite'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM memories').get() as { n: number }).n).toBe(300);
    } finally {
      db.close();
    }
  });

  it('fails only the store whose write is refused; the others in the same commit land', async () => {
    await using store = await createSqliteMemoryStore({ embed: createDeterministicEmbedder() });
    const [first] = await store.storeMany([{ text: 'the original' }]);
    const results = await Promise.allSettled([
      store.store({ text: 'before' }),
      store.store({ id: first?.id as string, text: 'same id again' }),
      store.store({ text: 'after' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'MEMORY_INPUT_INVALID' });
    expect((await store.stats()).total).toBe(3);
    expect((await store.get(first?.id as string))?.text).toBe('the original');
  });

  it('commits stores still queued when the store closes', async () => {
    const dataDir = join(root, 'close');
    const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    // This immediate runs before the group commit's own one: the stores are embedded (microtasks
    // only) and queued by then, but not yet committed, when close() is called.
    const closing = new Promise<void>((resolve, reject) => setImmediate(() => store.close().then(resolve, reject)));
    const stores = Promise.allSettled([store.store({ text: 'one' }), store.store({ text: 'two' })]);
    await closing;
    expect((await stores).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await using reopened = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    expect((await reopened.stats()).total).toBe(2);
  });

  describe('stores embedded in different turns (as concurrent HTTP requests are)', () => {
    /** Write transactions, counted through the storage seam (the real database underneath). */
    function countingIo(): MemoryStorageIo & { transactions: number } {
      const io = { ...nodeMemoryStorageIo, transactions: 0 };
      io.transaction = (run) => {
        io.transactions += 1;
        return nodeMemoryStorageIo.transaction(run);
      };
      return io;
    }
    /** The deterministic embedder, answering the i-th call after i turns of the event loop. */
    function staggeredEmbedder(): MemoryEmbedder {
      const base = createDeterministicEmbedder();
      let calls = 0;
      return (async (inputs: Parameters<typeof base>[0]) => {
        const turns = calls++;
        for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
        return base(inputs);
      }) as MemoryEmbedder;
    }
    const texts = Array.from({ length: 12 }, (_, i) => `staggered note ${i}`);

    it('share one commit: the commit waits (within windowMs) until every begun store has queued', async () => {
      const io = countingIo();
      await using store = await createSqliteMemoryStore({ io, embed: staggeredEmbedder(), groupCommit: { windowMs: 60_000 } });
      const before = io.transactions;
      const stored = await Promise.all(texts.map((text) => store.store({ text })));
      expect(io.transactions - before).toBe(1);
      for (const [i, m] of stored.entries()) expect((await store.get(m.id))?.text).toBe(texts[i]);
    });

    it('are committed one by one with groupCommit false, and in many commits with windowMs 0', async () => {
      for (const groupCommit of [false, { windowMs: 0 }] as const) {
        const io = countingIo();
        await using store = await createSqliteMemoryStore({ io, embed: staggeredEmbedder(), groupCommit });
        const before = io.transactions;
        await Promise.all(texts.map((text) => store.store({ text })));
        // Alone: one commit each. One turn only: each turn's few stores (two can land in one check phase).
        if (groupCommit === false) expect(io.transactions - before).toBe(texts.length);
        else expect(io.transactions - before).toBeGreaterThanOrEqual(texts.length / 2);
        expect((await store.stats()).total).toBe(texts.length);
      }
    });
  });
});
