import Database from 'better-sqlite3';
import { A2aError } from '../errors/A2aError.js';

/**
 * Opens (creating if missing) a SQLite file of this package's stores: WAL, `synchronous=FULL`
 * (a write has reached the disk when it returns), a wait for another process's writer, and the
 * store's `schema`.
 * @throws {@link A2aError} `A2A_STORE_UNAVAILABLE` when the file cannot be opened or written.
 */
export function openA2aDatabase(file: string | undefined, schema: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file ?? ':memory:');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(schema);
    return db;
  } catch (cause) {
    db?.close();
    throw new A2aError('A2A_STORE_UNAVAILABLE', 'The A2A task store could not be opened or written: the SQLite file is not usable.', {
      cause,
      details: { reason: 'the SQLite file is not usable' },
    });
  }
}
