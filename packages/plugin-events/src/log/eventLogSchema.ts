import type { SqlSchema } from '@cortex-os/sql-driver';

/** The log's one table; a PostgreSQL driver qualifies it with its schema. */
export const eventLogTable = 'event_log';

/**
 * The event log's table: one row per event, numbered in recording order (`seq`, never reused, so
 * a cursor stays valid after pruning), unique by the CloudEvents `id` + `source`, and by the
 * client's key for events published over HTTP. Each statement is idempotent.
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
    request_source TEXT,
    UNIQUE (source, id)
  )`,
  'CREATE INDEX IF NOT EXISTS event_log_by_id ON event_log (id)',
  'CREATE INDEX IF NOT EXISTS event_log_by_type ON event_log (type, seq)',
  'CREATE INDEX IF NOT EXISTS event_log_by_correlation ON event_log (correlation_id, seq)',
  'CREATE INDEX IF NOT EXISTS event_log_by_time ON event_log (time_ms)',
  'CREATE INDEX IF NOT EXISTS event_log_by_recorded ON event_log (recorded_at)',
  'CREATE UNIQUE INDEX IF NOT EXISTS event_log_by_request ON event_log (request_source, request_id)',
];
