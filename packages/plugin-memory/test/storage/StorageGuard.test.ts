import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createSqliteMemoryStore, type MemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { createFaultyIo, type FaultyIo } from './faultyIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-guard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `store-${n++}`);

async function openFaulty(dataDir = freshDir()): Promise<{ store: MemoryStore; io: FaultyIo; dataDir: string }> {
  const io = createFaultyIo();
  const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder(), io, onWarning: () => {} });
  return { store, io, dataDir };
}

const failure = (promise: Promise<unknown>): Promise<CortexError> =>
  promise.then(
    () => expect.fail('the write was acknowledged'),
    (error: unknown) => error as CortexError,
  );

describe('write failures are specific, visible, and nothing failed is stored', () => {
  it.each([
    ['SQLITE_FULL', 'MEMORY_STORAGE_FULL', 'insufficient-storage'],
    ['ENOSPC', 'MEMORY_STORAGE_FULL', 'insufficient-storage'],
    ['EACCES', 'MEMORY_STORAGE_UNWRITABLE', 'unavailable'],
    ['EROFS', 'MEMORY_STORAGE_UNWRITABLE', 'unavailable'],
  ])('%s: every write method fails with %s (%s), storage health fails, and it recovers by itself', async (fault, code, kind) => {
    const { store, io } = await openFaulty();
    const kept = await store.store({ text: 'written before the fault' });
    io.fail(fault, ['transaction']);
    const writes = [
      () => store.store({ text: 'refused single' }),
      () => store.storeMany([{ text: 'refused a' }, { text: 'refused b' }]),
      () => store.update(kept.id, { text: 'refused change' }),
      () => store.delete(kept.id),
    ];
    for (const write of writes) {
      const error = await failure(write());
      expect(CortexError.is(error, code)).toBe(true);
      expect(error.kind).toBe(kind);
    }
    expect((await store.stats()).storage).toMatchObject({ status: 'failing', code });
    io.tick(); // still failing: the probe fails too
    expect((await store.stats()).storage?.status).toBe('failing');
    io.heal();
    io.tick();
    expect((await store.stats()).storage).toEqual({ status: 'ok' });
    // Nothing reported failed was stored.
    expect((await store.list()).items.map((m) => m.text)).toEqual(['written before the fault']);
    expect(await store.get(kept.id)).toEqual(kept);
    await store.store({ text: 'written after recovery' });
    expect((await store.stats()).total).toBe(2);
    await store.close();
  });

  it('a successful write clears the failure without waiting for the timer', async () => {
    const { store, io } = await openFaulty();
    io.fail('ENOSPC', ['transaction']);
    await failure(store.store({ text: 'refused' }));
    io.heal();
    await store.store({ text: 'accepted' });
    expect((await store.stats()).storage).toEqual({ status: 'ok' });
    await store.close();
  });

  it('refuses to open a folder it cannot create, with a typed error', async () => {
    const io = createFaultyIo();
    io.fail('EROFS', ['mkdir']);
    await expect(createSqliteMemoryStore({ dataDir: freshDir(), io })).rejects.toMatchObject({
      code: 'MEMORY_STORAGE_UNWRITABLE',
      kind: 'unavailable',
    });
  });
});

describe('a data folder removed while the store runs', () => {
  it('refuses every write after a real removal, so none is acknowledged that is not durable', async () => {
    const { store, dataDir } = await openFaulty();
    const before = await store.storeMany(Array.from({ length: 5 }, (_, i) => ({ text: `before removal ${i}` })));
    rmSync(dataDir, { recursive: true, force: true });
    const attempts = await Promise.allSettled([
      store.store({ text: 'after removal 1' }),
      store.storeMany([{ text: 'after removal 2' }, { text: 'after removal 3' }]),
      store.update(before[0]?.id as string, { text: 'after removal 4' }),
      store.delete(before[1]?.id as string),
    ]);
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected');
      expect((attempt as PromiseRejectedResult).reason).toMatchObject({ code: 'MEMORY_DATA_DIR_REMOVED', kind: 'unavailable' });
    }
    expect((await store.stats()).storage).toMatchObject({ status: 'failing', code: 'MEMORY_DATA_DIR_REMOVED' });
    await store.close();
    // What a restart finds: an empty folder, in which none of the refused writes exist.
    await using reopened = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    expect((await reopened.stats()).total).toBe(0);
  });

  it('notices the removal on its timer, before any write', async () => {
    const { store, io, dataDir } = await openFaulty();
    await store.store({ text: 'present' });
    rmSync(dataDir, { recursive: true, force: true });
    expect((await store.stats()).storage).toEqual({ status: 'ok' });
    io.tick();
    expect((await store.stats()).storage).toMatchObject({ status: 'failing', code: 'MEMORY_DATA_DIR_REMOVED' });
    await store.close();
  });

  it('refuses writes when the folder was replaced by another one at the same path, and writes nothing into it', async () => {
    const { store, dataDir } = await openFaulty();
    await store.store({ text: 'unsaved in the old index' });
    rmSync(dataDir, { recursive: true, force: true });
    await using other = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    await other.store({ text: 'the new owner' });
    await expect(store.store({ text: 'into the replaced folder' })).rejects.toMatchObject({ code: 'MEMORY_DATA_DIR_REMOVED' });
    await store.close();
    // The old store wrote nothing into the new folder on close: no index files, and the new owner's lock file is intact.
    expect(existsSync(join(dataDir, 'lock.owner'))).toBe(true);
    expect(existsSync(join(dataDir, 'memories.usearch'))).toBe(false);
    expect((await other.list()).items.map((m) => m.text)).toEqual(['the new owner']);
  });
});
