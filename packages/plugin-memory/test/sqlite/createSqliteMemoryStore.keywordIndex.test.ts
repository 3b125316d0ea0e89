import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, englishStopWords, type MemoryStore } from '@cortex-os/plugin-memory';
import { toFtsTerms } from '../../src/search/toFtsQuery.js';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const root = mkdtempSync(join(tmpdir(), 'memory-keyword-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Seeded generator (LCG), so the corpus is the same on every run. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}

const words = [
  'deploy',
  'key',
  'rotate',
  'backup',
  'nightly',
  'invoice',
  'travel',
  'budget',
  'review',
  'server',
  'client',
  'report',
  'incident',
  'design',
  'garden',
  'music',
];
const foreign = ['café', 'σοφός', 'straße', 'ﬁle', 'naïve'];

/** 1,200 texts of 3–12 words (no word in more than half of them, many equal scores), some numbers, some non-ASCII words. */
function corpus(): string[] {
  const random = createRandom(7);
  return Array.from({ length: 1200 }, (_, i) => {
    const length = 3 + Math.floor(random() * 10);
    const picked = Array.from({ length }, () => {
      const r = random();
      if (r < 0.03) return foreign[Math.floor(random() * foreign.length)] as string;
      if (r < 0.1) return `n${Math.floor(random() * 40)}`;
      return words[Math.floor(words.length * random())] as string;
    });
    return `The ${picked.join(' ')}${i % 7 === 0 ? ' and the' : ''}`;
  });
}

const queries = [
  'deploy key',
  'garden music n3',
  'σοφός music',
  'nightly backup server report',
  'incident',
  'café straße',
  'naïve design ﬁle',
  'n12 n13 rotate',
  'invoice travel budget review client',
];

/**
 * Checks the store's keyword scores against FTS5's own `bm25()` on the store's database file:
 * keyword mode must return FTS5's top matches in the same order, and hybrid mode's keyword
 * score of every hit (including semantic-only candidates) must be FTS5's BM25 over the best.
 */
async function expectFts5Parity(store: MemoryStore, dbPath: string): Promise<void> {
  const fts = new Database(dbPath, { readonly: true });
  try {
    const idOf = fts.prepare<[number], { id: string }>('SELECT id FROM memories WHERE row = ?');
    const rowOf = fts.prepare<[string], { row: number }>('SELECT row FROM memories WHERE id = ?');
    const documents = fts.prepare<[string], { doc: number }>('SELECT doc FROM memories_fts_vocab WHERE term = ?');
    const rows = (fts.prepare('SELECT count(*) AS n FROM memories').get() as { n: number }).n;
    for (const query of queries) {
      const terms = toFtsTerms(query, englishStopWords);
      // The store leaves out terms found in more than half the documents (their idf is floored); the corpus has none.
      for (const t of terms) expect((documents.get(t)?.doc ?? 0) * 2).toBeLessThanOrEqual(rows);
      const match = terms.map((t) => `"${t}"`).join(' OR ');
      const pool = 200;
      const ranked = fts
        .prepare<[string, number], { row: number; score: number }>(
          'SELECT rowid AS row, -bm25(memories_fts) AS score FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rank LIMIT ?',
        )
        .all(match, pool);
      const best = Math.max(...ranked.map((r) => r.score));
      const expected = [...ranked].sort((a, b) => b.score - a.score || b.row - a.row).slice(0, 50);
      const hits = await store.search({ query, mode: 'keyword', limit: 50 });
      expect(
        hits.map((h) => h.memory.id),
        query,
      ).toEqual(expected.map((r) => idOf.get(r.row)?.id));
      for (const [i, h] of hits.entries())
        expect(Math.abs(h.keywordScore - (expected[i] as { score: number }).score / best)).toBeLessThan(1e-9);

      // Every match's bm25() from the unrestricted query (with `rowid = ?` added, FTS5 computes
      // its statistics over the restricted rows and scores differently).
      const all = new Map(
        fts
          .prepare<[string], { row: number; score: number }>(
            'SELECT rowid AS row, -bm25(memories_fts) AS score FROM memories_fts WHERE memories_fts MATCH ?',
          )
          .all(match)
          .map((r) => [r.row, r.score]),
      );
      for (const h of await store.search({ query, mode: 'hybrid', limit: 50 })) {
        const bm25 = all.get(rowOf.get(h.memory.id)?.row as number) ?? 0;
        expect(Math.abs(h.keywordScore - bm25 / best)).toBeLessThan(1e-9);
      }
    }
  } finally {
    fts.close();
  }
}

describe('createSqliteMemoryStore keyword index', () => {
  it('scores as FTS5 bm25() does, after inserts, updates, deletes and a reopen', async () => {
    const dataDir = join(root, 'parity');
    const dbPath = join(dataDir, 'memories.sqlite');
    const embed = createDeterministicEmbedder();
    const texts = corpus();
    const store = await createSqliteMemoryStore({ dataDir, embed, vectorIndex: 'exact' });
    const stored = await store.storeMany(texts.map((text) => ({ text })));
    await expectFts5Parity(store, dbPath);

    const random = createRandom(11);
    for (let i = 0; i < 60; i++) {
      const victim = stored[Math.floor(random() * stored.length)]?.id as string;
      if (i % 3 === 0) await store.delete(victim);
      else if ((await store.get(victim)) !== undefined)
        await store.update(victim, { text: `${texts[Math.floor(random() * texts.length)]} deploy deploy incident` });
    }
    await store.update(stored[1]?.id as string, { tags: ['only-tags-changed'] });
    await store.storeMany([{ text: 'deploy key rotate after the incident' }, { text: '' }]);
    await expectFts5Parity(store, dbPath);
    await store.close();

    await using reopened = await createSqliteMemoryStore({ dataDir, embed, vectorIndex: 'exact' });
    await expectFts5Parity(reopened, dbPath);
  });

  it('finds a word that FTS5 folds differently from JavaScript (final sigma), with and without a filter', async () => {
    await using store = await createSqliteMemoryStore({ embed: createDeterministicEmbedder(), vectorIndex: 'exact' });
    const [wise] = await store.storeMany([
      { text: 'ο σοφός άνθρωπος', kind: 'greek' },
      { text: 'a wise person', kind: 'english' },
    ]);
    for (const filter of [undefined, { kinds: ['greek'] }]) {
      const hits = await store.search({ query: 'ΣΟΦΌΣ', mode: 'keyword', limit: 5, ...(filter === undefined ? {} : { filter }) });
      expect(hits.map((h) => h.memory.id)).toEqual([wise?.id]);
    }
  });

  it('keeps filtered keyword searches on FTS5 and agrees with them', async () => {
    await using store = await createSqliteMemoryStore({ embed: createDeterministicEmbedder(), vectorIndex: 'exact' });
    await store.storeMany(corpus().map((text, i) => ({ text, kind: i % 2 === 0 ? 'even' : 'odd' })));
    const filtered = await store.search({ query: 'deploy key', mode: 'keyword', limit: 20, filter: { kinds: ['even'] } });
    expect(filtered.length).toBe(20);
    expect(filtered.every((h) => h.memory.kind === 'even')).toBe(true);
    const unfiltered = await store.search({ query: 'deploy key', mode: 'keyword', limit: 200 });
    const evenOrder = unfiltered.filter((h) => h.memory.kind === 'even').map((h) => h.memory.id);
    expect(filtered.map((h) => h.memory.id)).toEqual(evenOrder.slice(0, 20));
  });
});
