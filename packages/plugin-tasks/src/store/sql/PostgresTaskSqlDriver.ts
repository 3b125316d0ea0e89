import { PostgresSqlDriver } from '@cortex-os/sql-driver';
import { taskSchema } from './taskSchema.js';

// The same number for every process: schema creation by two processes at once takes turns.
const schemaLockKey = 0x7a5c_0018;

/** The task store's driver over a PostgreSQL pool (see the value of the same name). */
export type PostgresTaskSqlDriver = PostgresSqlDriver;

/**
 * The task store's driver over a PostgreSQL pool: the shared `PostgresSqlDriver` (tables in
 * their own schema, row locks keep workers on several hosts apart) with the task tables.
 */
export const PostgresTaskSqlDriver = {
  /** Connects and creates the schema and its tables when missing; throws the driver's error when it cannot. */
  open(options: { readonly connectionString: string; readonly schema: string; readonly poolSize: number }): Promise<PostgresSqlDriver> {
    return PostgresSqlDriver.open({
      ...options,
      tables: (dialect) => taskSchema(dialect.int64),
      tableNames: ['tasks', 'task_steps', 'task_events'],
      schemaLockKey,
    });
  },
};
