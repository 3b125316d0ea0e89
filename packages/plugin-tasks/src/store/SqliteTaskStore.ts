import { TaskError } from '../errors/TaskError.js';
import { SqliteTaskSqlDriver } from './sql/SqliteTaskSqlDriver.js';
import { SqlTaskStore } from './SqlTaskStore.js';

/**
 * The options of {@link SqliteTaskStore.open}.
 * @public
 */
export interface SqliteTaskStoreOptions {
  /** The SQLite file; several processes on one host may share it (WAL mode). Omit for a private in-memory store. */
  readonly file?: string | undefined;
  /** How long a claim holds a task before another worker may take it over (default 30 000 ms). */
  readonly leaseMs?: number | undefined;
  /** The clock, injectable so tests can expire leases without waiting (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/**
 * The task store in one SQLite file, written with `synchronous=FULL` so every method that
 * resolves has committed what it reports; several processes on one host share the file (WAL,
 * `BEGIN IMMEDIATE`).
 * @public
 */
export class SqliteTaskStore extends SqlTaskStore {
  /**
   * Opens (creating if missing) the store.
   * @throws {@link TaskError} `TASK_STORE_UNAVAILABLE` when the file cannot be opened or written.
   */
  static open(options: SqliteTaskStoreOptions = {}): SqliteTaskStore {
    let driver: SqliteTaskSqlDriver;
    try {
      driver = new SqliteTaskSqlDriver(options.file ?? ':memory:');
    } catch (cause) {
      throw new TaskError('TASK_STORE_UNAVAILABLE', 'The task store could not be opened or written: the SQLite file is not usable.', {
        cause,
        details: { reason: 'the SQLite file is not usable' },
      });
    }
    return new SqliteTaskStore(driver, options);
  }
}
