import { fdatasync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSqlDriver } from '@cortex-os/sql-driver';
import type { Fdatasync } from '@cortex-os/sql-driver';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sql-driver-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = (): string[] => ['CREATE TABLE IF NOT EXISTS items (name TEXT PRIMARY KEY)'];

/** The real fdatasync, each held until the test releases it: shows who waits for the disk. */
class HeldSyncs {
  readonly #done: Array<(error?: NodeJS.ErrnoException) => void> = [];
  started = 0;

  readonly fdatasync: Fdatasync = (fd, callback) => {
    this.started += 1;
    fdatasync(fd, (error) => this.#done.push((injected) => callback(injected ?? error)));
  };

  /** Lets the oldest held sync answer (with `error` when given) once the real one finished. */
  async release(error?: NodeJS.ErrnoException): Promise<void> {
    while (this.#done.length === 0) await turn();
    this.#done.shift()?.(error);
    await turn();
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` has settled by the next turn of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  const mark = (): void => {
    done = true;
  };
  promise.then(mark, mark);
  await turn();
  return done;
}

const insert = (driver: SqliteSqlDriver, name: string): Promise<number> =>
  driver.transaction('write', (tx) => tx.run('INSERT INTO items (name) VALUES (?)', [name]));
const names = (driver: SqliteSqlDriver): Promise<string[]> =>
  driver.transaction('read', async (tx) => (await tx.all<{ name: string }>('SELECT name FROM items ORDER BY name')).map((r) => r.name));

describe('SqliteSqlDriver syncs its WAL off the event loop', () => {
  it('answers a write, and a read that saw it, only once a sync begun after the commit is done; the next batch commits meanwhile', async () => {
    const syncs = new HeldSyncs();
    const driver = new SqliteSqlDriver(join(dir, 'held.sqlite'), { schema, fdatasync: syncs.fdatasync });
    const first = insert(driver, 'a');
    await turn();
    expect(syncs.started).toBe(1);
    expect(await settled(first)).toBe(false);
    // Committed during the first sync (pipelined), answered after a sync of its own.
    const second = insert(driver, 'b');
    const read = names(driver);
    await turn();
    expect(await settled(read)).toBe(false);
    await syncs.release();
    expect(await first).toBe(1);
    expect(syncs.started).toBe(2);
    expect(await settled(second)).toBe(false);
    expect(await settled(read)).toBe(false);
    await syncs.release();
    expect(await second).toBe(1);
    expect(await read).toEqual(['a', 'b']);
    // Nothing in flight: a read answers without a sync.
    expect(await names(driver)).toEqual(['a', 'b']);
    expect(syncs.started).toBe(2);
    await driver.close();
  });

  it('rejects the transactions of a failed sync and every later one with its cause; a reopened driver has the data on disk', async () => {
    const syncs = new HeldSyncs();
    const file = join(dir, 'failing.sqlite');
    const driver = new SqliteSqlDriver(file, { schema, fdatasync: syncs.fdatasync });
    const failing = insert(driver, 'a').catch((error: unknown) => error);
    await turn();
    await syncs.release(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const error = (await failing) as Error;
    expect(error.message).toMatch(/could not sync its write-ahead log/);
    expect((error.cause as { code?: string }).code).toBe('EIO');
    await expect(insert(driver, 'b')).rejects.toBe(error);
    await expect(names(driver)).rejects.toBe(error);
    expect(syncs.started).toBe(1);
    await driver.close();
    const reopened = new SqliteSqlDriver(file, { schema });
    await insert(reopened, 'c');
    expect(await names(reopened)).toContain('c');
    await reopened.close();
  });

  it("syncs nothing itself with sync 'full' (SQLite waits for the disk in the COMMIT) or in memory", async () => {
    const syncs = new HeldSyncs();
    for (const [file, sync] of [
      [join(dir, 'full.sqlite'), 'full'],
      [':memory:', undefined],
    ] as const) {
      const driver = new SqliteSqlDriver(file, { schema, fdatasync: syncs.fdatasync, sync });
      await insert(driver, 'a');
      expect(await names(driver)).toEqual(['a']);
      await driver.close();
    }
    expect(syncs.started).toBe(0);
  });
});
