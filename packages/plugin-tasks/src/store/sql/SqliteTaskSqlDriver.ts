import { SqliteSqlDriver } from '@cortex-os/sql-driver';
import { taskSchema } from './taskSchema.js';

/**
 * The task store's driver over one SQLite file: the shared `SqliteSqlDriver` (WAL,
 * `synchronous=FULL`, `BEGIN IMMEDIATE`, group commit) with the task tables.
 */
export class SqliteTaskSqlDriver extends SqliteSqlDriver {
  /** Opens (creating if missing) the file and its tables; throws the driver's error when it cannot. */
  constructor(file: string) {
    super(file, { schema: (dialect) => taskSchema(dialect.int64) });
  }
}
