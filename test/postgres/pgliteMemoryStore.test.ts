import { type PoolClient, pg } from '../../packages/plugin-memory/test/postgres/pgForTests.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createPostgresMemoryStore } from '../../packages/plugin-memory/src/postgres/index.js';
import { PostgresMemorySearch } from '../../packages/plugin-memory/src/postgres/PostgresMemorySearch.js';
import type { MemoryStore } from '../../packages/plugin-memory/src/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/src/testing/index.js';
import {
  assertKeywordStrategiesAgree,
  assertNoHitOutsideFilter,
  assertSemanticEqualsBruteForce,
  type FilteredModelEntry,
  seedFilteredStores,
  unitVector,
} from '../../packages/plugin-memory/test/contract/filteredSearchContract.js';
import { describeMemoryStoreBehaviour } from '../../packages/plugin-memory/src/testing/vitest/index.js';
import { keywordParity } from '../../packages/plugin-memory/test/postgres/keywordParity.js';
import { startPgliteServer, type PgliteServer } from '../../packages/plugin-memory/test/postgres/startPgliteServer.js';

// One PGlite (+ pgvector) for this whole file: creating one takes seconds. Each store gets its own schema.
let server: PgliteServer;
let schemas = 0;
beforeAll(async () => {
  server = await startPgliteServer();
  console.info(`PGlite + pgvector over the wire protocol at ${server.url}, started in ${(server.startMs / 1000).toFixed(1)} s`);
});
afterAll(async () => {
  await server?.stop();
});

describeMemoryStoreBehaviour('PostgreSQL + pgvector (PGlite over the wire protocol)', ({ embed, now }) =>
  createPostgresMemoryStore({ connectionString: server.url, poolSize: 1, schema: `behaviour_${++schemas}`, embed, now }),
);

