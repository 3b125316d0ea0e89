import type { MemoryEmbedder } from '../../src/store/MemoryEmbedder.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createSqliteMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const root = mkdtempSync(join(tmpdir(), 'memory-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `store-${n++}`);

describe('one store owns a data folder', () => {
  it('refuses a second opener at once, naming the holder and how to use a separate folder', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    const owner = await createSqliteMemoryStore({ dataDir, embed });
    const error = await createSqliteMemoryStore({ dataDir, embed }).catch((e: unknown) => e);
    expect(CortexError.is(error, 'MEMORY_DATA_DIR_LOCKED')).toBe(true);
    expect((error as CortexError).kind).toBe('unavailable');
    expect((error as CortexError).message).toBe(
      `the data folder ${dataDir} is in use by process ${process.pid} on ${hostname()} (this process); one process owns a data folder. Give this store a separate folder (dataDir), stop the other process, or open it with readOnly: true.`,
    );
    await owner.close();
    // Closing releases the lock.
    await using next = await createSqliteMemoryStore({ dataDir, embed });
    expect((await next.stats()).total).toBe(0);
  });

  it('opens read-only when asked: reads the owner’s memories, refuses writes', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    await using owner = await createSqliteMemoryStore({ dataDir, embed });
    const [first] = await owner.storeMany([{ text: 'the owner wrote this about tides' }, { text: 'and this about moons' }]);
    await using reader = await createSqliteMemoryStore({ dataDir, embed, readOnly: true });
    expect(await reader.get(first?.id as string)).toEqual(first);
    const [hit] = await reader.search({ query: 'tides', limit: 1 });
    expect(hit?.memory.id).toBe(first?.id);
    for (const write of [() => reader.store({ text: 'refused' }), () => reader.delete(first?.id as string)]) {
      await expect(write()).rejects.toMatchObject({ code: 'MEMORY_STORE_READ_ONLY', kind: 'unavailable' });
    }
    // Rows the owner writes later are read live.
    const later = await owner.store({ text: 'written after the reader opened' });
    expect(await reader.get(later.id)).toEqual(later);
    expect((await owner.stats()).total).toBe(3);
  });

  it('a read-only store loads the saved vector index (no rebuild), replays later changes, and leaves the files untouched', async () => {
    const dataDir = freshDir();
    const embed = createDeterministicEmbedder();
    const owner = await createSqliteMemoryStore({ dataDir, embed });
    await owner.storeMany([{ text: 'tides rise twice a day' }, { text: 'the moon pulls the sea' }]);
    await owner.close(); // saves the index
    await using again = await createSqliteMemoryStore({ dataDir, embed });
    await again.store({ text: 'a third, after the save' }); // in the change log, not in the saved file
    const files = (): string[] =>
      ['memories.usearch', 'memories.usearch.json'].map((f) => readFileSync(join(dataDir, f)).toString('base64'));
    const before = files();
    await using reader = await createSqliteMemoryStore({ dataDir, embed, readOnly: true });
    expect((await reader.stats()).index).toMatchObject({ size: 3, expected: 3, openedBy: 'repaired' });
    const [hit] = await reader.search({ query: 'a third, after the save', mode: 'semantic', limit: 1 });
    expect(hit?.memory.text).toBe('a third, after the save');
    await reader.close();
    expect(files()).toEqual(before);
  });

  it('a read-only store refuses a re-index through its write guard before embedding anything', async () => {
    const dataDir = freshDir();
    await using owner = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
    await owner.storeMany([{ text: 'one about tides' }, { text: 'two about moons' }]);
    let embedded = 0;
    const inner = createDeterministicEmbedder();
    const embed: MemoryEmbedder = (inputs, options) => {
      embedded += inputs.length;
      return inner(inputs, options);
    };
    await using reader = await createSqliteMemoryStore({ dataDir, embed, readOnly: true });
    await expect(reader.reindex()).rejects.toMatchObject({ code: 'MEMORY_STORE_READ_ONLY', kind: 'unavailable' });
    expect(embedded).toBe(0);
  });

  it('a read-only store does not migrate: a database needing one is refused with a typed error', async () => {
    const dataDir = freshDir();
    const owner = await createSqliteMemoryStore({ dataDir });
    await owner.close();
    await expect(createSqliteMemoryStore({ dataDir, readOnly: true, stopWords: new Set(['other']) })).rejects.toMatchObject({
      code: 'MEMORY_STORE_READ_ONLY',
    });
  });
});
