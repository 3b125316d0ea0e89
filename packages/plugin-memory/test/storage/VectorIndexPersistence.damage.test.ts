import { mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type Memory } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const root = mkdtempSync(join(tmpdir(), 'memory-index-damage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A store folder holding 120 memories and a saved index, closed. */
async function savedStore(): Promise<{ dataDir: string; stored: readonly Memory[] }> {
  const dataDir = join(root, `store-${n++}`);
  const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder() });
  const stored = await store.storeMany(Array.from({ length: 120 }, (_, i) => ({ text: `note ${i} on topic ${i % 7} with word w${i}` })));
  await store.close();
  return { dataDir, stored };
}

type Damage = (file: string) => void;
/** Overwrites `length` bytes at `at` (negative: from the end) with garbage, as a bad disk or a stray write would. */
const garbage =
  (at: number, length: number): Damage =>
  (file) => {
    const bytes = readFileSync(file);
    const start = at < 0 ? bytes.length + at : at;
    for (let i = start; i < start + length; i++) bytes[i] = 0xff - (bytes[i] ?? 0);
    writeFileSync(file, bytes);
  };
const truncate: Damage = (file) => truncateSync(file, Math.floor(readFileSync(file).length / 2));

const cases: [string, Damage, string][] = [
  ['header bytes', garbage(0, 16), 'header checksum mismatch'],
  ['middle bytes', garbage(5000, 64), 'block 1 of 1 checksum mismatch'],
  ['tail bytes', garbage(-8, 8), 'block 1 of 1 checksum mismatch'],
  ['a truncation', truncate, 'bytes where'],
];

const openModes = ['load', 'map'] as const;
const casesByMode = openModes.flatMap((openSaved) => cases.map(([name, damage, problem]) => [name, openSaved, damage, problem] as const));

