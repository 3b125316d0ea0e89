import { entriesAddedOf, lastGeneratedIdOf } from './streamInfo.js';

/**
 * Where the broadcast reader is in each stream: the last entry id it read, and how many entries
 * the stream had ever had added up to that one (Redis 7's `entries-added`, counted on from the
 * position it started at). Trimming does not show in `max-deleted-entry-id`, but it shows here:
 * once the reader stands at the stream's newest entry, every entry added up to it was either read
 * or removed before it could be, so the difference is what it missed.
 */
export class StreamPositions {
  readonly #ids = new Map<string, string>();
  /** Entries added up to the position; undefined when Redis cannot tell (before 7). */
  readonly #counts = new Map<string, number | undefined>();

  /** Starts each stream at its newest id ever added, from its `XINFO STREAM` (undefined for a missing stream). */
  constructor(infos: ReadonlyMap<string, unknown>) {
    for (const [stream, info] of infos) {
      this.#ids.set(stream, info === undefined ? '0-0' : lastGeneratedIdOf(info));
      this.#counts.set(stream, info === undefined ? 0 : entriesAddedOf(info));
    }
  }

  /** The last entry id read from `stream` (`0-0` before any). */
  id(stream: string): string {
    return this.#ids.get(stream) ?? '0-0';
  }

  /** The reader read `read` entries of `stream`, the last being `lastId`. */
  advance(stream: string, lastId: string, read: number): void {
    this.#ids.set(stream, lastId);
    const count = this.#counts.get(stream);
    if (count !== undefined) this.#counts.set(stream, count + read);
  }

  /**
   * The entries of `stream` added before the position but never read, from an `XINFO STREAM`
   * taken right after a read (undefined for a missing stream): 0 when none, or when Redis cannot
   * tell now (entries arrived since the read, or a Redis before 7). Counted once: the position's
   * count is brought up to Redis's.
   */
  missed(stream: string, info: unknown): number {
    const added = info === undefined ? undefined : entriesAddedOf(info);
    if (added === undefined || lastGeneratedIdOf(info) !== this.id(stream)) return 0;
    const count = this.#counts.get(stream);
    this.#counts.set(stream, added);
    // A smaller count means the key was deleted and written again: a new stream, nothing to compare.
    return count === undefined || added < count ? 0 : added - count;
  }
}
