import { createFakeClock, expectCortexError } from '@cortex-os/kernel/testing';
import type { MemoryEmbedder, MemoryStore } from '@cortex-os/plugin-memory';
import { describe, expect, it } from 'vitest';
import { memoryIdSchema } from '../../schema/memorySchemas.js';
import { createDeterministicEmbedder } from '../createDeterministicEmbedder.js';

/**
 * What the behaviour suite hands to a store factory: the store must use this embedder and clock.
 * @public
 */
export interface MemoryStoreBehaviourContext {
  /** The embedder the store must embed with (a fresh deterministic one per test, unless the test needs another). */
  readonly embed: MemoryEmbedder;
  /** The clock the store must read, epoch milliseconds; the suite moves it to test ordering and expiry. */
  readonly now: () => number;
}

// A valid 1×1 PNG.
const png = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);
// The start of an ELF executable.
const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0]);

/**
 * Registers the behaviour tests every {@link @cortex-os/plugin-memory#MemoryStore} must pass, as a
 * vitest `describe` block (so vitest must be installed: it is an optional peer dependency). The
 * factory builds a fresh, empty store that uses the given embedder and clock.
 *
 * @example
 * ```ts
 * describeMemoryStoreBehaviour('sqlite', ({ embed, now }) => createSqliteMemoryStore({ embed, now }));
 * ```
 * @public
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: shared behaviour suite: one test case after another
export function describeMemoryStoreBehaviour(name: string, factory: (context: MemoryStoreBehaviourContext) => Promise<MemoryStore>): void {
  // biome-ignore lint/complexity/noExcessiveLinesPerFunction: shared behaviour suite: one test case after another
  describe(`MemoryStore behaviour: ${name}`, () => {
    async function open(embed: MemoryEmbedder = createDeterministicEmbedder()) {
      const clock = createFakeClock(Date.UTC(2026, 0, 1));
      const store = await factory({ embed, now: clock.now });
      return { store, now: clock.now, advance: (ms: number) => clock.advance(ms), [Symbol.asyncDispose]: () => store.close() };
    }

    it('stores a memory with a UUIDv7 id, defaults and times from the clock', async () => {
      await using s = await open();
      const m = await s.store.store({ text: 'The deploy key rotates every 90 days', tags: ['ops'] });
      expect(memoryIdSchema.safeParse(m.id).success).toBe(true);
      expect(m).toMatchObject({
        kind: 'note',
        modality: 'text',
        tier: 'ltm',
        tags: ['ops'],
        metadata: {},
        createdAt: s.now(),
        updatedAt: s.now(),
        version: 1,
        embeddingModel: 'test-hashing-64',
        embeddingDimensions: 64,
      });
      expect(await s.store.get(m.id)).toEqual(m);
      expect(await s.store.get('0190a000-0000-7000-8000-000000000000')).toBeUndefined();
    });

    it('gives ids that increase in creation order', async () => {
      await using s = await open();
      const stored = await s.store.storeMany(Array.from({ length: 20 }, (_, i) => ({ text: `memory ${i}` })));
      const ids = stored.map((m) => m.id);
      expect([...ids].sort()).toEqual(ids);
    });

    it('rejects invalid input listing every issue, and stores nothing from a failing batch', async () => {
      await using s = await open();
      const error = await expectCortexError(
        s.store.storeMany([{ text: 'fine' }, { text: 'bad', kind: 'Not Valid', tags: [''] } as never]),
        'MEMORY_INPUT_INVALID',
      );
      expect([...new Set((error.details['issues'] as { path: string }[]).map((i) => i.path))].sort()).toEqual(['kind', 'tags.0']);
      expect((await s.store.stats()).total).toBe(0);
    });

    it('keeps image bytes and rejects an executable declared as an image', async () => {
      await using s = await open();
      const m = await s.store.store({ text: 'a red pixel', modality: 'image', content: png, mediaType: 'image/png' });
      expect((await s.store.get(m.id))?.content).toEqual(png);
      await expectCortexError(
        s.store.store({ text: 'not a picture', modality: 'image', content: elf, mediaType: 'image/png' }),
        'MEMORY_CONTENT_TYPE_MISMATCH',
      );
      expect((await s.store.stats()).byModality).toEqual({ text: 0, image: 1, audio: 0, video: 0 });
    });

    it('updates keep the previous state in the history', async () => {
      await using s = await open();
      const m = await s.store.store({ text: 'first draft', tags: ['a'] });
      s.advance(1000);
      const updated = await s.store.update(m.id, { text: 'second draft', tags: ['b'], metadata: { by: 'test' } });
      expect(updated).toMatchObject({
        id: m.id,
        text: 'second draft',
        tags: ['b'],
        metadata: { by: 'test' },
        version: 2,
        createdAt: m.createdAt,
        updatedAt: m.createdAt + 1000,
      });
      const history = await s.store.history(m.id);
      expect(history).toEqual([
        { id: m.id, version: 1, kind: 'note', text: 'first draft', tags: ['a'], metadata: {}, replacedAt: m.createdAt + 1000 },
      ]);
      const hits = await s.store.search({ query: 'second draft', mode: 'keyword' });
      expect(hits.map((h) => h.memory.id)).toEqual([m.id]);
      expect(await s.store.search({ query: 'first', mode: 'keyword' })).toEqual([]);
      await expectCortexError(s.store.update('0190a000-0000-7000-8000-000000000000', { text: 'x' }), 'MEMORY_NOT_FOUND');
    });

    it('deletes a memory from get, list and search', async () => {
      await using s = await open();
      const m = await s.store.store({ text: 'ephemeral thought about zebras' });
      expect(await s.store.delete(m.id)).toBe(true);
      expect(await s.store.delete(m.id)).toBe(false);
      expect(await s.store.get(m.id)).toBeUndefined();
      expect((await s.store.list()).items).toEqual([]);
      expect(await s.store.search({ query: 'zebras' })).toEqual([]);
    });

    it('lists newest first with filters and cursor pagination that visits each memory once', async () => {
      await using s = await open();
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        ids.push(
          (await s.store.store({ text: `item ${i}`, kind: i % 2 === 0 ? 'even' : 'odd', tags: i % 5 === 0 ? ['five', 'x'] : ['x'] })).id,
        );
        s.advance(10);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.store.list({ limit: 7, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toEqual([...ids].reverse());
      expect((await s.store.list({ kinds: ['odd'], limit: 100 })).items).toHaveLength(12);
      expect((await s.store.list({ tags: ['five', 'x'], limit: 100 })).items).toHaveLength(5);
      const start = Date.UTC(2026, 0, 1);
      expect((await s.store.list({ createdFrom: start + 50, createdTo: start + 100, limit: 100 })).items.map((m) => m.text)).toEqual([
        'item 9',
        'item 8',
        'item 7',
        'item 6',
        'item 5',
      ]);
      expect((await s.store.list({ modalities: ['image'] })).items).toEqual([]);
      await expectCortexError(s.store.list({ cursor: 'bm90LWEtY3Vyc29y' }), 'MEMORY_CURSOR_INVALID');
    });

    it('reports counts by kind, modality and tier', async () => {
      await using s = await open();
      await s.store.storeMany([
        { text: 'a', kind: 'fact' },
        { text: 'b', kind: 'fact' },
        { text: 'c', kind: 'event' },
      ]);
      const stats = await s.store.stats();
      expect(stats).toMatchObject({
        total: 3,
        byKind: { fact: 2, event: 1 },
        byModality: { text: 3, image: 0, audio: 0, video: 0 },
        byTier: { stm: 0, ltm: 3 },
        embedding: { model: 'test-hashing-64', dimensions: 64 },
      });
      expect(stats.index.size).toBe(3);
      expect(stats.sizeBytes).toBeGreaterThan(0);
    });

    it('hides expired memories', async () => {
      await using s = await open();
      const m = await s.store.store({ text: 'short lived parking spot', expiresAt: s.now() + 1000 });
      expect(await s.store.get(m.id)).toBeDefined();
      s.advance(1000);
      expect(await s.store.get(m.id)).toBeUndefined();
      expect(await s.store.search({ query: 'parking spot' })).toEqual([]);
      expect((await s.store.stats()).total).toBe(0);
    });

    describe('search', () => {
      const corpus = [
        { text: 'The deploy key for production rotates every ninety days', kind: 'ops', tags: ['security'] },
        { text: 'Lunch is served at noon in the cafeteria', kind: 'office' },
        { text: 'Production database backups run nightly at two', kind: 'ops' },
        { text: 'Rotate credentials after an incident', kind: 'ops', tags: ['security'] },
        { text: 'The cafeteria closes on Fridays', kind: 'office' },
      ];

      it('finds by keyword with BM25, by meaning, and blends both with scores in [0, 1]', async () => {
        await using s = await open();
        await s.store.storeMany(corpus);
        const keyword = await s.store.search({ query: 'cafeteria', mode: 'keyword' });
        expect(keyword.map((h) => h.memory.text).sort()).toEqual([
          'Lunch is served at noon in the cafeteria',
          'The cafeteria closes on Fridays',
        ]);
        expect(keyword[0]?.keywordScore).toBe(1);
        const semantic = await s.store.search({ query: 'deploy key rotates', mode: 'semantic', limit: 1 });
        expect(semantic[0]?.memory.text).toBe(corpus[0]?.text);
        const hybrid = await s.store.search({ query: 'production key rotation', limit: 5 });
        for (const h of hybrid) {
          expect(h.score).toBeCloseTo(0.6 * h.semanticScore + 0.4 * h.keywordScore, 6);
          expect(h.semanticScore).toBeGreaterThanOrEqual(0);
          expect(h.semanticScore).toBeLessThanOrEqual(1);
          expect(h.tier).toBe('ltm');
        }
        expect(hybrid.map((h) => h.score)).toEqual([...hybrid.map((h) => h.score)].sort((a, b) => b - a));
      });

      it('honours weights per query, limit, minimum score, filters and modality weights', async () => {
        await using s = await open();
        await s.store.storeMany(corpus);
        const keywordOnly = await s.store.search({ query: 'production', weights: { semantic: 0, keyword: 1 } });
        for (const h of keywordOnly) expect(h.score).toBeCloseTo(h.keywordScore, 6);
        expect(await s.store.search({ query: 'production', limit: 1 })).toHaveLength(1);
        const strict = await s.store.search({ query: 'production', minScore: 0.5 });
        for (const h of strict) expect(h.score).toBeGreaterThanOrEqual(0.5);
        const filtered = await s.store.search({ query: 'security credentials', filter: { kinds: ['ops'], tags: ['security'] } });
        expect(filtered.length).toBeGreaterThan(0);
        for (const h of filtered) expect(h.memory.tags).toContain('security');
        const muted = await s.store.search({ query: 'cafeteria', modalityWeights: { text: 0 } });
        for (const h of muted) expect(h.score).toBe(0);
      });

      it('fuses rankings with reciprocal rank fusion', async () => {
        await using s = await open();
        await s.store.storeMany(corpus);
        const hits = await s.store.search({ query: 'cafeteria noon', mode: 'rrf', rrfK: 60 });
        expect(hits[0]?.memory.text).toBe('Lunch is served at noon in the cafeteria');
        expect(hits[0]?.score).toBeCloseTo(2 / 61, 6);
      });

      it('treats FTS syntax in queries as plain words', async () => {
        await using s = await open();
        await s.store.storeMany(corpus);
        for (const query of [
          '"cafeteria',
          'cafeteria*',
          'NEAR(cafeteria noon)',
          '^cafeteria',
          "cafeteria'); DROP TABLE memories; --",
          'text:cafeteria',
          '',
        ]) {
          const hits = await s.store.search({ query, mode: 'keyword' });
          expect(hits.every((h) => h.memory.text.toLowerCase().includes('cafeteria') || h.memory.text.toLowerCase().includes('noon'))).toBe(
            true,
          );
        }
        expect((await s.store.stats()).total).toBe(corpus.length);
      });
    });

    it('re-indexes with another embedding model on request, and keeps the old index when the new embedder fails', async () => {
      await using s = await open();
      await s.store.store({ text: 'indexed with the first model' });
      const other = createDeterministicEmbedder({ model: 'other-model', dimensions: 32 });
      await expectCortexError(
        s.store.reindex({ embed: async () => ({ model: 'broken', dimensions: 3, vectors: [new Float32Array(2)] }) }),
        'MEMORY_EMBEDDING_INVALID',
      );
      expect((await s.store.stats()).embedding).toEqual({ model: 'test-hashing-64', dimensions: 64 });
      const result = await s.store.reindex({ embed: other });
      expect(result).toEqual({ count: 1, model: 'other-model', dimensions: 32 });
      expect((await s.store.stats()).embedding).toEqual({ model: 'other-model', dimensions: 32 });
      const [hit] = await s.store.search({ query: 'first model', mode: 'semantic' });
      expect(hit?.memory.embeddingModel).toBe('other-model');
      expect((await s.store.checkIntegrity()).ok).toBe(true);
    });

    it('passes its integrity check and refuses use after close', async () => {
      const s = await open();
      await s.store.storeMany(Array.from({ length: 10 }, (_, i) => ({ text: `integrity ${i}` })));
      expect(await s.store.checkIntegrity()).toMatchObject({
        ok: true,
        database: 'ok',
        tableVectors: 10,
        indexVectors: 10,
        missingFromIndex: [],
        extraInIndex: 0,
      });
      await s.store.close();
      await s.store.close();
      await expectCortexError(s.store.get('0190a000-0000-7000-8000-000000000000'), 'MEMORY_STORE_CLOSED');
    });
  });
}
