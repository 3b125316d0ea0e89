/**
 * The statements of one transaction of a {@link TaskSqlDriver}. SQL is written with `?`
 * placeholders; a driver translates them to its dialect's.
 * @public
 */
export interface TaskSqlTransaction {
  /** Runs a query and returns its rows. */
  all<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * What a SQL dialect spells differently in the task store's statements.
 * @public
 */
export interface TaskSqlDialect {
  /** `sqlite` or `postgres`. */
  readonly name: string;
  /** Appended to a `SELECT` that picks a row to take: `FOR UPDATE SKIP LOCKED` where row locks exist. */
  readonly skipLocked: string;
  /** Appended to a `SELECT` of a row about to change: `FOR UPDATE` where row locks exist. */
  readonly forUpdate: string;
  /** `LIMIT` without a bound, before an `OFFSET`. */
  readonly limitAll: string;
}

/**
 * The small driver the durable task store runs on: transactions of `?`-placeholder statements.
 * `SqliteTaskSqlDriver` (one file, WAL, `synchronous=FULL`) and `PostgresTaskSqlDriver` (a pool)
 * implement it; another durable log can reuse it.
 * @public
 */
export interface TaskSqlDriver {
  readonly dialect: TaskSqlDialect;
  /**
   * Runs `fn` in one transaction: committed (durably) before the returned promise resolves,
   * rolled back when `fn` throws. `write` transactions take the write lock up front (SQLite
   * `BEGIN IMMEDIATE`), so a read-then-write inside is never overtaken by another writer.
   */
  transaction<T>(mode: 'read' | 'write', fn: (tx: TaskSqlTransaction) => Promise<T>): Promise<T>;
  /** Closes the connection or pool; the driver cannot be used afterwards. */
  close(): Promise<void>;
}
