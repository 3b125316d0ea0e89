import type { SqlSchema } from '@cortex-os/sql-driver';

/** The log's table; a PostgreSQL driver qualifies it with its schema. */
export const eventLogTable = 'event_log';

/** The claims of client keys (see {@link eventLogSchema}); qualified like the log's table. */
export const eventLogRequestTable = 'event_log_request';

/**
 * The event log's table: one row per event, numbered in recording order (`seq`, never reused, so
 * a cursor stays valid after pruning), unique by the CloudEvents `id` + `source`, and by the
 * client's key for events published over HTTP. Each statement is idempotent.
 *
 * In PostgreSQL each row also keeps the id of the transaction that wrote it (`tx`): numbers are
 * handed out at insert, transactions commit in any order, and a reader shows only rows below the
 * oldest transaction still running ({@link settledRowsClause}), so a page never passes over a
 * smaller number that commits later. SQLite writes one transaction at a time: numbers commit in order.
 *
 * `event_log_request` holds one row per client key, inserted before the event is published, in
 * the same transaction: it is the lock that lets exactly one process publish a key (a second
 * claimant waits for the first's commit, then finds its event). Never shown by queries.
 */
export const eventLogSchema: SqlSchema = (dialect) => [
  `CREATE TABLE IF NOT EXISTS event_log (
    seq ${dialect.serialKey},
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    time TEXT NOT NULL,
    time_ms ${dialect.int64} NOT NULL,
    recorded_at ${dialect.int64} NOT NULL,
    subject TEXT,
    correlation_id TEXT,
    dataschema TEXT,
    data TEXT NOT NULL,
    request_id TEXT,
    request_source TEXT,${dialect.name === 'postgres' ? '\n    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),' : ''}
    UNIQUE (source, id)
  )`,
  'CREATE INDEX IF NOT EXISTS event_log_by_id ON event_log (id)',
  'CREATE INDEX IF NOT EXISTS event_log_by_type ON event_log (type, seq)',
  'CREATE INDEX IF NOT EXISTS event_log_by_correlation ON event_log (correlation_id, seq)',
  'CREATE INDEX IF NOT EXISTS event_log_by_time ON event_log (time_ms)',
  'CREATE INDEX IF NOT EXISTS event_log_by_recorded ON event_log (recorded_at)',
  'CREATE UNIQUE INDEX IF NOT EXISTS event_log_by_request ON event_log (request_source, request_id)',
  `CREATE TABLE IF NOT EXISTS event_log_request (
    request_source TEXT NOT NULL,
    request_id TEXT NOT NULL,
    claimed_at ${dialect.int64} NOT NULL,
    PRIMARY KEY (request_source, request_id)
  )`,
  'CREATE INDEX IF NOT EXISTS event_log_request_by_claimed ON event_log_request (claimed_at)',
];

/**
 * The condition a reader adds so it sees only rows whose writers have all settled: in PostgreSQL,
 * rows written before the oldest transaction still running (every smaller number is then final);
 * none needed in SQLite.
 */
export function settledRowsClause(dialect: { readonly name: string }): string | undefined {
  return dialect.name === 'postgres' ? 'tx < pg_snapshot_xmin(pg_current_snapshot())' : undefined;
}
