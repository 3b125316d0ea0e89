import type { CloudEvent } from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import { EventsError } from './errors/EventsError.js';
import { pauseAfterFailure } from './loopControl.js';
import type { GroupStats } from './metrics/TransportStats.js';
import { redisFailure } from './redisFailure.js';
import type { RedisDelivery } from './RedisStreamsTransportOptions.js';
import { decodeEvent, parseEntries, parseReadReply, type StreamEntry } from './streamEntry.js';

/**
 * Handles one event of a consumer group; resolving acknowledges it (XACK), rejecting leaves it
 * pending so it is redelivered after the visibility timeout.
 * @public
 */
export type RedisConsumeHandler = (event: CloudEvent, delivery: RedisDelivery) => Promise<void> | void;

/**
 * One consumer of a group, from {@link RedisStreamsTransport.consume}.
 * @public
 */
export interface RedisConsumer {
  /** The consumer's name within its group. */
  readonly name: string;
  /** Resolves once the group exists and the consumer reads: entries stored from then on reach the group. */
  readonly ready: Promise<void>;
  /** Finishes the event in hand (and acknowledges it), then stops reading. Unacknowledged entries go to other consumers. Idempotent. */
  stop(): Promise<void>;
}

/** The settled options of one consumer. */
export interface GroupConsumerSettings {
  readonly client: Redis;
  readonly stream: string;
  readonly group: string;
  readonly name: string;
  readonly select: (type: string) => boolean;
  readonly visibilityTimeoutMs: number;
  readonly maxDeliveries: number;
  readonly deadLetterStream: string;
  readonly dedupWindow: number;
  readonly maxLength: number;
  readonly start: 'new' | 'all';
  readonly target: string;
  readonly blockMs: number;
  readonly batchSize: number;
  readonly report: (error: EventsError) => void;
  /** The group's counts in this process, shared by its consumers. */
  readonly stats: GroupStats;
}

/**
 * A consumer of a Redis consumer group: its own pending entries first (a restart under the same
 * name resumes them), then entries other consumers left unacknowledged longer than the
 * visibility timeout (XAUTOCLAIM), then new entries (XREADGROUP `>`). Entries delivered more
 * than `maxDeliveries` times move to the dead-letter stream, atomically with their XACK.
 */
export class GroupConsumer implements RedisConsumer {
  readonly #s: GroupConsumerSettings;
  readonly #handler: RedisConsumeHandler;
  #stopped = false;
  #blocking = false;
  #ownPendingDone = false;
  #claimCursor = '0-0';
  #lastClaim = 0;
  #loop: Promise<void> | undefined;
  /** Keys (`source` + id) of events handled recently, oldest first: the de-duplication window. */
  readonly #handled = new Set<string>();
  #started: (() => void) | undefined;
  readonly ready: Promise<void>;

  constructor(settings: GroupConsumerSettings, handler: RedisConsumeHandler) {
    this.#s = settings;
    this.#handler = handler;
    this.ready = new Promise((resolve) => {
      this.#started = resolve;
    });
  }

  get name(): string {
    return this.#s.name;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return this.#loop;
    this.#stopped = true;
    this.#started?.();
    // A blocking read is cut short; a handler in progress finishes and acknowledges first.
    if (this.#blocking || this.#loop === undefined) this.#s.client.disconnect();
    await this.#loop;
    this.#s.client.disconnect();
  }

  async #run(): Promise<void> {
    let grouped = false;
    while (!this.#stopped) {
      const wasReady = this.#s.client.status === 'ready';
      let command = 'XGROUP';
      try {
        if (!grouped) {
          await this.#createGroup();
          grouped = true;
          this.#started?.();
          continue;
        }
        command = 'XAUTOCLAIM';
        await this.#claimAbandoned();
        command = 'XREADGROUP';
        await this.#readOwnOrNew();
      } catch (error) {
        if (this.#stopped) break;
        // The stream or group vanished (a Redis without persistence restarted): create it again.
        if (error instanceof Error && /NOGROUP/.test(error.message)) grouped = false;
        // An XACK may have been lost: re-read own pending entries (the window skips their handlers).
        this.#ownPendingDone = false;
        this.#s.report(redisFailure(error, command, this.#s.target));
        await pauseAfterFailure(this.#s.client, this.#s.blockMs, wasReady);
      }
    }
  }

  async #createGroup(): Promise<void> {
    const { client, stream, group, start } = this.#s;
    try {
      await client.call('XGROUP', 'CREATE', stream, group, start === 'all' ? '0' : '$', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && /BUSYGROUP/.test(error.message))) throw error;
    }
  }

