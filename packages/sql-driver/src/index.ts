/**
 * The small SQL driver Cortex-OS durable stores (the task store, the event log) run on:
 * transactions of `?`-placeholder statements over one SQLite file (WAL, `synchronous=FULL`,
 * group commit) or a PostgreSQL pool (tables in their own schema).
 *
 * @packageDocumentation
 */
export type { SqlDialect, SqlDriver, SqlSchema, SqlTransaction } from './SqlDriver.js';
export { SqliteSqlDriver, type SqliteSqlDriverOptions } from './SqliteSqlDriver.js';
export { PostgresSqlDriver, type PostgresSqlDriverOptions } from './PostgresSqlDriver.js';
export { type PostgresStoreOptions, postgresStoreSchema } from './postgresStoreSchema.js';
export { prepareSqliteFile } from './prepareSqliteFile.js';
