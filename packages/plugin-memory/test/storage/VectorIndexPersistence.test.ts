import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { createFaultyIo } from './faultyIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-index-save-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `store-${n++}`);
/** One turn of the event loop: the scheduled save runs after the writers were answered. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('saving the vector index is never part of a write outcome', () => {
  it('answers committed writes when the save fails, warns once, reports degraded storage and retries on its timer', async () => {
    const dataDir = freshDir();
    const io = createFaultyIo();
    const warnings: string[] = [];
    const store = await createSqliteMemoryStore({
      dataDir,
      embed: createDeterministicEmbedder(),
      indexSaveEvery: 2,
      io,
      onWarning: (m) => warnings.push(m),
    });
    io.fail('ENOSPC', ['writeFile', 'rename'], 'memories.usearch');
    const first = await store.storeMany([{ text: 'alpha about disks' }, { text: 'beta about disks' }, { text: 'gamma about disks' }]);
    expect(first).toHaveLength(3);
    await nextTurn();
    expect((await store.stats()).storage).toEqual({
      status: 'degraded',
      reason: 'the vector index cannot be saved (ENOSPC); it is rebuilt from the database on open',
    });
    // Later writes go on, and a failing save is warned about once, not per write.
    const second = await store.store({ text: 'delta about disks' });
    await store.store({ text: 'epsilon about disks' });
    await nextTurn();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('memories.usearch');
    expect(warnings[0]).toContain('ENOSPC');
    expect(warnings[0]).not.toContain(dataDir);
    io.tick(); // still failing: stays degraded
    expect((await store.stats()).storage?.status).toBe('degraded');
    io.heal();
    io.tick();
    expect((await store.stats()).storage).toEqual({ status: 'ok' });
    await store.close();
    expect(io.timers).toBe(0);
    await using reopened = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    expect((await reopened.stats()).index).toMatchObject({ size: 5, expected: 5, openedBy: 'loaded' });
    expect(await reopened.get(second.id)).toEqual(second);
  });

  it('closes without throwing when the final save fails, and the next open rebuilds the index from the database', async () => {
    const dataDir = freshDir();
    const io = createFaultyIo();
    const warnings: string[] = [];
    const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder(), io, onWarning: (m) => warnings.push(m) });
    const stored = await store.storeMany([{ text: 'kept although the index is not' }, { text: 'also kept' }]);
    io.fail('EROFS', ['writeFile', 'rename'], 'memories.usearch');
    await store.close();
    expect(warnings.join('\n')).toContain('EROFS');
    await using reopened = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    expect((await reopened.stats()).index).toMatchObject({ size: 2, expected: 2 });
    for (const m of stored) expect(await reopened.get(m.id)).toEqual(m);
    const [hit] = await reopened.search({ query: 'kept although the index is not', mode: 'semantic', limit: 1 });
    expect(hit?.memory.id).toBe(stored[0]?.id);
  });

  it('rebuilds from the database when the saved index cannot be read to check it, warning with the cause', async () => {
    const dataDir = freshDir();
    const first = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    const stored = await first.storeMany([{ text: 'read back after a failed check' }, { text: 'second note' }]);
    await first.close();
    const io = createFaultyIo();
    io.fail('EIO', ['readBlocks'], 'memories.usearch');
    const warnings: string[] = [];
    await using reopened = await createSqliteMemoryStore({
      dataDir,
      embed: createDeterministicEmbedder(),
      io,
      onWarning: (m) => warnings.push(m),
    });
    expect((await reopened.stats()).index).toMatchObject({ openedBy: 'rebuilt', size: 2, expected: 2 });
    expect(warnings.join('\n')).toContain('memories.usearch');
    const [hit] = await reopened.search({ query: 'read back after a failed check', mode: 'semantic', limit: 1 });
    expect(hit?.memory.id).toBe(stored[0]?.id);
  });
});
