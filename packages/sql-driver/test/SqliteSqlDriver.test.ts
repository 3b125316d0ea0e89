import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSqlDriver } from '@cortex-os/sql-driver';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sql-driver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = (dialect: { readonly serialKey: string; readonly int64: string }): string[] => [
  `CREATE TABLE IF NOT EXISTS items (seq ${dialect.serialKey}, name TEXT NOT NULL UNIQUE, at ${dialect.int64} NOT NULL)`,
];

describe('SqliteSqlDriver', () => {
  it('creates the tables of the schema it is given, in its dialect', async () => {
    const driver = new SqliteSqlDriver(join(dir, 'a.sqlite'), { schema });
    expect(driver.dialect).toMatchObject({ name: 'sqlite', int64: 'INTEGER' });
    await driver.transaction('write', (tx) => tx.run('INSERT INTO items (name, at) VALUES (?, ?)', ['one', 1]));
    expect(await driver.transaction('read', (tx) => tx.all('SELECT seq, name, at FROM items'))).toEqual([{ seq: 1, name: 'one', at: 1 }]);
    await driver.close();
  });

  it('commits concurrent transactions together, and a failing one undoes only its own writes', async () => {
    const driver = new SqliteSqlDriver(join(dir, 'b.sqlite'), { schema });
    const insert = (name: string) => driver.transaction('write', (tx) => tx.run('INSERT INTO items (name, at) VALUES (?, 0)', [name]));
    const failing = driver.transaction('write', async (tx) => {
      await tx.run('INSERT INTO items (name, at) VALUES (?, 0)', ['undone']);
      throw new Error('refused');
    });
    const results = await Promise.allSettled([insert('a'), failing, insert('b'), insert('a')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    const names = await driver.transaction('read', (tx) => tx.all<{ name: string }>('SELECT name FROM items ORDER BY seq'));
    expect(names.map((row) => row.name)).toEqual(['a', 'b']);
    await driver.close();
  });

  it('never hands out a deleted row number again (cursors over it stay valid)', async () => {
    const driver = new SqliteSqlDriver(':memory:', { schema });
    await driver.transaction('write', async (tx) => {
      await tx.run("INSERT INTO items (name, at) VALUES ('x', 0)");
      await tx.run('DELETE FROM items');
      await tx.run("INSERT INTO items (name, at) VALUES ('y', 0)");
    });
    expect(await driver.transaction('read', (tx) => tx.all('SELECT seq FROM items'))).toEqual([{ seq: 2 }]);
    await driver.close();
  });

  it('throws the driver error for a file it cannot open, and leaves nothing open', () => {
    expect(() => new SqliteSqlDriver(join(dir, 'no', 'such', 'folder.sqlite'), { schema })).toThrow();
  });
});
