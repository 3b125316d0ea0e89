// Issue 13 §1 / ADR 0018: a data folder written by the release before the storage guarantees
// (schema version 2, an index sidecar without checksums) opens after them. The fixture was written
// by that release (5 memories stored, one updated, one deleted); it is copied, never changed.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const fixture = join(import.meta.dirname, '../fixtures/data-dir-v2');
const root = mkdtempSync(join(tmpdir(), 'memory-fixture-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a data folder of the previous release', () => {
  it('opens with every memory, rebuilds its unchecked index once with a warning, then loads the saved one', async () => {
    const dataDir = join(root, 'copy');
    cpSync(fixture, dataDir, { recursive: true });
    const embed = createDeterministicEmbedder();
    const warnings: string[] = [];
    const store = await createSqliteMemoryStore({ dataDir, embed, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      'the vector index file memories.usearch.json was saved by an earlier release without checksums; rebuilding the index from the database once',
    ]);
    const stats = await store.stats();
    expect(stats.total).toBe(4);
    expect(stats.embedding).toEqual({ model: 'test-hashing-64', dimensions: 64 });
    expect(stats.index).toEqual({ kind: 'hnsw', size: 4, expected: 4, openedBy: 'rebuilt' });
    expect((await store.get('01a22ee6-b7d0-70d8-ab22-c5c02da453bd'))?.text).toBe('The deploy key rotates every 90 days');
    expect(await store.get('01a22ee6-d710-75b3-92ba-a702069aebe1')).toBeUndefined();
    const updated = await store.get('01a22ee6-cf40-73f6-87c0-0b0329d5dfe3');
    expect(updated).toMatchObject({ text: 'Alice prefers green tea over coffee', version: 2 });
    expect(await store.history('01a22ee6-cf40-73f6-87c0-0b0329d5dfe3')).toHaveLength(1);
    const [hit] = await store.search({ query: 'when does the deploy key rotate?', limit: 1 });
    expect(hit?.memory.id).toBe('01a22ee6-b7d0-70d8-ab22-c5c02da453bd');
    expect(await store.checkIntegrity()).toMatchObject({ ok: true, indexFiles: [] });
    // Schema 3's tag index (ADR 0034) was filled from the rows on open: tag filters find them.
    expect((await store.list({ tags: ['fixture'] })).items).toHaveLength(4);
    const [tagged] = await store.search({ query: 'deploy key', limit: 5, filter: { tags: ['t0'] } });
    expect(tagged?.memory.id).toBe('01a22ee6-b7d0-70d8-ab22-c5c02da453bd');
    await store.store({ text: 'written by this release' });
    await store.close();
    await using again = await createSqliteMemoryStore({ dataDir, embed, onWarning: (m) => warnings.push(m) });
    expect((await again.stats()).index).toMatchObject({ size: 5, openedBy: 'loaded' });
    expect(warnings).toHaveLength(1);
  });
});
