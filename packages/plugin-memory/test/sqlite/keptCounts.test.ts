// stats() (called by every health check) counts live memories per kind and modality from the counts
// the database's triggers keep, less the expired memories on a covering partial index — never a scan
// of the table, whose rows carry the vectors (3.1 s at 1M memories, the event loop standing still).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryStats } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { SqliteMemoryCounts } from '../../src/sqlite/SqliteMemoryCounts.js';
import { withoutKeptCounts } from './withoutKeptCounts.js';

const root = mkdtempSync(join(tmpdir(), 'memory-kept-counts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const embed = createDeterministicEmbedder();
let folders = 0;

/** The live counts per kind at `at`, and the vectors, by scanning the table: the reference. */
function scanned(dataDir: string, at: number): Pick<MemoryStats, 'total' | 'byKind'> & { vectors: number } {
  const db = new Database(join(dataDir, 'memories.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT kind, count(*) AS n FROM memories WHERE expires_at IS NULL OR expires_at > ? GROUP BY kind')
      .all(at) as { kind: string; n: number }[];
    const vectors = (db.prepare('SELECT count(*) AS n FROM memories WHERE embedding IS NOT NULL').get() as { n: number }).n;
    return { total: rows.reduce((sum, r) => sum + r.n, 0), byKind: Object.fromEntries(rows.map((r) => [r.kind, r.n])), vectors };
  } finally {
    db.close();
  }
}

type Step =
  | { readonly op: 'store'; readonly kind: string; readonly ttl: number | undefined }
  | { readonly op: 'delete'; readonly pick: number }
  | { readonly op: 'rekind'; readonly pick: number; readonly kind: string }
  | { readonly op: 'expire'; readonly pick: number; readonly ttl: number | null }
  | { readonly op: 'tick'; readonly ms: number };

const kind = fc.constantFrom('fact', 'preference', 'episode');
const ttl = fc.integer({ min: 1, max: 50 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('store' as const), kind, ttl: fc.option(ttl, { nil: undefined }) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('rekind' as const), pick: fc.nat(), kind }),
  fc.record({ op: fc.constant('expire' as const), pick: fc.nat(), ttl: fc.option(ttl, { nil: null }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 30 }) }),
);

describe('kept counts', () => {
  it('match a scan of the table after any stores, deletes, kind changes, expiries and time passing (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const dataDir = join(root, `run-${folders++}`);
        let clock = 1_000_000;
        await using store = await createSqliteMemoryStore({ dataDir, embed, now: () => clock });
        const ids: string[] = [];
        for (const s of steps) {
          const id = ids.length === 0 ? undefined : ids[('pick' in s ? s.pick : 0) % ids.length];
          if (s.op === 'store')
            ids.push(
              (await store.store({ text: `note ${ids.length}`, kind: s.kind, expiresAt: s.ttl === undefined ? undefined : clock + s.ttl }))
                .id,
            );
          else if (s.op === 'tick') clock += s.ms;
          else if (id === undefined) continue;
          else if (s.op === 'delete') await store.delete(id);
          else if ((await store.get(id)) === undefined)
            continue; // deleted or expired: not updatable
          else if (s.op === 'rekind') await store.update(id, { kind: s.kind });
          else await store.update(id, { expiresAt: s.ttl === null ? null : clock + s.ttl });
        }
        const stats = await store.stats();
        expect({ total: stats.total, byKind: stats.byKind, vectors: stats.index.expected }).toEqual(scanned(dataDir, clock));
        expect(stats.byModality.text).toBe(stats.total);
        expect((await store.checkIntegrity()).database).toBe('ok');
      }),
      { numRuns: 25, seed: 20_261_207 },
    );
  });

  it('count vectors that a re-index adds to memories stored without one', async () => {
    const dataDir = join(root, 'reindexed');
    await using store = await createSqliteMemoryStore({ dataDir });
    await store.storeMany([{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    expect((await store.stats()).index.expected).toBe(0);
    expect((await store.reindex({ embed })).count).toBe(3);
    expect((await store.stats()).index).toMatchObject({ size: 3, expected: 3 });
    expect((await store.checkIntegrity()).ok).toBe(true);
  });

  it('are read without scanning the memories table (query plans)', async () => {
    const dataDir = join(root, 'plans');
    const store = await createSqliteMemoryStore({ dataDir, embed });
    await store.storeMany([
      { text: 'one', kind: 'fact' },
      { text: 'two', kind: 'episode', expiresAt: Date.now() + 60_000 },
    ]);
    await store.close();
    const db = new Database(join(dataDir, 'memories.sqlite'), { readonly: true });
    try {
      // The statements the counts prepare, captured as they are prepared.
      const prepared: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        prepared.push(sql);
        return prepare(sql);
      }) as typeof db.prepare;
      const counts = new SqliteMemoryCounts(db);
      db.prepare = prepare;
      expect(counts.count(Date.now())).toEqual({
        kinds: [
          { kind: 'episode', n: 1 },
          { kind: 'fact', n: 1 },
        ],
        modalities: [{ modality: 'text', n: 2 }],
      });
      const kept = prepared.filter((sql) => sql.includes('memory_counts') || sql.includes('memories_expiring'));
      expect(counts.vectors()).toBe(2);
      expect(kept).toHaveLength(3);
      for (const sql of kept) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('?') ? [0] : [])) as { detail: string }[]).map(
          (r) => r.detail,
        );
        // `SCAN memory_counts` reads the few kept counts; the table itself is never scanned.
        expect(plan.join('\n')).not.toContain('SCAN memories');
        if (sql.includes('memories_expiring')) expect(plan.join('\n')).toContain('USING COVERING INDEX memories_expiring');
      }
    } finally {
      db.close();
    }
  });

  it('are added and filled on the first writable open of an older folder; a read-only store before that scans; a wrong count fails checkIntegrity', async () => {
    const dataDir = join(root, 'older');
    const store = await createSqliteMemoryStore({ dataDir, embed });
    await store.storeMany([
      { text: 'a', kind: 'fact' },
      { text: 'b', kind: 'fact' },
      { text: 'c', kind: 'episode' },
    ]);
    await store.close();
    // The previous release wrote the same schema version without the kept counts.
    withoutKeptCounts(dataDir);
    const reader = await createSqliteMemoryStore({ dataDir, embed, readOnly: true });
    expect((await reader.stats()).byKind).toEqual({ episode: 1, fact: 2 });
    await reader.close();
    const writer = await createSqliteMemoryStore({ dataDir, embed });
    await writer.store({ text: 'd', kind: 'episode' });
    expect((await writer.stats()).byKind).toEqual({ episode: 2, fact: 2 });
    expect((await writer.checkIntegrity()).ok).toBe(true);
    await writer.close();
    const tamper = new Database(join(dataDir, 'memories.sqlite'));
    tamper.exec("UPDATE memory_counts SET n = n + 5 WHERE kind = 'fact'");
    tamper.close();
    await using reopened = await createSqliteMemoryStore({ dataDir, embed });
    const report = await reopened.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.database).toContain('kept counts: 2 (kind, modality, memories, vectors) entries differ');
  });
});
