import type { PostgresStoreOptions } from '@cortex-os/sql-driver';
import { PostgresSqlDriver, type SqlDriver, SqliteSqlDriver } from '@cortex-os/sql-driver';
import { EventLogError } from '../errors/EventLogError.js';
import type { EventLog } from './EventLog.js';
import { eventLogRequestTable, eventLogSchema, eventLogTable } from './eventLogSchema.js';
import { SqlEventLog } from './SqlEventLog.js';

/**
 * Where {@link openEventLog} keeps the log: a SQLite `file` or a `postgres` database, exactly one.
 * @public
 */
export interface OpenEventLogOptions {
  /** The SQLite file (WAL; several processes on one host may share it); `:memory:` for a private, passing log. */
  readonly file?: string | undefined;
  /** A PostgreSQL database instead (`url`; `schema` default `cortex_events`; `poolSize` default 5). */
  readonly postgres?: PostgresStoreOptions | undefined;
  /**
   * The clock of recording times and retention, injectable for tests.
   * @defaultValue `Date.now`
   */
  readonly now?: (() => number) | undefined;
}

// The same number for every process: schema creation by two processes at once takes turns.
const schemaLockKey = 0x7a5c_0026;
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

function unavailable(reason: string, cause?: unknown): EventLogError {
  return new EventLogError('EVENTLOG_UNAVAILABLE', `The event log could not be opened: ${reason}.`, {
    ...(cause === undefined ? {} : { cause }),
    details: { action: 'opened', reason },
  });
}

async function openDriver(options: OpenEventLogOptions): Promise<SqlDriver> {
  const { file, postgres } = options;
  if ((file === undefined) === (postgres === undefined))
    throw unavailable('give the store as `file` (SQLite) or `postgres` (a URL), exactly one of them');
  if (postgres === undefined) {
    try {
      return new SqliteSqlDriver(file as string, { schema: eventLogSchema });
    } catch (cause) {
      throw unavailable('the SQLite file is not usable', cause);
    }
  }
  const schema = postgres.schema ?? 'cortex_events';
  if (!schemaPattern.test(schema) || schema === eventLogTable || schema === eventLogRequestTable)
    throw unavailable('the schema name must match ^[a-z_][a-z0-9_]{0,62}$ and not be event_log');
  try {
    return await PostgresSqlDriver.open({
      connectionString: postgres.url,
      schema,
      poolSize: postgres.poolSize ?? 5,
      tables: eventLogSchema,
      tableNames: [eventLogRequestTable, eventLogTable],
      schemaLockKey,
    });
  } catch (cause) {
    throw unavailable('the PostgreSQL database is not reachable or not writable', cause);
  }
}

/**
 * Opens (creating when missing) a durable event log in a SQLite file or a PostgreSQL schema.
 * @throws {@link EventLogError} `EVENTLOG_UNAVAILABLE` when the store cannot be opened or its table created.
 * @example
 * ```ts
 * const log = await openEventLog({ file: 'events.sqlite' });
 * await log.append([event]);
 * const { events, next } = await log.query({ type: 'memory.*', limit: 50 });
 * ```
 * @public
 */
export async function openEventLog(options: OpenEventLogOptions): Promise<EventLog> {
  return new SqlEventLog(await openDriver(options), options.now ?? Date.now);
}
