/** Counts of one stream's traffic in this process. */
export interface StreamStats {
  /** Events whose XADD Redis answered. */
  published: number;
  /** Publishes that failed with a typed error (nothing acknowledged). */
  publishFailed: number;
  /** Other runtimes' events the broadcast reader handed to the bus. */
  received: number;
  /** Times the broadcast reader found entries trimmed past its position (missed events). */
  broadcastGaps: number;
}

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
 * What one transport did since it was created, as plain counts per stream and per group: cheap
 * to keep whether or not a metrics registry reads them, and read (never reset) at scrape time.
 */
export class TransportStats {
  readonly #streams = new Map<string, StreamStats>();
  readonly #groups = new Map<string, { readonly stream: string; readonly group: string; readonly stats: GroupStats }>();

  /** The counts of `stream`, created at zero on first use. */
  stream(stream: string): StreamStats {
    let stats = this.#streams.get(stream);
    if (stats === undefined) {
      stats = { published: 0, publishFailed: 0, received: 0, broadcastGaps: 0 };
      this.#streams.set(stream, stats);
    }
    return stats;
  }

  /** The counts of `group` on `stream`, created at zero on first use. */
  group(stream: string, group: string): GroupStats {
    const key = `${stream}\n${group}`;
    let entry = this.#groups.get(key);
    if (entry === undefined) {
      entry = { stream, group, stats: { delivered: 0, redelivered: 0, handlerFailed: 0, deadLettered: 0 } };
      this.#groups.set(key, entry);
    }
    return entry.stats;
  }

  /** Every stream with counts. */
  streams(): IterableIterator<[string, StreamStats]> {
    return this.#streams.entries();
  }

  /** Every group this transport consumed in, with its stream and counts. */
  groups(): IterableIterator<{ readonly stream: string; readonly group: string; readonly stats: GroupStats }> {
    return this.#groups.values();
  }
}
