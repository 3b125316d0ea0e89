// Group commit under a real disk fault (issue 13, ADR 0034): concurrent single stores share one
// transaction; when the disk refuses that transaction, every caller of the batch is told it
// failed, with a typed error, and none of the batch is stored — nor acknowledged. The fault is
// real: the database's WAL file is made immutable (`chattr +i`, which stops root too) while the
// store has it open, so SQLite's own write of the commit fails. The store's timer is ticked by
// hand through the fault-injection seam (which injects nothing here). Skipped, loudly, where
// `chattr +i` is not permitted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, type MemoryError } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { chattr as setFlag, immutableFilesWork } from '../storage/chattr.js';
import { createFaultyIo } from '../storage/faultyIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-group-commit-faults-'));
const immutableFiles = new Set<string>();
afterAll(() => {
  for (const file of immutableFiles) chattr('-i', file);
  rmSync(root, { recursive: true, force: true });
});

/** {@link setFlag}, remembering immutable files so they are cleared after a failed test. */
function chattr(flag: '+i' | '-i', path: string): boolean {
  const done = setFlag(flag, path);
  if (flag === '+i') immutableFiles.add(path);
  else immutableFiles.delete(path);
  return done;
}

const immutable = immutableFilesWork(root, 'the group commit fault test');

function texts(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'memories.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT text FROM memories ORDER BY row').all() as { text: string }[]).map((r) => r.text);
  } finally {
    db.close();
  }
}

describe.skipIf(!immutable)('group commit when the disk refuses the commit', () => {
  it('rejects every caller of the batch with a typed error, stores none of them, and commits again once the disk accepts', async () => {
    const dataDir = join(root, 'store');
    const io = createFaultyIo();
    const store = await createSqliteMemoryStore({
      dataDir,
      io,
      embed: createDeterministicEmbedder(),
      vectorIndex: 'exact',
      onWarning: () => {},
    });
    await store.storeMany([{ text: 'kept one' }, { text: 'kept two' }]);
    const wal = join(dataDir, 'memories.sqlite-wal');
    expect(chattr('+i', wal)).toBe(true);
    const batch = Array.from({ length: 20 }, (_, i) => `refused ${i}`);
    const results = await Promise.allSettled(batch.map((text) => store.store({ text })));
    expect(results.map((r) => r.status)).toEqual(batch.map(() => 'rejected'));
    for (const r of results) {
      const error = (r as PromiseRejectedResult).reason as MemoryError;
      expect(error).toMatchObject({
        name: 'MemoryError',
        code: 'MEMORY_STORAGE_UNWRITABLE',
        kind: 'unavailable',
        details: { operation: 'store' },
      });
      expect(error.message).not.toContain(root);
    }
    expect((await store.stats()).total).toBe(2);
    expect(chattr('-i', wal)).toBe(true);
    io.tick();
    const after = await store.store({ text: 'stored after' });
    expect((await store.get(after.id))?.text).toBe('stored after');
    await store.close();
    expect(texts(dataDir)).toEqual(['kept one', 'kept two', 'stored after']);
  });
});
