import type { CloudEvent } from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import { compareEntryIds, type EntryIdParts, parseEntryId } from './entryId.js';
import { isNoSuchKey, maxDeletedIdOf, trimmedPast } from './streamInfo.js';
import { EventsError } from './errors/EventsError.js';
import { decodeEvent, parseEntries } from './streamEntry.js';

/**
 * Where {@link RedisStreamsTransport.read} starts and how much it returns.
 * @public
 */
export interface RedisReadOptions {
  /**
   * Which of the transport's streams to read.
   * @defaultValue the transport's `stream`
   */
  readonly stream?: string;
  /** Continue after this entry id (exclusive): the `next` of the previous page. */
  readonly after?: string;
  /** Start at this time, in milliseconds since the epoch (inclusive, by entry id time). Not with `after`. */
  readonly since?: number;
  /**
   * Most entries returned, 1 to 10,000.
   * @defaultValue `100`
   */
  readonly limit?: number;
}

/**
 * One page of the stream, oldest first.
 * @public
 */
export interface RedisEventPage {
  /** The events, with their entry ids. Entries that are not Cortex-OS events are left out (and reported to `onError`). */
  readonly entries: readonly { readonly entryId: string; readonly event: CloudEvent }[];
  /** The cursor to pass as `after` for the next page: the last entry id read, or the cursor given when nothing was. */
  readonly next: string | undefined;
  /** True when fewer than `limit` entries were left: the page reached the end of the stream as it was. */
  readonly done: boolean;
  /**
   * True when entries after the cursor were trimmed (by `maxLength` or retention) or deleted before
   * this read: the page does not continue where the cursor left off.
   */
  readonly gap: boolean;
}

/** The settled form of {@link RedisReadOptions}: XRANGE bounds and the cursor to check gaps against. */
interface ReadPlan {
  readonly start: string;
  readonly from: EntryIdParts | undefined;
  /** `from` is an entry the reader saw (`after`), not a time: the stream's first entry being after it means a trim passed it. */
  readonly afterEntry: boolean;
  readonly limit: number;
}

function cursorInvalid(problem: string, option: string): EventsError {
  return EventsError.create('EVENTS_CURSOR_INVALID', { problem }, { details: { option } });
}

/**
 * Validates a read's cursor and limit.
 * @throws {@link EventsError} `EVENTS_CURSOR_INVALID`
 */
export function planRead(options: RedisReadOptions): ReadPlan {
  const limit = options.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) {
    throw cursorInvalid(`\`limit\` must be an integer from 1 to 10000, got ${String(limit)}`, 'limit');
  }
  if (options.after !== undefined && options.since !== undefined) throw cursorInvalid('pass `after` or `since`, not both', 'after');
  if (options.after !== undefined) {
    const from = typeof options.after === 'string' ? parseEntryId(options.after) : undefined;
    if (from === undefined) throw cursorInvalid('`after` is not a stream entry id (<ms>-<seq>)', 'after');
    return { start: `(${from[0]}-${from[1]}`, from, afterEntry: true, limit };
  }
  if (options.since !== undefined) {
    if (!Number.isSafeInteger(options.since) || options.since < 0) {
      throw cursorInvalid(`\`since\` must be a time in milliseconds since the epoch, got ${String(options.since)}`, 'since');
    }
    const since = BigInt(options.since);
    // Entries from `since` on: anything deleted at or after it is a gap, so compare with the id just before.
    return { start: `${since}-0`, from: since === 0n ? undefined : [since - 1n, (1n << 64n) - 1n], afterEntry: false, limit };
  }
  return { start: '-', from: undefined, afterEntry: false, limit };
}

/**
 * Reads one page of `stream` (XRANGE), and whether entries after the cursor were removed before
 * it: deleted (XINFO STREAM's `max-deleted-entry-id`, Redis 7+) or, for an `after` cursor,
 * trimmed (the stream's first entry is past it; trimming does not move `max-deleted-entry-id`).
 */
export async function readEvents(
  client: Redis,
  stream: string,
  plan: ReadPlan,
  report: (error: EventsError) => void,
): Promise<RedisEventPage> {
  const [rangeReply, info] = await Promise.all([
    client.call('XRANGE', stream, plan.start, '+', 'COUNT', String(plan.limit)),
    plan.from === undefined ? Promise.resolve(undefined) : streamInfo(client, stream),
  ]);
  const raw = parseEntries(rangeReply);
  const entries: { entryId: string; event: CloudEvent }[] = [];
  for (const entry of raw) {
    try {
      entries.push({ entryId: entry.id, event: decodeEvent(stream, entry) });
    } catch (error) {
      report(error as EventsError);
    }
  }
  const cursor = plan.from === undefined ? undefined : `${plan.from[0]}-${plan.from[1]}`;
  const maxDeleted = maxDeletedIdOf(info);
  const gap =
    plan.from !== undefined &&
    info !== undefined &&
    ((maxDeleted !== undefined && compareEntryIds(maxDeleted, plan.from) > 0) || (plan.afterEntry && trimmedPast(info, plan.from)));
  return { entries, next: raw.at(-1)?.id ?? (plan.start.startsWith('(') ? cursor : undefined), done: raw.length < plan.limit, gap };
}

/** The stream's `XINFO STREAM` reply, or undefined for a missing stream. */
async function streamInfo(client: Redis, stream: string): Promise<unknown> {
  try {
    return await client.call('XINFO', 'STREAM', stream);
  } catch (error) {
    if (isNoSuchKey(error)) return undefined;
    throw error;
  }
}
