import type { CloudEvent, EventBus, EventSubscription, Logger } from '@cortex-os/kernel';
import type { EventsService } from '../plugin/EventsService.js';
import { EventSocketSender, type EventSocketOverflow, type EventSocketSink } from './EventSocketSender.js';

/** Events replayed from the log per query. */
const replayPage = 200;

/** What one subscriber connection needs. */
export interface EventSocketSessionOptions {
  readonly sink: EventSocketSink;
  readonly bus: EventBus;
  readonly service: EventsService;
  readonly logger: Logger;
  readonly pattern: string;
  /** True when the log records every type the pattern matches (see `recordedCovers`). */
  readonly logged: boolean;
  /** The id of the last event the client received, to resume after it. */
  readonly lastEventId: string | undefined;
  readonly maxBuffered: number;
  readonly overflow: EventSocketOverflow;
}

/**
 * One WebSocket subscriber: live events of its pattern, and — when it resumes — the events it
 * missed, from the durable log, with neither gap nor duplicate. The bus subscription opens
 * first and holds live events aside; the recorder is flushed (everything published before the
 * subscription is then in the log); the log is replayed after the client's last event; then
 * the held events follow, skipping those the replay already sent. Types the log does not keep
 * cannot be replayed: the client gets a gap notice instead.
 */
export class EventSocketSession {
  readonly #options: EventSocketSessionOptions;
  readonly #sender: EventSocketSender;
  readonly #subscription: EventSubscription;
  // Live events that arrive while the log is replayed; undefined once live.
  #held: CloudEvent[] | undefined = [];
  #heldDropped = 0;

  constructor(options: EventSocketSessionOptions) {
    this.#options = options;
    this.#sender = new EventSocketSender(options.sink, options);
    this.#subscription = options.bus.subscribe(options.pattern, (event) => this.#live(event));
    void this.#start().catch((error: unknown) => {
      options.logger.warn({ err: error, pattern: options.pattern }, 'A WebSocket subscriber could not be resumed from the event log.');
      this.#sender.close(1011, 'the event log is unavailable');
    });
  }

  /** Messages waiting in this connection's buffer. */
  get buffered(): number {
    return this.#sender.buffered;
  }

  /** Ends the subscription (the socket closed, or the server is closing it). */
  end(): void {
    this.#subscription.unsubscribe();
  }

  /** Closes the connection (shutdown: 1001 "going away"). */
  close(code: number, reason: string): void {
    this.end();
    this.#sender.close(code, reason);
  }

  #live(event: CloudEvent): void {
    const held = this.#held;
    if (held === undefined) {
      this.#sender.push({ kind: 'event', event });
      return;
    }
    if (held.length >= this.#options.maxBuffered) {
      held.shift();
      this.#heldDropped += 1;
    }
    held.push(event);
  }

  async #start(): Promise<void> {
    const replayed = await this.#replay();
    const held = this.#held ?? [];
    this.#held = undefined;
    if (this.#heldDropped > 0) this.#sender.push({ kind: 'gap', reason: 'overflow', dropped: this.#heldDropped });
    for (const event of held) if (!replayed.has(event.id)) this.#sender.push({ kind: 'event', event });
    this.#sender.push({ kind: 'live' });
  }

  /** Sends the logged events after the client's last one; returns their ids. */
  async #replay(): Promise<Set<string>> {
    const sent = new Set<string>();
    const { lastEventId, logged, service, pattern } = this.#options;
    if (lastEventId === undefined) return sent;
    if (!logged) {
      this.#sender.push({ kind: 'gap', reason: 'not-logged', pattern });
      return sent;
    }
    await service.flush();
    let after = await service.log.cursorAfter(lastEventId);
    if (after === undefined) {
      this.#sender.push({ kind: 'gap', reason: 'unknown-last-event', lastEventId });
      return sent;
    }
    while (after !== undefined) {
      const page = await service.log.query({ type: pattern, after, limit: Math.min(replayPage, this.#options.maxBuffered) });
      for (const event of page.events) {
        sent.add(event.id);
        this.#sender.push({ kind: 'event', event });
      }
      after = page.next;
      // Paced by the socket: the next page waits until this one has left the buffer.
      await this.#sender.drained();
    }
    return sent;
  }
}
