import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { createFaultyIo } from '../storage/faultyIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-saved-keywords-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshDir = (): string => join(root, `d${++folders}`);
const FILE = 'memories.postings';

const vocabulary = ['deploy', 'key', 'rotate', 'backup', 'nightly', 'invoice', 'travel', 'budget', 'server', 'café', 'σοφός', 'n1', 'n2'];
const queries = ['deploy key', 'nightly backup server', 'café σοφός', 'invoice travel budget', 'n1 n2 rotate', 'key'];

/** What searches answer: ids and scores of keyword and hybrid searches over fixed queries. */
async function results(store: MemoryStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of queries)
    for (const mode of ['keyword', 'hybrid'] as const)
      out.push((await store.search({ query, mode, limit: 15 })).map((h) => [h.memory.id, h.keywordScore, h.score]));
  return out;
}

async function open(
  dataDir: string,
  warnings: string[] = [],
  extra: { readOnly?: boolean; indexSaveEvery?: number } = {},
): Promise<MemoryStore> {
  return createSqliteMemoryStore({
    dataDir,
    embed: createDeterministicEmbedder(),
    vectorIndex: 'exact',
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
}

async function keywordState(store: MemoryStore): Promise<string | undefined> {
  return (await store.stats()).keywordIndex?.openedBy;
}

/** A store with 60 memories, some updated and deleted; closed (so its keyword index is saved). Returns the search results it gave. */
async function populate(dataDir: string): Promise<unknown[]> {
  const store = await open(dataDir);
  const stored = await store.storeMany(
    Array.from({ length: 60 }, (_, i) => ({
      text: `${vocabulary[i % 13]} ${vocabulary[(i * 7) % 13]} ${vocabulary[(i * 5 + 3) % 13]} note ${i}`,
    })),
  );
  for (const [i, m] of stored.entries()) {
    if (i % 9 === 0) await store.delete(m.id);
    else if (i % 11 === 0) await store.update(m.id, { text: 'deploy deploy key rotated nightly' });
  }
  const seen = await results(store);
  await store.close();
  return seen;
}

/** Opens `dataDir` expecting its saved keyword index to be refused with a warning matching `problem`, and rebuilt to the same results. */
async function expectRebuilt(dataDir: string, expected: unknown[], problem: RegExp): Promise<void> {
  const warnings: string[] = [];
  const store = await open(dataDir, warnings);
  expect(await keywordState(store)).toBe('rebuilt');
  expect(warnings.filter((w) => w.includes(FILE))).toEqual([expect.stringMatching(problem)]);
  expect(await results(store)).toEqual(expected);
  await store.close();
  // The rebuilt index was saved on close: the next open loads it.
  const again = await open(dataDir);
  expect(await keywordState(again)).toBe('loaded');
  expect(await results(again)).toEqual(expected);
  await again.close();
}

function flipByte(path: string, at: (size: number) => number): void {
  const bytes = readFileSync(path);
  const i = at(bytes.length);
  bytes[i] = (bytes[i] as number) ^ 0x5a;
  writeFileSync(path, bytes);
}

describe('createSqliteMemoryStore saved keyword index', () => {
  it('is saved on close and loaded on open, giving the same results', async () => {
    const dataDir = freshDir();
    const expected = await populate(dataDir);
    expect(existsSync(join(dataDir, FILE))).toBe(true);
    const warnings: string[] = [];
    const store = await open(dataDir, warnings);
    expect(await keywordState(store)).toBe('loaded');
    expect((await store.stats()).keywordIndex?.size).toBe(60 - 7);
    expect(await results(store)).toEqual(expected);
    expect(warnings).toEqual([]);
    await store.close();
  });

  it.each([
    ['the magic', () => 0, /damaged \(not a keyword index file \(bad magic\)\)/],
    ['the header', () => 20, /damaged \(header checksum mismatch\)/],
    ['the middle', (size: number) => Math.floor(size / 2), /damaged \(.*checksum mismatch\)/],
    ['the tail', (size: number) => size - 1, /damaged \(block 1 of 1 checksum mismatch\)/],
  ])('rebuilds from the database when %s of the file is damaged', async (_, at, problem) => {
    const dataDir = freshDir();
    const expected = await populate(dataDir);
    flipByte(join(dataDir, FILE), at);
    await expectRebuilt(dataDir, expected, problem);
  });

  it('rebuilds when the file is truncated or empty', async () => {
    const dataDir = freshDir();
    const expected = await populate(dataDir);
    const path = join(dataDir, FILE);
    truncateSync(path, Math.floor(readFileSync(path).length * 0.7));
    await expectRebuilt(dataDir, expected, /damaged \(\d+ bytes where \d+ were saved\)/);
    truncateSync(path, 0);
    await expectRebuilt(dataDir, expected, /damaged \(not a keyword index file/);
  });

  it('rebuilds when the file is older than changes no longer logged', async () => {
    const dataDir = freshDir();
    await populate(dataDir);
    const old = join(root, `old-${folders}`);
    copyFileSync(join(dataDir, FILE), old);
    const store = await open(dataDir);
    await store.store({ text: 'deploy key after the first save' });
    const expected = await results(store);
    await store.close();
    copyFileSync(old, join(dataDir, FILE));
    await expectRebuilt(dataDir, expected, /out of date \(changes made since it was saved are no longer logged\)/);
  });

  it('rebuilds when the file belongs to another database', async () => {
    const dataDir = freshDir();
    const expected = await populate(dataDir);
    const other = freshDir();
    await populate(other);
    copyFileSync(join(other, FILE), join(dataDir, FILE));
    await expectRebuilt(dataDir, expected, /out of date \(saved for another database\)/);
  });

  it('repairs a saved index from the change log when the store stopped without saving', async () => {
    const dataDir = freshDir();
    await populate(dataDir);
    const store = await open(dataDir);
    const more = await store.storeMany([{ text: 'deploy key server' }, { text: 'nightly backup café' }]);
    await store.update(more[0]?.id as string, { text: 'invoice travel' });
    const expected = await results(store);
    // A copy of the folder as a killed process leaves it: the database has the changes, the saved file does not.
    const copy = freshDir();
    mkdirSync(copy);
    for (const f of ['memories.sqlite', 'memories.sqlite-wal', FILE])
      if (existsSync(join(dataDir, f))) copyFileSync(join(dataDir, f), join(copy, f));
    await store.close();
    const repaired = await open(copy);
    expect(await keywordState(repaired)).toBe('repaired');
    expect(await results(repaired)).toEqual(expected);
    await repaired.close();
  });

  it('keeps writing when the file cannot be saved, reports it, and saves once the disk recovers', async () => {
    const dataDir = freshDir();
    const io = createFaultyIo();
    const warnings: string[] = [];
    const store = await createSqliteMemoryStore({
      dataDir,
      io,
      embed: createDeterministicEmbedder(),
      vectorIndex: 'exact',
      indexSaveEvery: 1,
      onWarning: (m) => warnings.push(m),
    });
    io.fail('ENOSPC', ['writeFile'], FILE);
    await store.store({ text: 'deploy key one' });
    // The save runs after the writer is answered; trigger it as the store's timer would.
    io.tick();
    expect(await store.store({ text: 'deploy key two' })).toMatchObject({ text: 'deploy key two' });
    io.tick();
    expect((await store.stats()).storage).toEqual({
      status: 'degraded',
      reason: 'the keyword index cannot be saved (ENOSPC); it is rebuilt from the database on open',
    });
    expect(warnings.filter((w) => w.includes(FILE))).toEqual([
      expect.stringContaining('could not save the keyword index (memories.postings): ENOSPC'),
    ]);
    expect(warnings.join('\n')).not.toContain(root);
    io.heal();
    io.tick();
    expect((await store.stats()).storage).toEqual({ status: 'ok' });
    const expected = await results(store);
    await store.close();
    const again = await open(dataDir);
    expect(await keywordState(again)).toBe('loaded');
    expect(await results(again)).toEqual(expected);
    await again.close();
  });

  it('is checked by checkIntegrity, which names a damaged file; the next save replaces it', async () => {
    const dataDir = freshDir();
    await populate(dataDir);
    const store = await open(dataDir);
    expect(await store.checkIntegrity()).toMatchObject({ ok: true, indexFiles: [] });
    flipByte(join(dataDir, FILE), (size) => size - 1);
    expect(await store.checkIntegrity()).toMatchObject({
      ok: false,
      indexFiles: [{ file: FILE, problem: 'block 1 of 1 checksum mismatch' }],
    });
    await store.close();
    const warnings: string[] = [];
    const again = await open(dataDir, warnings);
    expect(await keywordState(again)).toBe('loaded');
    expect(warnings).toEqual([]);
    expect(await again.checkIntegrity()).toMatchObject({ ok: true, indexFiles: [] });
    await again.close();
  });

  it('is loaded by a read-only store while the owner keeps writing', async () => {
    const dataDir = freshDir();
    await populate(dataDir);
    const owner = await open(dataDir);
    await owner.store({ text: 'rotate the deploy key' });
    const reader = await open(dataDir, [], { readOnly: true });
    expect(await keywordState(reader)).toBe('repaired');
    expect(await results(reader)).toEqual(await results(owner));
    await reader.close();
    await owner.close();
  });

  it('gives the same results saved as rebuilt, whatever the writes and save points (property)', async () => {
    type Op = { kind: 'store'; words: number[] } | { kind: 'update'; pick: number; words: number[] } | { kind: 'delete'; pick: number };
    const words = fc.array(fc.integer({ min: 0, max: vocabulary.length - 1 }), { maxLength: 6 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('store' as const), words }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), words }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 15 }), async (ops, saveEvery) => {
        const dataDir = freshDir();
        const store = await open(dataDir, [], { indexSaveEvery: saveEvery });
        const ids: string[] = [];
        for (const o of ops) {
          const text = o.kind === 'delete' ? '' : o.words.map((w) => vocabulary[w]).join(' ');
          if (o.kind === 'store') ids.push((await store.store({ text })).id);
          else if (ids.length > 0) {
            const id = ids[o.pick % ids.length] as string;
            if (o.kind === 'delete') await store.delete(id);
            else if ((await store.get(id)) !== undefined) await store.update(id, { text });
          }
        }
        await store.close();
        const saved = await open(dataDir);
        const fromFile = await results(saved);
        expect(await keywordState(saved)).toMatch(/loaded|empty/);
        await saved.close();
        rmSync(join(dataDir, FILE), { force: true });
        const rebuilt = await open(dataDir);
        expect(await results(rebuilt)).toEqual(fromFile);
        await rebuilt.close();
        rmSync(dataDir, { recursive: true, force: true });
      }),
      { numRuns: 12, seed: 20261206 },
    );
  });
});
