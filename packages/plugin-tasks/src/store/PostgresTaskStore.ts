import { TaskError } from '../errors/TaskError.js';
import { PostgresTaskSqlDriver } from './sql/PostgresTaskSqlDriver.js';
import { SqlTaskStore } from './SqlTaskStore.js';

/**
 * The options of {@link PostgresTaskStore.open}.
 * @public
 */
export interface PostgresTaskStoreOptions {
  /** `postgres://user@host:port/database`. */
  readonly connectionString: string;
  /** The schema of the task tables, created when missing (default `cortex_tasks`). */
  readonly schema?: string | undefined;
  /** Connections of the store's pool (default 10). */
  readonly poolSize?: number | undefined;
  /** How long a claim holds a task before another worker may take it over (default 30 000 ms). */
  readonly leaseMs?: number | undefined;
  /** The clock of leases and timestamps, injectable for tests (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;
// The driver qualifies these names with the schema in every statement, so the schema cannot be one of them.
const tableNames = new Set(['tasks', 'task_steps', 'task_events']);

/**
 * The task store in PostgreSQL, for workers on several hosts: the same behaviour as
 * {@link SqliteTaskStore}, with row locks instead of a file lock — a worker claims with
 * `FOR UPDATE SKIP LOCKED`, so two workers never take the same task and never wait on each other.
 * @public
 */
export class PostgresTaskStore extends SqlTaskStore {
  /**
   * Connects, and creates the schema and its tables when missing.
   * @throws {@link TaskError} `TASK_STORE_UNAVAILABLE` when the database cannot be reached or the schema name is not a plain lower-case identifier.
   */
  static async open(options: PostgresTaskStoreOptions): Promise<PostgresTaskStore> {
    const schema = options.schema ?? 'cortex_tasks';
    if (!schemaPattern.test(schema) || tableNames.has(schema))
      throw new TaskError('TASK_STORE_UNAVAILABLE', 'The task store could not be opened: the schema name is not a plain identifier.', {
        details: { reason: 'the schema name must match ^[a-z_][a-z0-9_]{0,62}$ and not be a table name (tasks, task_steps, task_events)' },
      });
    let driver: PostgresTaskSqlDriver;
    try {
      driver = await PostgresTaskSqlDriver.open({ connectionString: options.connectionString, schema, poolSize: options.poolSize ?? 10 });
    } catch (cause) {
      throw new TaskError(
        'TASK_STORE_UNAVAILABLE',
        'The task store could not be opened: the PostgreSQL database is not reachable or not writable.',
        {
          cause,
          details: { reason: 'the PostgreSQL database is not reachable or not writable' },
        },
      );
    }
    return new PostgresTaskStore(driver, options);
  }
}
