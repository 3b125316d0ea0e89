/**
 * The statements of one transaction of a {@link SqlDriver}. SQL is written with `?`
 * placeholders; a driver translates them to its dialect's.
 * @public
 */
export interface SqlTransaction {
  /** Runs a query and returns its rows. */
  all<R extends object>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * What a SQL dialect spells differently in a durable store's statements.
 * @public
 */
export interface SqlDialect {
  /** `sqlite` or `postgres`. */
  readonly name: string;
  /** Appended to a `SELECT` that picks a row to take: `FOR UPDATE SKIP LOCKED` where row locks exist. */
  readonly skipLocked: string;
  /** Appended to a `SELECT` of a row about to change: `FOR UPDATE` where row locks exist. */
  readonly forUpdate: string;
  /** `LIMIT` without a bound, before an `OFFSET`. */
  readonly limitAll: string;
  /** The column type of a 64-bit integer (times in ms since the epoch): `INTEGER` or `BIGINT`. */
  readonly int64: 'INTEGER' | 'BIGINT';
  /** A column definition of an ever-increasing 64-bit row number that is the table's primary key. */
  readonly serialKey: string;
}

/**
 * The statements that create a store's tables in a dialect; each must be idempotent
 * (`CREATE … IF NOT EXISTS`), since every open runs them.
 * @public
 */
export type SqlSchema = (dialect: SqlDialect) => readonly string[];

/**
 * The small driver durable stores run on (the task store, the event log): transactions of
 * `?`-placeholder statements. `SqliteSqlDriver` (one file, WAL, `synchronous=FULL`, group commit)
 * and `PostgresSqlDriver` (a pool, tables in their own schema) implement it.
 * @public
 */
export interface SqlDriver {
  /** How this driver's SQL differs. */
  readonly dialect: SqlDialect;
  /**
   * Runs `fn` in one transaction: committed (durably) before the returned promise resolves,
   * rolled back when `fn` throws. `write` transactions take the write lock up front (SQLite
   * `BEGIN IMMEDIATE`), so a read-then-write inside is never overtaken by another writer.
   */
  transaction<T>(mode: 'read' | 'write', fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Closes the connection or pool; the driver cannot be used afterwards. */
  close(): Promise<void>;
}
