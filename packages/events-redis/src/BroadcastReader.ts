import type { CloudEvent } from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import type { EventsError } from './errors/EventsError.js';
import { pauseAfterFailure } from './loopControl.js';
import type { TransportStats } from './metrics/TransportStats.js';
import { redisFailure } from './redisFailure.js';
import { decodeEvent, parseEntries, parseReadReply } from './streamEntry.js';

/** What a {@link BroadcastReader} reads and where it reports. */
export interface BroadcastReaderSettings {
  readonly client: Redis;
  readonly stream: string;
  readonly origin: string;
  readonly target: string;
  readonly blockMs: number;
  readonly batchSize: number;
  readonly report: (error: EventsError) => void;
  readonly stats: TransportStats;
}

/**
 * Reads every new entry of the stream (XREAD, no group) and hands the events other runtimes
 * wrote to the bus: broadcast, like `subscribe`. It starts after the stream's last entry and
 * keeps its position across reconnections, so nothing stored while the link was down is
 * skipped (as long as the stream was not trimmed past it).
 */
export class BroadcastReader {
  readonly #settings: BroadcastReaderSettings;
  readonly #deliver: (event: CloudEvent) => void;
  #stopped = false;
  #lastId: string | undefined;
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
    const { client, stream, target, blockMs, batchSize, report } = this.#settings;
    while (!this.#stopped) {
      const wasReady = client.status === 'ready';
      try {
        if (this.#lastId === undefined) {
          const last = parseEntries(await client.call('XREVRANGE', stream, '+', '-', 'COUNT', '1'));
          this.#lastId = last[0]?.id ?? '0-0';
          this.#positioned?.();
          continue;
        }
        const reply = await client.call('XREAD', 'COUNT', String(batchSize), 'BLOCK', String(blockMs), 'STREAMS', stream, this.#lastId);
        this.#handle(parseReadReply(reply));
      } catch (error) {
        if (this.#stopped) break;
        report(redisFailure(error, this.#lastId === undefined ? 'XREVRANGE' : 'XREAD', target));
        await pauseAfterFailure(client, blockMs, wasReady);
      }
    }
  }

  #handle(entries: ReturnType<typeof parseReadReply>): void {
    for (const entry of entries) {
      this.#lastId = entry.id;
      if (entry.fields['origin'] === this.#settings.origin) continue;
      let event: CloudEvent;
      try {
        event = decodeEvent(this.#settings.stream, entry);
      } catch (error) {
        this.#settings.report(error as EventsError);
        continue;
      }
      this.#settings.stats.received++;
      this.#deliver(event);
    }
  }
}
