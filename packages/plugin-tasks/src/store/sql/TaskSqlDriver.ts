import type { SqlDialect, SqlDriver, SqlTransaction } from '@cortex-os/sql-driver';

/**
 * The statements of one transaction of a {@link TaskSqlDriver}: `SqlTransaction` of
 * `@cortex-os/sql-driver`, which the task store shares with other durable stores.
 * @public
 */
export type TaskSqlTransaction = SqlTransaction;

/**
 * What a SQL dialect spells differently in the task store's statements (`SqlDialect` of `@cortex-os/sql-driver`).
 * @public
 */
export type TaskSqlDialect = SqlDialect;

/**
 * The small driver the durable task store runs on: `SqlDriver` of `@cortex-os/sql-driver`
 * (one SQLite file with WAL and `synchronous=FULL`, or a PostgreSQL pool), shared with the event log.
 * @public
 */
export type TaskSqlDriver = SqlDriver;
