import { pg } from '../../packages/plugin-memory/test/postgres/pgForTests.js';
import { afterAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createPostgresMemoryStore } from '../../packages/plugin-memory/src/postgres/index.js';
import { postgresMemoryMigrations, type PostgresMigration } from '../../packages/plugin-memory/src/postgres/postgresMemoryMigrations.js';
import { runPostgresMigrations } from '../../packages/plugin-memory/src/postgres/runPostgresMigrations.js';
import { postgresFilterSql } from '../../packages/plugin-memory/src/postgres/postgresSql.js';
import { searchPostgresKeywords } from '../../packages/plugin-memory/src/postgres/searchPostgresKeywords.js';
import { MemoryEngine } from '../../packages/plugin-memory/src/engine/MemoryEngine.js';
import { PostgresMemoryDriver } from '../../packages/plugin-memory/src/postgres/PostgresMemoryDriver.js';
import { englishStopWords } from '../../packages/plugin-memory/src/search/toFtsQuery.js';
import type { MemoryEmbedder } from '../../packages/plugin-memory/src/store/MemoryEmbedder.js';
import { resolveMemoryStoreDefaults } from '../../packages/plugin-memory/src/store/resolveMemoryStoreDefaults.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/src/testing/index.js';
import { keywordParity } from '../../packages/plugin-memory/test/postgres/keywordParity.js';
import { resolvePostgresTestUrl } from './resolvePostgresTestUrl.js';