describe('a damaged index file is found before native code reads it', () => {
  it.each(casesByMode)(
    '%s (graph opened by %s): checkIntegrity reports the file, the next open warns naming it, rebuilds and searches correctly',
    async (_, openSaved, damage, problem) => {
      const { dataDir, stored } = await savedStore();
      const indexFile = join(dataDir, 'memories.usearch');
      const embed = createDeterministicEmbedder();
      const hnsw = { openSaved };
      const servedWarnings: string[] = [];
      const open = await createSqliteMemoryStore({ dataDir, embed, hnsw, onWarning: (m) => servedWarnings.push(m) });
      expect((await open.stats()).index.openedBy).toBe('loaded');
      damage(indexFile);
      const report = await open.checkIntegrity();
      expect(report.ok).toBe(false);
      expect(report.indexFiles).toEqual([{ file: 'memories.usearch', problem: expect.stringContaining(problem) }]);
      // A mapped graph stopped reading the file before the check went on: rebuilt from the table, it holds every vector.
      expect(report.missingFromIndex).toEqual([]);
      expect(servedWarnings).toEqual(
        openSaved === 'map' ? [expect.stringContaining('the vector index file changed on disk while the store served it')] : [],
      );
      const [hit] = await open.search({ query: stored[57]?.text ?? '', mode: 'semantic', limit: 1 });
      expect(hit?.memory.id).toBe(stored[57]?.id);
      await open.close(); // re-saves the stale file
      await using repaired = await createSqliteMemoryStore({ dataDir, embed, hnsw });
      expect((await repaired.stats()).index.openedBy).toBe('loaded');
      expect((await repaired.checkIntegrity()).indexFiles).toEqual([]);
      await repaired.close();

      damage(indexFile);
      const warnings: string[] = [];
      await using reopened = await createSqliteMemoryStore({ dataDir, embed, hnsw, onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([expect.stringContaining('the vector index file memories.usearch is damaged')]);
      expect(warnings[0]).toContain(problem);
      expect(warnings[0]).not.toContain(dataDir);
      expect((await reopened.stats()).index).toMatchObject({ size: 120, expected: 120, openedBy: 'rebuilt' });
      expect((await reopened.checkIntegrity()).ok).toBe(true);
      for (const i of [0, 57, 119]) {
        const [hit] = await reopened.search({ query: stored[i]?.text ?? '', mode: 'semantic', limit: 1 });
        expect(hit?.memory.id).toBe(stored[i]?.id);
      }
    },
  );

  it('rebuilds when the sidecar is damaged, missing, or from the release before checksums, naming it', async () => {
    const { dataDir } = await savedStore();
    const sidecar = join(dataDir, 'memories.usearch.json');
    const embed = createDeterministicEmbedder();
    const opened = async (): Promise<string[]> => {
      const warnings: string[] = [];
      const store = await createSqliteMemoryStore({ dataDir, embed, onWarning: (m) => warnings.push(m) });
      expect((await store.stats()).index).toMatchObject({ size: 120, openedBy: 'rebuilt' });
      await store.close();
      return warnings;
    };
    writeFileSync(sidecar, '{"instance":');
    expect(await opened()).toEqual([expect.stringContaining('memories.usearch.json is damaged (not valid JSON)')]);
    const { file: _, format: __, ...older } = JSON.parse(readFileSync(sidecar, 'utf8')) as Record<string, unknown>;
    writeFileSync(sidecar, JSON.stringify(older));
    expect(await opened()).toEqual([expect.stringContaining('memories.usearch.json was saved by an earlier release without checksums')]);
    rmSync(sidecar);
    expect(await opened()).toEqual([expect.stringContaining('memories.usearch.json is damaged (missing)')]);
  });

  it('a mapped graph keeps serving a file replaced on disk, and its next save rebuilds from the table instead of reading the new file', async () => {
    const { dataDir, stored } = await savedStore();
    const indexFile = join(dataDir, 'memories.usearch');
    const embed = createDeterministicEmbedder();
    const warningsOf = async (openSaved: 'load' | 'map'): Promise<string[]> => {
      const warnings: string[] = [];
      await using store = await createSqliteMemoryStore({ dataDir, embed, hnsw: { openSaved }, onWarning: (m) => warnings.push(m) });
      expect((await store.stats()).index.openedBy).toBe('loaded');
      // Replaced, not written in place: the mapped pages stay those of the file that passed its checksums.
      const bytes = readFileSync(indexFile);
      bytes.fill(0xff, 0, 4096);
      writeFileSync(`${indexFile}.other`, bytes);
      renameSync(`${indexFile}.other`, indexFile);
      const [before] = await store.search({ query: stored[11]?.text ?? '', mode: 'semantic', limit: 1 });
      expect(before?.memory.id).toBe(stored[11]?.id);
      expect(warnings).toEqual([]);
      const added = await store.store({ text: 'a memory stored after the file was replaced' });
      await store.delete(stored[openSaved === 'map' ? 3 : 4]?.id ?? '');
      for (const memory of [added, stored[90]]) {
        const [hit] = await store.search({ query: memory?.text ?? '', mode: 'semantic', limit: 1 });
        expect(hit?.memory.id).toBe(memory?.id);
      }
      const { index } = await store.stats();
      expect(index.size).toBe(index.expected);
      return warnings;
    };
    // Mapped: changes go beside the graph; the save on close checks the file again, finds it changed, and rebuilds from the table.
    expect(await warningsOf('map')).toEqual([
      expect.stringContaining('changed on disk while the store served it (memories.usearch: header checksum mismatch)'),
    ]);
    // Loaded at open, the graph never reads the file again (the close saved a sound one).
    expect(await warningsOf('load')).toEqual([]);
  });

  it("a mapped graph does not take another store's sound index files copied over its own: its next save rebuilds from the table", async () => {
    const { dataDir, stored } = await savedStore();
    const embed = createDeterministicEmbedder();
    const other = { dataDir: join(root, `store-${n++}`) };
    {
      await using store = await createSqliteMemoryStore({ dataDir: other.dataDir, embed });
      await store.storeMany(Array.from({ length: 60 }, (_, i) => ({ text: `another store's note ${i}` })));
    }
    const warnings: string[] = [];
    const mapped = await createSqliteMemoryStore({ dataDir, embed, hnsw: { openSaved: 'map' }, onWarning: (m) => warnings.push(m) });
    // A sound pair (file and sidecar agree), but not the bytes this store mapped: another store's.
    for (const file of ['memories.usearch', 'memories.usearch.json']) {
      writeFileSync(join(dataDir, `${file}.other`), readFileSync(join(other.dataDir, file)));
      renameSync(join(dataDir, `${file}.other`), join(dataDir, file));
    }
    // A change goes beside the mapped graph (whose pages were mapped before the rename): nothing is read yet.
    await mapped.delete(stored[5]?.id ?? '');
    expect(warnings).toEqual([]);
    expect((await mapped.stats()).index).toMatchObject({ size: 119, expected: 119 });
    // The save on close needs the writable copy: the file is not the one mapped, so the graph is rebuilt from the table.
    await mapped.close();
    expect(warnings).toEqual([
      expect.stringContaining('changed on disk while the store served it (memories.usearch: another saved index)'),
    ]);
    await using store = await createSqliteMemoryStore({ dataDir, embed, onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    const [hit] = await store.search({ query: stored[6]?.text ?? '', mode: 'semantic', limit: 1 });
    expect(hit?.memory.id).toBe(stored[6]?.id);
    expect((await store.stats()).index).toMatchObject({ size: 119, expected: 119 });
  });
});