  /** Own pending entries (id `0`) until there are none, then new ones (`>`), blocking at most `blockMs`. */
  async #readOwnOrNew(): Promise<void> {
    const { client, stream, group, name, batchSize, blockMs } = this.#s;
    const own = !this.#ownPendingDone;
    this.#blocking = !own;
    let reply: unknown;
    try {
      reply = own
        ? await client.call('XREADGROUP', 'GROUP', group, name, 'COUNT', String(batchSize), 'STREAMS', stream, '0')
        : await client.call(
            'XREADGROUP',
            'GROUP',
            group,
            name,
            'COUNT',
            String(batchSize),
            'BLOCK',
            String(blockMs),
            'STREAMS',
            stream,
            '>',
          );
    } finally {
      this.#blocking = false;
    }
    const entries = parseReadReply(reply);
    if (own && entries.length === 0) this.#ownPendingDone = true;
    for (const entry of entries) {
      if (this.#stopped && !own) break;
      await this.#handle(entry, own ? await this.#deliveries(entry.id) : 1);
    }
  }

  /** At most every half visibility timeout: claims entries idle longer than it, from consumers that died or failed. */
  async #claimAbandoned(): Promise<void> {
    const { client, stream, group, name, visibilityTimeoutMs, batchSize } = this.#s;
    const now = Date.now();
    if (now - this.#lastClaim < visibilityTimeoutMs / 2) return;
    this.#lastClaim = now;
    const reply = (await client.call(
      'XAUTOCLAIM',
      stream,
      group,
      name,
      String(visibilityTimeoutMs),
      this.#claimCursor,
      'COUNT',
      String(batchSize),
    )) as unknown[];
    this.#claimCursor = typeof reply[0] === 'string' ? reply[0] : '0-0';
    const claimed = parseEntries(reply[1]);
    // A full batch means more may wait: claim again on the next turn rather than after half a timeout.
    if (claimed.length === batchSize) this.#lastClaim = 0;
    for (const entry of claimed) {
      if (this.#stopped) return;
      await this.#handle(entry, await this.#deliveries(entry.id));
    }
  }

  /** The entry's delivery count, this delivery included (XPENDING). */
  async #deliveries(entryId: string): Promise<number> {
    const { client, stream, group } = this.#s;
    const reply = (await client.call('XPENDING', stream, group, entryId, entryId, '1')) as unknown[][];
    const count = Number(reply[0]?.[3] ?? 1);
    return Number.isFinite(count) && count > 0 ? count : 1;
  }

  async #handle(entry: StreamEntry, deliveries: number): Promise<void> {
    const { stream, group, select, maxDeliveries, report } = this.#s;
    let event: CloudEvent;
    try {
      event = decodeEvent(stream, entry);
    } catch (error) {
      report(error as EventsError);
      await this.#deadLetter(entry, deliveries);
      return;
    }
    const key = `${event.source}\n${event.id}`;
    // Not for this group, or a copy of an event it already handled: acknowledge without handling.
    if (!select(event.type) || this.#handled.has(key)) {
      await this.#ack(entry.id);
      return;
    }
    if (deliveries > maxDeliveries) {
      await this.#deadLetter(entry, deliveries);
      report(
        EventsError.create(
          'EVENTS_DEAD_LETTERED',
          {
            eventId: event.id,
            eventType: event.type,
            deliveries: String(deliveries - 1),
            group,
            deadLetterStream: this.#s.deadLetterStream,
          },
          { details: { stream, group, entryId: entry.id } },
        ),
      );
      return;
    }
    if (deliveries > 1) this.#s.stats.redelivered++;
    try {
      await this.#handler(event, { entryId: entry.id, redelivered: deliveries > 1, deliveries });
    } catch (error) {
      this.#s.stats.handlerFailed++;
      const reason = error instanceof Error ? error.message : String(error);
      report(EventsError.create('EVENTS_HANDLER_FAILED', { group, eventId: event.id, eventType: event.type, reason }, { cause: error }));
      return;
    }
    this.#remember(key);
    await this.#ack(entry.id);
    this.#s.stats.delivered++;
  }

  #remember(key: string): void {
    this.#handled.add(key);
    if (this.#handled.size > this.#s.dedupWindow) this.#handled.delete(this.#handled.values().next().value as string);
  }

  async #ack(entryId: string): Promise<void> {
    await this.#s.client.call('XACK', this.#s.stream, this.#s.group, entryId);
  }

  /** Copies the entry to the dead-letter stream and acknowledges it, in one transaction. */
  async #deadLetter(entry: StreamEntry, deliveries: number): Promise<void> {
    const { client, stream, group, deadLetterStream, maxLength } = this.#s;
    const fields = Object.entries(entry.fields).flat();
    const results = await client
      .multi()
      .call(
        'XADD',
        deadLetterStream,
        'MAXLEN',
        '~',
        String(maxLength),
        '*',
        ...fields,
        'deadFrom',
        stream,
        'deadEntry',
        entry.id,
        'deadGroup',
        group,
        'deliveries',
        String(deliveries),
      )
      .call('XACK', stream, group, entry.id)
      .exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
    this.#s.stats.deadLettered++;
  }
}