describe('PostgreSQL + pgvector store specifics (PGlite)', () => {
  const open = (schema: string, embed = createDeterministicEmbedder(), extra: { exactFilterThreshold?: number } = {}) =>
    createPostgresMemoryStore({ connectionString: server.url, poolSize: 1, schema, embed, now: () => Date.UTC(2026, 0, 1), ...extra });
  const query = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  it('migrates to version 3 and indexes vectors with HNSW (vector_cosine_ops) once the model is known', async () => {
    await using store = await open('specifics_index');
    expect(await query(`SELECT version FROM specifics_index.memory_migrations ORDER BY version`)).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
    ]);
    expect(await query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'specifics_index' AND indexdef LIKE '%hnsw%'`)).toEqual([]);
    await store.store({ text: 'the first vector fixes the model' });
    const [index] = await query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'specifics_index' AND indexdef LIKE '%hnsw%'`,
    );
    expect(index?.indexdef).toMatch(
      /USING hnsw \(\(\(embedding\)::vector\(64\)\) vector_cosine_ops\) WITH \(m='16', ef_construction='64'\)/,
    );
  });

  it('keeps memories across reopen and refuses another model until reindex', async () => {
    const first = await open('specifics_model');
    const kept = await first.store({ text: 'indexed with the hashing model', tags: ['keep'] });
    await first.close();
    const other = createDeterministicEmbedder({ model: 'other-model', dimensions: 32 });
    await using second = await open('specifics_model', other);
    expect(await second.get(kept.id)).toEqual(kept);
    for (const attempt of [second.store({ text: 'new text' }), second.search({ query: 'hashing model', mode: 'semantic' })]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(CortexError.is(error, 'MEMORY_EMBEDDING_MODEL_MISMATCH')).toBe(true);
      expect((error as Error).message).toMatch(/call reindex\(\{ embed \}\)/);
    }
    expect((await second.stats()).total).toBe(1);
    expect(await second.reindex({ embed: other })).toEqual({ count: 1, model: 'other-model', dimensions: 32 });
    const [index] = await query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'specifics_model' AND indexdef LIKE '%hnsw%'`,
    );
    expect(index?.indexdef).toMatch(/vector\(32\)/);
    expect((await second.search({ query: 'hashing model', mode: 'semantic' }))[0]?.memory.id).toBe(kept.id);
    expect(await second.checkIntegrity()).toMatchObject({ ok: true, tableVectors: 1, indexVectors: 1 });
  });

  it('finds the same nearest memories through HNSW as by exact scan, with filters', async () => {
    await using store = await open('specifics_ann', createDeterministicEmbedder(), { exactFilterThreshold: 0 });
    await using exact = await open('specifics_exact');
    const inputs = Array.from({ length: 60 }, (_, i) => ({
      text: `note ${i} about ${['billing', 'deploys', 'lunch', 'security'][i % 4]} and topic ${i % 7}`,
      kind: i % 2 === 0 ? 'even' : 'odd',
    }));
    await store.storeMany(inputs);
    await exact.storeMany(inputs);
    for (const q of [
      { query: 'deploys topic 3', mode: 'semantic' as const, limit: 5, filter: { kinds: ['odd'] } },
      { query: 'security', mode: 'semantic' as const, limit: 5 },
    ]) {
      const viaHnsw = (await store.search(q)).map((h) => h.memory.text);
      const viaScan = (await exact.search(q)).map((h) => h.memory.text);
      expect(viaHnsw).toEqual(viaScan);
      expect(viaHnsw).toHaveLength(5);
    }
  });

  it('computes the same normalised BM25 keyword scores as the SQLite store', async () => {
    await (await open('specifics_bm25')).close();
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    try {
      for (const { query: q, sqlite, postgres } of await keywordParity(pool, 'specifics_bm25')) {
        expect([...postgres.keys()].sort(), q).toEqual([...sqlite.keys()].sort());
        for (const [text, score] of sqlite) expect(postgres.get(text), `${q} → ${text}`).toBeCloseTo(score, 9);
      }
    } finally {
      await pool.end();
    }
  });

  it('re-derives the indexed words when the stop list changes', async () => {
    const first = await open('specifics_stop');
    await first.store({ text: 'the answer is forty two' });
    expect(await first.search({ query: 'the', mode: 'keyword' })).toEqual([]);
    await first.close();
    await using second = await createPostgresMemoryStore({
      connectionString: server.url,
      poolSize: 1,
      schema: 'specifics_stop',
      stopWords: new Set(),
    });
    expect((await second.search({ query: 'the', mode: 'keyword' })).map((h) => h.memory.text)).toEqual(['the answer is forty two']);
  });
});

// Migration 3: stats() reads counts kept by statement triggers, less the expired memories on a
// partial index, instead of scanning `memories` (whose rows carry the vectors).
describe('PostgreSQL store kept counts (PGlite)', () => {
  const scanned = async (schema: string, at: number): Promise<{ byKind: Record<string, number>; vectors: number }> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const kinds = (
        await client.query<{ kind: string; n: string }>(
          `SELECT kind, count(*) AS n FROM ${schema}.memories WHERE expires_at IS NULL OR expires_at > $1 GROUP BY kind`,
          [at],
        )
      ).rows;
      const vectors = (await client.query<{ n: string }>(`SELECT count(embedding) AS n FROM ${schema}.memories`)).rows[0]?.n;
      return { byKind: Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)])), vectors: Number(vectors) };
    } finally {
      await client.end();
    }
  };
  const sql = async (statements: string): Promise<void> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(statements);
    } finally {
      await client.end();
    }
  };

  it('match a scan after stores, batches, kind changes, expiries, deletes, time passing and a re-index', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const schema = 'counts_steps';
    await using store = await createPostgresMemoryStore({ connectionString: server.url, poolSize: 1, schema, now: () => clock });
    const check = async (): Promise<void> => {
      const stats = await store.stats();
      expect({ byKind: stats.byKind, vectors: stats.index.expected }).toEqual(await scanned(schema, clock));
      expect(stats.index.size).toBe(stats.index.expected);
      expect((await store.checkIntegrity()).database).toBe('ok');
    };
    // Stored without an embedder: no vectors until the re-index.
    const plain = await store.storeMany([
      { text: 'a fact', kind: 'fact' },
      { text: 'a wish', kind: 'preference', expiresAt: clock + 10 },
    ]);
    await check();
    expect((await store.reindex({ embed: createDeterministicEmbedder() })).count).toBe(2);
    await check();
    const more = await store.storeMany([
      { text: 'one', kind: 'episode' },
      { text: 'two', kind: 'fact', expiresAt: clock + 20 },
    ]);
    await check();
    clock += 15; // the wish expired
    await check();
    await store.update(plain[0]?.id ?? '', { kind: 'episode' });
    await store.update(more[1]?.id ?? '', { expiresAt: null });
    await store.update(more[0]?.id ?? '', { tags: ['only', 'tags'] });
    await check();
    await store.delete(more[0]?.id ?? '');
    clock += 100;
    await check();
  });

  it('are filled by the migration on a schema written before it, and a wrong count fails checkIntegrity', async () => {
    const schema = 'counts_upgrade';
    const first = await createPostgresMemoryStore({
      connectionString: server.url,
      poolSize: 1,
      schema,
      embed: createDeterministicEmbedder(),
    });
    await first.storeMany([
      { text: 'a', kind: 'fact' },
      { text: 'b', kind: 'fact' },
      { text: 'c', kind: 'episode' },
    ]);
    await first.close();
    // As the previous release left it: migrations 1 and 2 only.
    await sql(
      `DROP TRIGGER memories_kept_counts_insert ON ${schema}.memories; DROP TRIGGER memories_kept_counts_delete ON ${schema}.memories; DROP TRIGGER memories_kept_counts_update ON ${schema}.memories; DROP FUNCTION ${schema}.memory_counts_change(); DROP TABLE ${schema}.memory_counts; DROP INDEX ${schema}.memories_expiring; DELETE FROM ${schema}.memory_migrations WHERE version = 3;`,
    );
    const second = await createPostgresMemoryStore({
      connectionString: server.url,
      poolSize: 1,
      schema,
      embed: createDeterministicEmbedder(),
    });
    expect((await second.stats()).byKind).toEqual({ episode: 1, fact: 2 });
    expect((await second.stats()).index).toMatchObject({ size: 3, expected: 3 });
    expect((await second.checkIntegrity()).ok).toBe(true);
    await sql(`UPDATE ${schema}.memory_counts SET n = n + 5 WHERE kind = 'fact'`);
    const report = await second.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.database).toContain('kept counts: 2 (kind, modality, model, dimensions) entries differ');
    await second.close();
  });
});

// ADR 0034's filtered-search contract, shared with the SQLite store: one store scans every
// filtered scope exactly, the other (threshold 0) sends every filter to HNSW.
describe('PostgreSQL + pgvector filtered search (PGlite, ADR 0034)', () => {
  const embed = createDeterministicEmbedder({ dimensions: 32 });
  let scan: MemoryStore;
  let ann: MemoryStore;
  let model: Map<string, FilteredModelEntry>;
  const open = (schema: string, exactFilterThreshold: number) =>
    createPostgresMemoryStore({ connectionString: server.url, poolSize: 1, schema, embed, exactFilterThreshold });
  beforeAll(async () => {
    scan = await open('filtered_scan', 5_000);
    ann = await open('filtered_ann', 0);
    model = await seedFilteredStores(scan, ann, embed);
  });
  afterAll(async () => {
    await scan?.close();
    await ann?.close();
  });

  it('never returns a memory outside the filter, in any mode, on either strategy', async () => {
    await assertNoHitOutsideFilter([scan, ann], { seed: 1206, numRuns: 25 });
  });

  it('semantic search in a scope returns brute force top k scores, on either strategy', async () => {
    await assertSemanticEqualsBruteForce([scan, ann], model, embed, { seed: 1207, numRuns: 25 });
  });

  it('keyword search in a scope scores alike on either strategy', async () => {
    await assertKeywordStrategiesAgree(scan, ann, { seed: 1208, numRuns: 25 });
  });

  it('without iterative scans (pgvector < 0.8) a scope HNSW under-fills is searched exactly, so it still gets k hits', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const [state] = (
        await client.query('SELECT embedding_model AS model, embedding_dimensions AS dimensions FROM filtered_ann.memory_state')
      ).rows;
      const options = { schema: '"filtered_ann"', vector: '"public"', stopWords: new Set<string>(), efSearch: 40, state };
      const shape = { model: state.model as string, dimensions: state.dimensions as number };
      const vector = await unitVector(embed, 'deploy backup');
      const filter = { tags: ['thread:3'] };
      const inScope = [...model.values()].filter((m) => m.tags.includes('thread:3')).length;
      expect(inScope).toBeGreaterThan(10);
      await client.query('BEGIN');
      // 400 rows are few enough that the planner would rather sort them: make it walk the HNSW index, as at scale.
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      const seen: Map<number, number>[] = [];
      for (const iterativeScans of [false, true]) {
        for (const exactFilterThreshold of [0, 5_000]) {
          const search = new PostgresMemorySearch(
            client as unknown as PoolClient,
            { ...options, iterativeScans, exactFilterThreshold },
            Date.now(),
          );
          seen.push(await search.semantic(vector, shape, 10, filter));
        }
      }
      await client.query('ROLLBACK');
      const exact = [...(seen[1] as Map<number, number>).values()].sort();
      for (const found of seen) expect([...found.values()].sort()).toEqual(exact);
      expect(exact).toHaveLength(10);
    } finally {
      await client.end();
    }
  });
});
