/** Counts of one consumer group's deliveries in this process. */
export interface GroupStats {
  /** Handler resolved and the entry was acknowledged. */
  delivered: number;
  /** Deliveries of an entry delivered before (claimed from a dead consumer, or after a failure). */
  redelivered: number;
  /** Handler rejected: the entry stays pending. */
  handlerFailed: number;
  /** Entries moved to the dead-letter stream (too many deliveries, or malformed). */
  deadLettered: number;
}

/**
 * What one transport did since it was created, as plain counts: cheap to keep whether or not a
 * metrics registry reads them, and read (never reset) at scrape time.
 */
export class TransportStats {
  /** Events whose XADD Redis answered. */
  published = 0;
  /** Publishes that failed with a typed error (nothing acknowledged). */
  publishFailed = 0;
  /** Other runtimes' events the broadcast reader handed to the bus. */
  received = 0;
  readonly #groups = new Map<string, GroupStats>();

  /** The counts of `group`, created at zero on first use. */
  group(group: string): GroupStats {
    let stats = this.#groups.get(group);
    if (stats === undefined) {
      stats = { delivered: 0, redelivered: 0, handlerFailed: 0, deadLettered: 0 };
      this.#groups.set(group, stats);
    }
    return stats;
  }

  /** Every group this transport consumed in, with its counts. */
  groups(): IterableIterator<[string, GroupStats]> {
    return this.#groups.entries();
  }
}
