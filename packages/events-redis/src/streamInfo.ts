import type { EntryIdParts } from './entryId.js';
import { parseEntryId } from './entryId.js';

// Readers of an `XINFO STREAM` reply (RESP2: a flat list of names and values).

function field(reply: unknown, name: string): unknown {
  if (!Array.isArray(reply)) return undefined;
  const at = reply.indexOf(name);
  return at < 0 ? undefined : reply[at + 1];
}

/**
 * The newest id ever deleted from the stream (trimmed or XDEL), or undefined when nothing was
 * deleted or the Redis is older than 7 (no `max-deleted-entry-id`).
 */
export function maxDeletedIdOf(reply: unknown): EntryIdParts | undefined {
  const id = field(reply, 'max-deleted-entry-id');
  const parts = typeof id === 'string' ? parseEntryId(id) : undefined;
  return parts !== undefined && (parts[0] > 0n || parts[1] > 0n) ? parts : undefined;
}

/** The id of the newest entry ever added (still there or not), `0-0` for a stream never written. */
export function lastGeneratedIdOf(reply: unknown): string {
  const id = field(reply, 'last-generated-id');
  return typeof id === 'string' && parseEntryId(id) !== undefined ? id : '0-0';
}

/** True for the reply Redis gives `XINFO STREAM` on a missing key. */
export function isNoSuchKey(error: unknown): boolean {
  return error instanceof Error && /no such key/i.test(error.message);
}

/** How many entries were ever added to the stream (Redis 7+), or undefined when Redis does not say. */
export function entriesAddedOf(reply: unknown): number | undefined {
  const added = field(reply, 'entries-added');
  return typeof added === 'number' && Number.isSafeInteger(added) ? added : undefined;
}

/**
 * True when trimming took the stream past `cursor`, an entry a reader saw: its first entry is
 * after it, or it is empty though entries were added after it. Trimming removes the oldest
 * entries and does not show in `max-deleted-entry-id`; it may have stopped exactly at the cursor,
 * so this says entries after it may be gone (and almost always are).
 */
export function trimmedPast(reply: unknown, cursor: EntryIdParts): boolean {
  const compare = (id: unknown): boolean => {
    const parts = typeof id === 'string' ? parseEntryId(id) : undefined;
    return parts !== undefined && (parts[0] > cursor[0] || (parts[0] === cursor[0] && parts[1] > cursor[1]));
  };
  if (field(reply, 'length') === 0) return compare(field(reply, 'last-generated-id'));
  const recorded = field(reply, 'recorded-first-entry-id');
  const first = recorded ?? (field(reply, 'first-entry') as unknown[] | undefined)?.[0];
  return compare(first);
}