// A real PostgreSQL 15 from Debian, started by `bash scripts/services/postgres.sh start`. It has
// no pgvector, so this covers what does not need it: the store's clear error, the migration
// runner, BM25 keyword search and its statistics. Required when CI=true.
const resolved = resolvePostgresTestUrl();
let unavailable = resolved.reason;
if (resolved.url !== undefined) {
  const probe = new pg.Client({ connectionString: resolved.url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    const version = (await probe.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num ?? '0';
    if (!version.startsWith('15')) unavailable = `expected PostgreSQL 15 at ${resolved.url}, found server_version_num ${version}`;
  } catch (error) {
    unavailable = `cannot connect to ${resolved.url}: ${(error as Error).message}; run \`bash scripts/services/postgres.sh start\``;
  } finally {
    await probe.end().catch(() => undefined);
  }
}
// Required in CI (the file fails to load, which the test command counts as a failure); skipped loudly elsewhere.
if (unavailable !== undefined && process.env['CI'] === 'true') throw new Error(`PostgreSQL 15 is required when CI=true: ${unavailable}`);
if (unavailable !== undefined) console.warn(`\n!!! SKIPPING the PostgreSQL 15 tests: ${unavailable}\n`);

describe.skipIf(unavailable !== undefined)('PostgreSQL 15 from Debian (no pgvector)', () => {
  const url = resolved.url as string;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schemas: string[] = [];
  const schema = (name: string): string => {
    const s = `t${process.pid}_${name}`;
    schemas.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await pool.end();
  });
  const names = (s: string) => ({ schema: `"${s}"`, vector: '"public"' });
  const core = postgresMemoryMigrations.filter((m) => m.version === 1);
  const exists = async (s: string) => (await pool.query('SELECT to_regnamespace($1) IS NOT NULL AS e', [s])).rows[0].e as boolean;

  it('refuses to open with MEMORY_PGVECTOR_MISSING, saying what to do, and creates nothing', async () => {
    const s = schema('nopgvector');
    const error = await createPostgresMemoryStore({ connectionString: url, schema: s, embed: createDeterministicEmbedder() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(CortexError.is(error, 'MEMORY_PGVECTOR_MISSING')).toBe(true);
    expect((error as Error).message).toMatch(
      /has no pgvector extension: install it \(e\.g\. apt install postgresql-15-pgvector.*\) or use the sqlite store/,
    );
    expect((error as CortexError).details['serverVersion']).toMatch(/^15\./);
    expect(await exists(s)).toBe(false);
  });

  it('applies migrations once, records them, and is a no-op when run again', async () => {
    const s = schema('migrate');
    expect(await runPostgresMigrations(pool, names(s), core)).toEqual({ applied: [1], version: 1 });
    expect(await runPostgresMigrations(pool, names(s), core)).toEqual({ applied: [], version: 1 });
    const rows = (await pool.query(`SELECT version, name, checksum FROM "${s}".memory_migrations`)).rows;
    expect(rows).toEqual([{ version: 1, name: 'core tables and keyword index', checksum: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    const indexes = (
      await pool.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [s])
    ).rows.map((r) => r.indexdef);
    expect(indexes.some((d) => /USING gin \(tsv\)/.test(d))).toBe(true);
  });

  it('applies each migration exactly once when several processes migrate at the same time', async () => {
    const s = schema('race');
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const reports = await Promise.all(pools.map((p) => runPostgresMigrations(p, names(s), core)));
      expect(reports.flatMap((r) => r.applied)).toEqual([1]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('runs each migration in its own transaction: a failing one leaves no trace and the earlier ones applied', async () => {
    const s = schema('failing');
    const broken: PostgresMigration = {
      version: 2,
      name: 'broken',
      sql: ({ schema: q }) => `CREATE TABLE ${q}.half_done (x int); SELECT 1 / 0;`,
    };
    await expect(runPostgresMigrations(pool, names(s), [...core, broken])).rejects.toThrow(/division by zero/);
    expect((await pool.query(`SELECT version FROM "${s}".memory_migrations`)).rows).toEqual([{ version: 1 }]);
    expect((await pool.query('SELECT to_regclass($1) AS t', [`"${s}".half_done`])).rows[0].t).toBeNull();
  });

  it('refuses a schema migrated by a newer version, or whose applied SQL changed, with MEMORY_STORE_CORRUPT', async () => {
    const s = schema('newer');
    const extra: PostgresMigration = { version: 2, name: 'from the future', sql: ({ schema: q }) => `CREATE TABLE ${q}.future (x int);` };
    await runPostgresMigrations(pool, names(s), [...core, extra]);
    const newer = await runPostgresMigrations(pool, names(s), core).catch((e: unknown) => e);
    expect(CortexError.is(newer, 'MEMORY_STORE_CORRUPT')).toBe(true);
    const edited: PostgresMigration = { ...extra, sql: ({ schema: q }) => `CREATE TABLE ${q}.future (y int);` };
    const changed = await runPostgresMigrations(pool, names(s), [...core, edited]).catch((e: unknown) => e);
    expect(CortexError.is(changed, 'MEMORY_STORE_CORRUPT')).toBe(true);
    expect((changed as Error).message).toMatch(/migration 2 .* was applied with other SQL/);
  });

  it('computes the same normalised BM25 keyword scores as the SQLite store', async () => {
    const s = schema('bm25');
    await runPostgresMigrations(pool, names(s), core);
    for (const { query, sqlite, postgres } of await keywordParity(pool, `"${s}"`)) {
      expect([...postgres.keys()].sort(), query).toEqual([...sqlite.keys()].sort());
      for (const [text, score] of sqlite) expect(postgres.get(text), `${query} → ${text}`).toBeCloseTo(score, 9);
    }
  });

  it('refuses writes to a read-only database with MEMORY_STORE_READ_ONLY naming the operation, before embedding anything', async () => {
    // The store itself cannot open here (no pgvector): its driver runs over the core tables, and
    // every connection of its pool is read-only, as on a hot standby or a read-only role.
    const s = schema('readonly');
    await runPostgresMigrations(pool, names(s), core);
    const ids = [1, 2, 3].map((n) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`);
    for (const [n, id] of ids.entries())
      await pool.query(
        `INSERT INTO "${s}".memories (id, kind, text, modality, tags, metadata, tier, created_at, updated_at, version, fts_text, fts_tokens) VALUES ($1, 'note', $2, 'text', '{}', '{}', 'ltm', 0, 0, 1, $2, 2)`,
        [id, `memory number${n}`],
      );
    const readOnly = new pg.Pool({ connectionString: url, max: 1, options: '-c default_transaction_read_only=on' });
    const driver = new PostgresMemoryDriver(
      {
        pool: readOnly,
        ownsPool: true,
        schema: `"${s}"`,
        vector: '"public"',
        stopWords: englishStopWords,
        exactFilterThreshold: 5_000,
        hnsw: { m: 16, efConstruction: 64, efSearch: 40 },
        iterativeScans: false,
      },
      { model: null, dimensions: null },
    );
    let embedded = 0;
    const inner = createDeterministicEmbedder();
    const embed: MemoryEmbedder = (inputs, options) => {
      embedded += inputs.length;
      return inner(inputs, options);
    };
    await using store = new MemoryEngine({ ...resolveMemoryStoreDefaults({}), driver, embed, embedModalities: undefined });
    const attempts: [string, () => Promise<unknown>][] = [
      ['reindex', () => store.reindex()],
      ['update', () => store.update(ids[0] as string, { tags: ['changed'] })],
      ['delete', () => store.delete(ids[1] as string)],
    ];
    for (const [operation, attempt] of attempts) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(CortexError.is(error, 'MEMORY_STORE_READ_ONLY'), `${operation}: ${String(error)}`).toBe(true);
      const typed = error as CortexError;
      expect(typed.details).toEqual({ operation, sqlState: '25006' });
      expect(typed.message).toContain(`${operation} stored nothing`);
      // No raw database text, SQL, path or stack in what a client is shown.
      const shown = JSON.stringify({ message: typed.message, details: typed.details });
      expect(shown).not.toMatch(/cannot execute|read-only transaction|INSERT|DELETE|SELECT|\/|\bat /);
    }
    // The re-index was refused before a single memory was embedded, and nothing changed.
    expect(embedded).toBe(0);
    const rows = (await pool.query(`SELECT id::text, tags, version FROM "${s}".memories ORDER BY seq`)).rows;
    expect(rows).toEqual(ids.map((id) => ({ id, tags: [], version: 1 })));
  });

  it('keeps the BM25 corpus statistics exact through inserts, updates and deletes', async () => {
    const s = schema('ftsstats');
    await runPostgresMigrations(pool, names(s), core);
    const q = `"${s}"`;
    const insert = (id: number, words: string) =>
      pool.query(
        `INSERT INTO ${q}.memories (id, kind, text, modality, tags, metadata, tier, created_at, updated_at, version, fts_text, fts_tokens) VALUES ($1, 'note', $2, 'text', '{}', '{}', 'ltm', 0, 0, 1, $2, $3)`,
        [`0190a000-0000-7000-8000-${String(id).padStart(12, '0')}`, words, words.split(' ').length],
      );
    const stats = async () => (await pool.query(`SELECT documents::int, tokens::int FROM ${q}.memory_fts_stats`)).rows[0];
    await insert(1, 'alpha beta gamma');
    await insert(2, 'delta epsilon');
    expect(await stats()).toEqual({ documents: 2, tokens: 5 });
    await pool.query(`UPDATE ${q}.memories SET fts_text = 'zeta', fts_tokens = 1 WHERE fts_tokens = 3`);
    expect(await stats()).toEqual({ documents: 2, tokens: 3 });
    await pool.query(`DELETE FROM ${q}.memories WHERE fts_tokens = 2`);
    expect(await stats()).toEqual({ documents: 1, tokens: 1 });
  });

  it('keyword search with a tags or kinds filter applies it before the top k (ADR 0034): the filtered best k are the unfiltered ranking filtered', async () => {
    const s = schema('ftsfilter');
    await runPostgresMigrations(pool, names(s), core);
    const q = `"${s}"`;
    const words = ['deploy', 'key', 'rotate', 'billing', 'backup', 'cache'];
    const tagsOf = (i: number): string[] => ['agent:a', 'thread:1', 'thread:2'].filter((_, t) => i % (t + 2) === t % 2);
    let seed = 1208;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.floor((seed / 4294967296) * n);
    };
    const rows = Array.from({ length: 300 }, (_, i) => ({
      text: Array.from({ length: 2 + rnd(5) }, () => words[rnd(words.length)]).join(' '),
      kind: rnd(3) === 0 ? 'fact' : 'note',
      tags: tagsOf(i),
    }));
    for (const [i, r] of rows.entries()) {
      await pool.query(
        `INSERT INTO ${q}.memories (id, kind, text, modality, tags, metadata, tier, created_at, updated_at, version, fts_text, fts_tokens) VALUES ($1, $2, $3, 'text', $4, '{}', 'ltm', 0, 0, 1, $3, $5)`,
        [`0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, r.kind, r.text, r.tags, r.text.split(' ').length],
      );
    }
    const bySeq = new Map(
      (await pool.query<{ seq: string; i: string }>(`SELECT seq, right(id::text, 12)::int AS i FROM ${q}.memories`)).rows.map((r) => [
        Number(r.seq),
        rows[Number(r.i)] as (typeof rows)[number],
      ]),
    );
    const filters: { tags?: string[]; kinds?: string[] }[] = [
      { tags: ['thread:2'] },
      { tags: ['agent:a', 'thread:1'] },
      { tags: ['thread:1'], kinds: ['fact'] },
      { kinds: ['fact'] },
    ];
    for (const filter of filters) {
      for (const terms of [['deploy'], ['rotate', 'cache'], ['billing', 'key', 'backup']]) {
        const all = [...(await searchPostgresKeywords(pool, q, terms)).entries()];
        const passes = ([seq]: [number, number]): boolean => {
          const r = bySeq.get(seq) as (typeof rows)[number];
          return (filter.tags ?? []).every((t) => r.tags.includes(t)) && (filter.kinds === undefined || filter.kinds.includes(r.kind));
        };
        const inScope = all.filter(passes);
        expect(inScope.length, JSON.stringify({ filter, terms })).toBeGreaterThan(10);
        const filtered = await searchPostgresKeywords(pool, q, terms, { limit: 10, where: postgresFilterSql(filter, 0) });
        const expected = inScope.slice(0, 10);
        expect([...filtered.keys()]).toEqual(expected.map(([seq]) => seq));
        for (const [seq, score] of expected) expect(filtered.get(seq) as number).toBeCloseTo(score, 12);
      }
    }
  });
});
