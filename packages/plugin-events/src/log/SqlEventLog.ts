import type { CloudEvent } from '@cortex-os/kernel';
import type { SqlDriver, SqlTransaction } from '@cortex-os/sql-driver';
import { EventLogError } from '../errors/EventLogError.js';
import type { EventLog, EventLogPage, EventLogQuery, EventLogRequestKey, EventLogRetention } from './EventLog.js';
import { encodeEventLogCursor, eventLogFilter } from './eventLogFilter.js';
import { settledRowsClause } from './eventLogSchema.js';

/** A row of `event_log` as the drivers return it (PostgreSQL hands BIGINT back as a string). */
interface EventRow {
  readonly seq: number | string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject: string | null;
  readonly correlation_id: string | null;
  readonly dataschema: string | null;
  readonly data: string;
}

const columns = 'seq, id, source, type, time, subject, correlation_id, dataschema, data';
const insert = `INSERT INTO event_log (id, source, type, time, time_ms, recorded_at, subject, correlation_id, dataschema, data, request_id, request_source)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function toEvent(row: EventRow): CloudEvent {
  return {
    specversion: '1.0',
    id: row.id,
    source: row.source,
    type: row.type,
    time: row.time,
    datacontenttype: 'application/json',
    ...(row.dataschema === null ? {} : { dataschema: row.dataschema }),
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.correlation_id === null ? {} : { correlationid: row.correlation_id }),
    data: JSON.parse(row.data) as unknown,
  };
}

/**
 * The event log over a {@link SqlDriver}: the same statements on SQLite and PostgreSQL. Store
 * failures become `EVENTLOG_UNAVAILABLE` (the driver's message stays in `cause`, never in the
 * error's text, so no path or database message reaches a caller).
 */
export class SqlEventLog implements EventLog {
  readonly #driver: SqlDriver;
  readonly #now: () => number;

  constructor(driver: SqlDriver, now: () => number) {
    this.#driver = driver;
    this.#now = now;
  }

  append(events: readonly CloudEvent[]): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return this.#write('written', async (tx) => {
      let added = 0;
      for (const event of events) added += await this.#insert(tx, event, undefined);
      return added;
    });
  }

  async publishRequested(
    key: EventLogRequestKey,
    publish: () => Promise<CloudEvent>,
  ): Promise<{ readonly event: CloudEvent; readonly duplicate: boolean }> {
    // The publisher's own error is the answer, not EVENTLOG_UNAVAILABLE: the store did nothing wrong.
    let refused: { readonly error: unknown } | undefined;
    try {
      return await this.#write('written', async (tx) => {
        const earlier = await this.#claim(tx, key);
        if (earlier !== undefined) return { event: earlier, duplicate: true };
        let event: CloudEvent;
        try {
          event = await publish();
        } catch (error) {
          refused = { error };
          throw error;
        }
        // The recorder may have logged the bus's copy already: then the key joins that row.
        if ((await this.#insert(tx, event, key)) === 0)
          await tx.run('UPDATE event_log SET request_id = ?, request_source = ? WHERE source = ? AND id = ?', [
            key.id,
            key.source,
            event.source,
            event.id,
          ]);
        return { event, duplicate: false };
      });
    } catch (error) {
      throw refused === undefined ? error : refused.error;
    }
  }

  findRequested(key: EventLogRequestKey): Promise<CloudEvent | undefined> {
    return this.#read('read', (tx) => this.#requested(tx, key));
  }

  async query(query: EventLogQuery = {}): Promise<EventLogPage> {
    const filter = eventLogFilter(query, settledRowsClause(this.#driver.dialect));
    // One row more than the page tells whether another page follows.
    const rows = await this.#read('read', (tx) =>
      tx.all<EventRow>(`SELECT ${columns} FROM event_log ${filter.where} ORDER BY seq LIMIT ?`, [...filter.params, filter.limit + 1]),
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      events: page.map(toEvent),
      ...(rows.length > filter.limit && last !== undefined ? { next: encodeEventLogCursor(last.seq) } : {}),
    };
  }

  async cursorAfter(eventId: string): Promise<string | undefined> {
    const rows = await this.#read('read', (tx) =>
      tx.all<{ readonly seq: number | string }>('SELECT seq FROM event_log WHERE id = ? ORDER BY seq LIMIT 1', [eventId]),
    );
    const row = rows[0];
    return row === undefined ? undefined : encodeEventLogCursor(row.seq);
  }

  prune(retention: EventLogRetention): Promise<number> {
    return this.#write('pruned', async (tx) => {
      const oldest = this.#now() - retention.maxAgeMs;
      let deleted = await tx.run('DELETE FROM event_log WHERE recorded_at <= ?', [oldest]);
      await tx.run('DELETE FROM event_log_request WHERE claimed_at <= ?', [oldest]);
      const cut = await tx.all<{ readonly seq: number | string }>(`SELECT seq FROM event_log ORDER BY seq DESC LIMIT 1 OFFSET ?`, [
        retention.maxEvents,
      ]);
      const newestDeleted = cut[0];
      if (newestDeleted !== undefined) deleted += await tx.run('DELETE FROM event_log WHERE seq <= ?', [Number(newestDeleted.seq)]);
      return deleted;
    });
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  async #insert(tx: SqlTransaction, event: CloudEvent, key: EventLogRequestKey | undefined): Promise<number> {
    const timeMs = Date.parse(event.time);
    const now = this.#now();
    return tx.run(`${insert} ON CONFLICT (source, id) DO NOTHING`, [
      event.id,
      event.source,
      event.type,
      event.time,
      Number.isNaN(timeMs) ? now : timeMs,
      now,
      event.subject ?? null,
      event.correlationid ?? null,
      event.dataschema ?? null,
      JSON.stringify(event.data ?? null),
      key?.id ?? null,
      key?.source ?? null,
    ]);
  }

  /**
   * Takes the key's claim row, or locks it when it exists (PostgreSQL: the insert of a key another
   * transaction holds waits for that one's commit; SQLite: writers run one at a time), then
   * answers the event recorded under the key, if any. A claim whose event retention deleted is
   * taken over: its holder publishes again, as for a new key.
   */
  async #claim(tx: SqlTransaction, key: EventLogRequestKey): Promise<CloudEvent | undefined> {
    const now = this.#now();
    const claimed = await tx.run(
      'INSERT INTO event_log_request (request_source, request_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT (request_source, request_id) DO NOTHING',
      [key.source, key.id, now],
    );
    if (claimed === 0)
      await tx.run('UPDATE event_log_request SET claimed_at = ? WHERE request_source = ? AND request_id = ?', [now, key.source, key.id]);
    return this.#requested(tx, key);
  }

  async #requested(tx: SqlTransaction, key: EventLogRequestKey): Promise<CloudEvent | undefined> {
    const rows = await tx.all<EventRow>(`SELECT ${columns} FROM event_log WHERE request_source = ? AND request_id = ?`, [
      key.source,
      key.id,
    ]);
    const row = rows[0];
    return row === undefined ? undefined : toEvent(row);
  }

  #write<T>(action: string, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.#run('write', action, fn);
  }

  #read<T>(mode: 'read', fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return this.#run(mode, 'read', fn);
  }

  async #run<T>(mode: 'read' | 'write', action: string, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.#driver.transaction(mode, fn);
    } catch (cause) {
      if (EventLogError.is(cause)) throw cause;
      throw new EventLogError('EVENTLOG_UNAVAILABLE', `The event log could not be ${action}: the store refused or is unreachable.`, {
        cause,
        details: { action, reason: 'the store refused or is unreachable' },
      });
    }
  }
}
