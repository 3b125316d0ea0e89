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
import { createSqliteMemoryStore, type MemorySearchHit, type MemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const vocabulary = [
  'deploy',
  'key',
  'rotate',
  'billing',
  'invoice',
  'standup',
  'backup',
  'oncall',
  'release',
  'cache',
  'latency',
  'coffee',
];
const tagPool = ['agent:a', 'agent:b', 'user:1', 'user:2', 'thread:1', 'thread:2', 'thread:3'];
const kindPool = ['fact', 'note', 'event'];
const embed = createDeterministicEmbedder({ dimensions: 32 });

/** The model: what each live memory holds, by id. */
interface Modelled {
  text: string;
  kind: string;
  tags: string[];
  vector: Float32Array;
}
const model = new Map<string, Modelled>();
let scan: MemoryStore;
let ann: MemoryStore;
/** A read-only connection to the scan store's file: FTS5 itself, filtered by its own SQL, is the keyword oracle. */
let oracle: Database.Database;
const root = mkdtempSync(join(tmpdir(), 'memory-filtered-'));

/** Seeded data: texts, tags (agent:a on half the memories, each thread on about a tenth) and kinds. */
function seededMemories(count: number): { text: string; kind: string; tags: string[] }[] {
  let seed = 20_261_206;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const share = [0.5, 0.2, 0.3, 0.1, 0.1, 0.08, 0.05];
  return Array.from({ length: count }, (_, i) => ({
    text: `${Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]).join(' ')} n${i}`,
    kind: kindPool[Math.floor(rnd() * kindPool.length)] as string,
    tags: tagPool.filter((_, t) => rnd() < (share[t] as number)),
  }));
}

async function unitVector(text: string): Promise<Float32Array> {
  const [v] = (await embed([text])).vectors;
  const vector = v as Float32Array;
  const norm = Math.hypot(...vector);
  return vector.map((x) => (norm === 0 ? 0 : x / norm));
}

beforeAll(async () => {
  scan = await createSqliteMemoryStore({ dataDir: root, embed, exactFilterThreshold: 5_000 });
  ann = await createSqliteMemoryStore({ embed, exactFilterThreshold: 0 });
  const inputs = seededMemories(400);
  const [stored] = await Promise.all([scan.storeMany(inputs), ann.storeMany(inputs)]);
  const annIds = (await ann.list({ limit: 1000 })).items.map((m) => m.id).reverse();
  for (const [i, memory] of stored.entries()) {
    const input = inputs[i] as (typeof inputs)[number];
    model.set(memory.id, { ...input, vector: await unitVector(input.text) });
  }
  // Tags changed and memories deleted after the fact, through the same calls in both stores.
  const scanIds = stored.map((m) => m.id);
  for (let i = 0; i < 40; i++) {
    // `rare:1` on one memory: a scope so small a share that the ANN-side store's keyword search is one FTS5 query.
    const tags = i % 2 === 0 ? ['thread:9', 'agent:b'] : i === 1 ? ['rare:1'] : [];
    await scan.update(scanIds[i * 7] as string, { tags });
    await ann.update(annIds[i * 7] as string, { tags });
    (model.get(scanIds[i * 7] as string) as Modelled).tags = tags;
  }
  for (let i = 0; i < 20; i++) {
    await scan.delete(scanIds[i * 11 + 3] as string);
    await ann.delete(annIds[i * 11 + 3] as string);
    model.delete(scanIds[i * 11 + 3] as string);
  }
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

interface Filter {
  tags?: string[];
  kinds?: string[];
}
const inFilter = (m: { tags: readonly string[]; kind: string }, f: Filter): boolean =>
  (f.tags ?? []).every((t) => m.tags.includes(t)) && (f.kinds === undefined || f.kinds.includes(m.kind));
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

const queries = fc.record({
  words: fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 3 }),
  tags: fc.subarray([...tagPool, 'thread:9', 'rare:1', 'nobody'], { maxLength: 2 }),
  kinds: fc.option(fc.subarray(kindPool, { minLength: 1 }), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 25 }),
});
const toFilter = (q: { tags: string[]; kinds: string[] | undefined }): Filter => ({
  ...(q.tags.length === 0 ? {} : { tags: q.tags }),
  ...(q.kinds === undefined ? {} : { kinds: q.kinds }),
});
const rounded = (hits: readonly MemorySearchHit[], score: (h: MemorySearchHit) => number): number[] =>
  hits.map((h) => Math.round(score(h) * 1e5) / 1e5);

describe('filtered search (ADR 0034)', () => {
  it('never returns a memory outside the filter, in any mode, on either strategy', async () => {
    await fc.assert(
      fc.asyncProperty(queries, fc.constantFrom('semantic', 'keyword', 'hybrid', 'rrf') as fc.Arbitrary<'semantic'>, async (q, mode) => {
        const filter = toFilter(q);
        for (const store of [scan, ann]) {
          const hits = await store.search({ query: q.words.join(' '), mode, limit: q.limit, filter });
          for (const hit of hits) expect(inFilter(hit.memory, filter)).toBe(true);
          expect(new Set(hits.map((h) => h.memory.id)).size).toBe(hits.length);
        }
      }),
      { seed: 1206, numRuns: 60 },
    );
  });

  it('semantic search in a scope returns exact search top k (scores equal to brute force), on either strategy', async () => {
    await fc.assert(
      fc.asyncProperty(queries, async (q) => {
        const filter = toFilter(q);
        const query = q.words.join(' ');
        const vector = await unitVector(query);
        const expected = [...model.values()]
          .filter((m) => inFilter(m, filter))
          .map((m) => Math.min(1, Math.max(0, dot(vector, m.vector))))
          .sort((a, b) => b - a)
          .slice(0, q.limit)
          .map((s) => Math.round(s * 1e5) / 1e5);
        for (const store of [scan, ann]) {
          const hits = await store.search({ query, mode: 'semantic', limit: q.limit, filter });
          expect(rounded(hits, (h) => h.semanticScore)).toEqual(expected);
        }
      }),
      { seed: 1207, numRuns: 60 },
    );
  });

  it('keyword search in a scope ranks exactly as FTS5 does, on either strategy', async () => {
    await fc.assert(
      fc.asyncProperty(queries, async (q) => {
        const filter = toFilter(q);
        const all = ftsMatches(q.words, filter);
        const best = all[0]?.score ?? 1;
        const normalised = (score: number): number => Math.round((score / best) * 1e5) / 1e5;
        const byText = new Map(all.map((m) => [m.text, normalised(m.score)]));
        for (const store of [scan, ann]) {
          const hits = await store.search({ query: q.words.join(' '), mode: 'keyword', limit: q.limit, filter });
          // The same scores in the same order (which of equal scores makes the cut is the fusion's tie rule).
          expect(rounded(hits, (h) => h.keywordScore)).toEqual(all.slice(0, q.limit).map((m) => normalised(m.score)));
          for (const hit of hits) expect(byText.get(hit.memory.text)).toBe(rounded([hit], (h) => h.keywordScore)[0]);
        }
      }),
      { seed: 1208, numRuns: 60 },
    );
  });

  it('lists by tag through the tag index after updates and deletes', async () => {
    for (const tag of [...tagPool, 'thread:9', 'rare:1']) {
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
