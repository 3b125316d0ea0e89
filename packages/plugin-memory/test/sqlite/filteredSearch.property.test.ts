// ADR 0034: a filtered search picks its strategy by the filter's estimated scope — an exact scan
// of the scope's rows (listed through the tag index) when it is small, ANN over-fetched and then
// filtered when it is large. Whatever it picks, no hit is outside the filter, and on small sets
// the results are exact search's top k. Two stores hold the same memories (tags changed and
// memories deleted after they were stored, so the tag index must follow): one whose threshold
// sends every filtered search to the scope scan, one whose threshold 0 sends it to ANN.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import {
  assertNoHitOutsideFilter,
  assertSemanticEqualsBruteForce,
  type ContractFilter,
  type FilteredModelEntry,
  filteredQueries,
  roundedScores,
  seedFilteredStores,
  toContractFilter,
} from '../contract/filteredSearchContract.js';

const embed = createDeterministicEmbedder({ dimensions: 32 });
const tagsListed = ['agent:a', 'agent:b', 'user:1', 'user:2', 'thread:1', 'thread:2', 'thread:3', 'thread:9', 'rare:1'];

let model: Map<string, FilteredModelEntry>;
let scan: MemoryStore;
let ann: MemoryStore;
/** A read-only connection to the scan store's file: FTS5 itself, filtered by its own SQL, is the keyword oracle. */
let oracle: Database.Database;
const root = mkdtempSync(join(tmpdir(), 'memory-filtered-'));

beforeAll(async () => {
  scan = await createSqliteMemoryStore({ dataDir: root, embed, exactFilterThreshold: 5_000 });
  ann = await createSqliteMemoryStore({ embed, exactFilterThreshold: 0 });
  model = await seedFilteredStores(scan, ann, embed);
  oracle = new Database(join(root, 'memories.sqlite'), { readonly: true });
});
afterAll(async () => {
  oracle?.close();
  await scan?.close();
  await ann?.close();
  rmSync(root, { recursive: true, force: true });
});

/** FTS5's own matches for the words under the filter, best first (tags tested by parsing each row's tags, not the tag index). */
function ftsMatches(words: readonly string[], filter: Filter): { text: string; score: number }[] {
  const clauses = ['1'];
  const params: unknown[] = [[...new Set(words)].map((w) => `"${w}"`).join(' OR ')];
  for (const tag of filter.tags ?? []) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)');
    params.push(tag);
  }
  if (filter.kinds !== undefined) {
    clauses.push(`m.kind IN (${filter.kinds.map(() => '?').join(',')})`);
    params.push(...filter.kinds);
  }
  return oracle
    .prepare(
      `SELECT m.text AS text, -bm25(memories_fts) AS score FROM memories_fts f JOIN memories m ON m.row = f.rowid WHERE memories_fts MATCH ? AND ${clauses.join(' AND ')} ORDER BY bm25(memories_fts), m.row`,
    )
    .all(...params) as { text: string; score: number }[];
}

type Filter = ContractFilter;

describe('filtered search (ADR 0034)', () => {
  it('never returns a memory outside the filter, in any mode, on either strategy', async () => {
    await assertNoHitOutsideFilter([scan, ann], { seed: 1206, numRuns: 60 });
  });

  it('semantic search in a scope returns exact search top k (scores equal to brute force), on either strategy', async () => {
    await assertSemanticEqualsBruteForce([scan, ann], model, embed, { seed: 1207, numRuns: 60 });
  });

  it('keyword search in a scope ranks exactly as FTS5 does, on either strategy', async () => {
    await fc.assert(
      fc.asyncProperty(filteredQueries, async (q) => {
        const filter = toContractFilter(q);
        const all = ftsMatches(q.words, filter);
        const best = all[0]?.score ?? 1;
        const normalised = (score: number): number => Math.round((score / best) * 1e5) / 1e5;
        const byText = new Map(all.map((m) => [m.text, normalised(m.score)]));
        for (const store of [scan, ann]) {
          const hits = await store.search({ query: q.words.join(' '), mode: 'keyword', limit: q.limit, filter });
          // The same scores in the same order (which of equal scores makes the cut is the fusion's tie rule).
          expect(roundedScores(hits, (h) => h.keywordScore)).toEqual(all.slice(0, q.limit).map((m) => normalised(m.score)));
          for (const hit of hits) expect(byText.get(hit.memory.text)).toBe(roundedScores([hit], (h) => h.keywordScore)[0]);
        }
      }),
      { seed: 1208, numRuns: 60 },
    );
  });

  it('lists by tag through the tag index after updates and deletes', async () => {
    for (const tag of tagsListed) {
      const listed = (await scan.list({ tags: [tag], limit: 1000 })).items.map((m) => m.id).sort();
      const expected = [...model.entries()]
        .filter(([, m]) => m.tags.includes(tag))
        .map(([id]) => id)
        .sort();
      expect(listed).toEqual(expected);
    }
  });

  it('checkIntegrity finds the tag index in step after updates and deletes, and names it when it is not', async () => {
    expect(await scan.checkIntegrity()).toMatchObject({ ok: true, database: 'ok' });
    const dataDir = join(root, 'integrity');
    await using store = await createSqliteMemoryStore({ dataDir, embed });
    await store.storeMany([
      { text: 'one', tags: ['a', 'b'] },
      { text: 'two', tags: ['b'] },
    ]);
    expect(await store.checkIntegrity()).toMatchObject({ ok: true, database: 'ok' });
    const db = new Database(join(dataDir, 'memories.sqlite'));
    try {
      db.prepare("DELETE FROM memory_tags WHERE tag = 'a'").run();
      db.prepare("INSERT INTO memory_tags(tag, row) VALUES ('ghost', 999999)").run();
    } finally {
      db.close();
    }
    expect(await store.checkIntegrity()).toMatchObject({
      ok: false,
      database: 'tag index: 1 tags of memories missing, 1 entries of no memory',
    });
  });
});
