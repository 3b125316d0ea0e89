import type { CloudEvent } from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import type { EventsError } from './errors/EventsError.js';
import { pauseAfterFailure } from './loopControl.js';
import type { TransportStats } from './metrics/TransportStats.js';
import { redisFailure } from './redisFailure.js';
import { decodeEvent, parseEntries, parseMultiReadReply, type StreamEntry } from './streamEntry.js';

/** What a {@link BroadcastReader} reads and where it reports. */
export interface BroadcastReaderSettings {
  readonly client: Redis;
  /** The streams read, in one XREAD. */
  readonly streams: readonly string[];
  readonly origin: string;
  readonly target: string;
  readonly blockMs: number;
  readonly batchSize: number;
  readonly report: (error: EventsError) => void;
  readonly stats: TransportStats;
}

/**
 * Reads every new entry of the streams (one XREAD over all of them, no group) and hands the
 * events other runtimes wrote to the bus: broadcast, like `subscribe`. It starts after each
 * stream's last entry and keeps its positions across reconnections, so nothing stored while the
 * link was down is skipped (as long as a stream was not trimmed past it). Order holds within a
 * stream, not between streams.
 */
export class BroadcastReader {
  readonly #settings: BroadcastReaderSettings;
  readonly #deliver: (event: CloudEvent) => void;
  #stopped = false;
  /** Each stream's last id read; undefined until every stream's end is known. */
  #lastIds: Map<string, string> | undefined;
  #loop: Promise<void> | undefined;
  #positioned: (() => void) | undefined;
  /** Resolves once the reader knows where the stream ends: events stored from then on reach the bus. */
  readonly ready: Promise<void>;

  constructor(settings: BroadcastReaderSettings, deliver: (event: CloudEvent) => void) {
    this.#settings = settings;
    this.#deliver = deliver;
    this.ready = new Promise((resolve) => {
      this.#positioned = resolve;
    });
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#positioned?.();
    // The loop may sit in a blocking XREAD: dropping the connection ends it now.
    this.#settings.client.disconnect();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { client, streams, target, blockMs, batchSize, report } = this.#settings;
    while (!this.#stopped) {
      const wasReady = client.status === 'ready';
      const lastIds = this.#lastIds;
      try {
        if (lastIds === undefined) {
          this.#lastIds = await this.#ends();
          this.#positioned?.();
          continue;
        }
        const ids = streams.map((stream) => lastIds.get(stream) ?? '0-0');
        const reply = await client.call('XREAD', 'COUNT', String(batchSize), 'BLOCK', String(blockMs), 'STREAMS', ...streams, ...ids);
        for (const [stream, entries] of parseMultiReadReply(reply)) this.#handle(lastIds, stream, entries);
      } catch (error) {
        if (this.#stopped) break;
        report(redisFailure(error, lastIds === undefined ? 'XREVRANGE' : 'XREAD', target));
        await pauseAfterFailure(client, blockMs, wasReady);
      }
    }
  }

  /** Each stream's last entry id (`0-0` for an empty or missing stream), in one pipeline. */
  async #ends(): Promise<Map<string, string>> {
    const { client, streams } = this.#settings;
    const pipeline = client.pipeline();
    for (const stream of streams) pipeline.call('XREVRANGE', stream, '+', '-', 'COUNT', '1');
    const results = (await pipeline.exec()) ?? [];
    const ends = new Map<string, string>();
    streams.forEach((stream, i) => {
      const [error, reply] = results[i] ?? [new Error('no reply'), undefined];
      if (error) throw error;
      ends.set(stream, parseEntries(reply)[0]?.id ?? '0-0');
    });
    return ends;
  }

  #handle(lastIds: Map<string, string>, stream: string, entries: readonly StreamEntry[]): void {
    for (const entry of entries) {
      lastIds.set(stream, entry.id);
      if (entry.fields['origin'] === this.#settings.origin) continue;
      let event: CloudEvent;
      try {
        event = decodeEvent(stream, entry);
      } catch (error) {
        this.#settings.report(error as EventsError);
        continue;
      }
      this.#settings.stats.stream(stream).received++;
      this.#deliver(event);
    }
  }
}
