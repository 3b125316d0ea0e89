import type { CloudEvent } from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import { EventsError } from './errors/EventsError.js';
import { pauseAfterFailure } from './loopControl.js';
import type { TransportStats } from './metrics/TransportStats.js';
import { redisFailure } from './redisFailure.js';
import { StreamPositions } from './StreamPositions.js';
import { decodeEvent, parseMultiReadReply, type StreamEntry } from './streamEntry.js';
import { isNoSuchKey } from './streamInfo.js';

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
 * stream's newest entry and keeps its positions across reconnections, so nothing stored while
 * the link was down is skipped (as long as a stream was not trimmed past it). Order holds within
 * a stream, not between streams.
 *
 * Gaps: each XREAD is followed on the connection by an `XINFO STREAM` per stream, which Redis
 * answers right after the read. When the reader stands at a stream's newest entry, the entries Redis says were
 * ever added and the ones the reader read differ by exactly what was trimmed (`maxLength`,
 * `retention`) or deleted before it could read it: it then reports `EVENTS_BROADCAST_GAP` with
 * that count and counts it (`cortex_events_broadcast_gaps_total`), and goes on with what the
 * stream still holds. A reader that stays behind reports its gap once it catches up (Redis 7+);
 * while its reads come back full it does not ask.
 */
export class BroadcastReader {
  readonly #settings: BroadcastReaderSettings;
  readonly #deliver: (event: CloudEvent) => void;
  #stopped = false;
  /** Each stream's position; undefined until every stream's end is known. */
  #positions: StreamPositions | undefined;
  /** The last read returned a full batch of some stream: the reader is behind. */
  #behind = false;
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
      const positions = this.#positions;
      try {
        if (positions === undefined) {
          this.#positions = new StreamPositions(await this.#infos(undefined, true));
          this.#positioned?.();
          continue;
        }
        const ids = streams.map((stream) => positions.id(stream));
        const read = ['XREAD', 'COUNT', String(batchSize), 'BLOCK', String(blockMs), 'STREAMS', ...streams, ...ids];
        // A reader behind (its last read was full) cannot stand at a stream's newest entry: no XINFO until it catches up.
        const infos = await this.#infos(read, !this.#behind, (reply) => {
          this.#behind = false;
          for (const [stream, entries] of parseMultiReadReply(reply)) {
            this.#behind ||= entries.length >= batchSize;
            this.#handle(positions, stream, entries);
          }
        });
        for (const stream of streams) {
          const missed = positions.missed(stream, infos.get(stream));
          if (missed > 0) this.#gap(stream, missed, positions.id(stream));
        }
      } catch (error) {
        if (this.#stopped) break;
        this.#behind = false;
        report(redisFailure(error, positions === undefined ? 'XINFO' : 'XREAD', target));
        await pauseAfterFailure(client, blockMs, wasReady);
      }
    }
  }

  /**
   * Each stream's `XINFO STREAM` (undefined for a missing stream; none unless `ask`), sent right
   * behind `read` when given: Redis answers a connection's commands in order, so the XINFOs
   * describe the streams as the read left them (a blocked read holds them back until it returns).
   * The read's reply is handed to `handle` as soon as it arrives, before the XINFOs are awaited.
   */
  async #infos(read: readonly string[] | undefined, ask: boolean, handle?: (reply: unknown) => void): Promise<Map<string, unknown>> {
    const { client } = this.#settings;
    const streams = ask ? this.#settings.streams : [];
    const replied = read === undefined ? undefined : client.call(...(read as [string, ...string[]]));
    const asked = streams.map((stream) =>
      client.call('XINFO', 'STREAM', stream).then(
        (info) => info,
        (error: unknown) => {
          if (isNoSuchKey(error)) return undefined;
          throw error;
        },
      ),
    );
    // Every promise is settled below, so a failed read does not leave the XINFOs' failures unobserved.
    const all = Promise.all(asked);
    all.catch(() => undefined);
    if (replied !== undefined) handle?.(await replied);
    const infos = await all;
    return new Map(streams.map((stream, i) => [stream, infos[i]]));
  }

  #gap(stream: string, missed: number, position: string): void {
    this.#settings.stats.stream(stream).broadcastGaps++;
    this.#settings.report(
      EventsError.create('EVENTS_BROADCAST_GAP', { stream, missed, position }, { details: { stream, missed, position } }),
    );
  }

  #handle(positions: StreamPositions, stream: string, entries: readonly StreamEntry[]): void {
    const last = entries.at(-1);
    if (last !== undefined) positions.advance(stream, last.id, entries.length);
    for (const entry of entries) {
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
