import { EventLogError } from '../errors/EventLogError.js';
import type { EventLogQuery } from './EventLog.js';

/** A query's `WHERE` clause (`?` placeholders), its parameters and its page size. */
export interface EventLogFilter {
  readonly where: string;
  readonly params: readonly unknown[];
  readonly limit: number;
}

// Keep in step with the contract registry's names: dotted lower-case segments.
const TYPE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;
const CURSOR = /^[0-9]{1,15}$/;
const maxLimit = 1000;

function invalid(problem: string): EventLogError {
  return new EventLogError('EVENTLOG_QUERY_INVALID', `Invalid event log query: ${problem}`, { details: { problem } });
}

/** The cursor of a row (its `seq`), as the log hands it out. */
export function encodeEventLogCursor(seq: number | string): string {
  return String(seq);
}

/**
 * The `seq` a cursor names.
 * @throws {@link EventLogError} `EVENTLOG_QUERY_INVALID` for anything the log did not hand out.
 */
export function decodeEventLogCursor(cursor: string): number {
  if (!CURSOR.test(cursor)) throw invalid(`"after" must be the \`next\` of a previous page, not ${JSON.stringify(cursor.slice(0, 40))}.`);
  return Number(cursor);
}

function typeClause(pattern: string | undefined): { readonly sql: string; readonly params: readonly unknown[] } | undefined {
  if (pattern === undefined || pattern === '*') return undefined;
  const prefix = pattern.endsWith('.*') ? pattern.slice(0, -1) : undefined;
  if (!TYPE.test(prefix === undefined ? pattern : pattern.slice(0, -2)))
    throw invalid(`"type" must be a type (memory.stored), a prefix pattern (memory.*) or *, not ${JSON.stringify(pattern.slice(0, 80))}.`);
  // Same rule as the bus's patterns: `memory.*` stands for one or more trailing segments.
  if (prefix !== undefined) return { sql: 'substr(type, 1, ?) = ? AND length(type) > ?', params: [prefix.length, prefix, prefix.length] };
  return { sql: 'type = ?', params: [pattern] };
}

/**
 * Turns a query into SQL over the `event_log` table, checking it first.
 * @throws {@link EventLogError} `EVENTLOG_QUERY_INVALID` for a bad cursor, limit, pattern or time range.
 */
export function eventLogFilter(query: EventLogQuery, settled?: string): EventLogFilter {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw invalid(`"limit" must be an integer from 1 to ${maxLimit}.`);
  if (query.since !== undefined && query.until !== undefined && query.until < query.since)
    throw invalid('"until" is before "since": the time range is empty.');
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]): void => {
    clauses.push(sql);
    params.push(...values);
  };
  if (settled !== undefined) add(settled);
  if (query.after !== undefined) add('seq > ?', decodeEventLogCursor(query.after));
  const type = typeClause(query.type);
  if (type !== undefined) add(type.sql, ...type.params);
  if (query.source !== undefined) add('source = ?', query.source);
  if (query.correlationId !== undefined) add('correlation_id = ?', query.correlationId);
  if (query.since !== undefined) add('time_ms >= ?', query.since);
  if (query.until !== undefined) add('time_ms < ?', query.until);
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params, limit };
}
