import type { CloudEvent } from '@cortex-os/kernel';
import { EventsError } from './errors/EventsError.js';

/** One entry of a stream as Redis returns it (RESP2): its id and its flat field list. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The fields an event is stored as: the id of the transport that wrote it (so a transport can
 * skip its own bus's events without parsing them) and the CloudEvent as JSON. Nothing else: with
 * `appendfsync always` Redis fsyncs once per batch of commands it reads (16 KB per client per
 * round), so every byte of an entry costs publish throughput.
 */
export function eventFields(event: CloudEvent, origin: string): string[] {
  return ['origin', origin, 'event', JSON.stringify(event)];
}

/** The entries of an XRANGE / XCLAIM-style reply: `[[id, [field, value, …]], …]`; deleted entries (null fields) are left out. */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[1])) continue;
    const flat = item[1] as unknown[];
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    entries.push({ id: item[0], fields });
  }
  return entries;
}

/** The entries of an XREAD / XREADGROUP reply over one stream: `[[stream, entries]]`, or null on timeout. */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const first = reply[0] as unknown;
  return Array.isArray(first) ? parseEntries(first[1]) : [];
}

/** The entries of an XREAD reply over several streams: `[[stream, entries], …]`, or null on timeout. */
export function parseMultiReadReply(reply: unknown): [string, StreamEntry[]][] {
  if (!Array.isArray(reply)) return [];
  return reply
    .filter((item): item is [string, unknown] => Array.isArray(item) && typeof item[0] === 'string')
    .map(([stream, entries]) => [stream, parseEntries(entries)]);
}

/**
 * The event an entry holds.
 * @throws {@link EventsError} `EVENTS_ENTRY_MALFORMED` when the entry is not one this transport wrote.
 */
export function decodeEvent(stream: string, entry: StreamEntry): CloudEvent {
  const json = entry.fields['event'];
  const malformed = (problem: string): EventsError =>
    EventsError.create('EVENTS_ENTRY_MALFORMED', { entryId: entry.id, stream, problem }, { details: { stream, entryId: entry.id } });
  if (json === undefined) throw malformed('no `event` field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw malformed('the `event` field is not JSON');
  }
  const event = parsed as Partial<CloudEvent> | null;
  if (
    event === null ||
    typeof event !== 'object' ||
    typeof event.id !== 'string' ||
    typeof event.type !== 'string' ||
    typeof event.source !== 'string'
  ) {
    throw malformed('the `event` field lacks a string id, type or source');
  }
  return event as CloudEvent;
}
