import { randomUUID } from 'node:crypto';
import { CloudEventEnvelope } from './CloudEventEnvelope.js';
import { ObservableEventStream, type EventStream } from './EventStream.js';
import { Observable } from 'rxjs';
import { z } from 'zod';
import type { ContractRegistry } from '../contracts/ContractRegistry.js';
import { toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import { currentCorrelationId } from '../logging/correlation.js';
import type { Logger } from '../logging/Logger.js';
import type { CloudEvent } from './CloudEvent.js';
import { defineEvent, type EventData, type EventDefinition } from './EventDefinition.js';
import { compileEventPattern } from './eventPattern.js';
import { runReportingTo } from './rxjsErrorRouting.js';
import { ConsumerGroups, type ConsumeHandler, type ConsumeOptions, type ConsumerMembership } from './ConsumerGroups.js';
import type { EventBusTransport } from './EventBusTransport.js';
import { joinedMembership } from './joinedMembership.js';
import { SubscriberQueue, type EventHandler, type EventOverflowPolicy, type EventSubscription } from './EventSubscription.js';

/**
 * Published by the bus when a subscriber throws or rejects; the failing subscriber keeps its
 * subscription and every other subscriber is unaffected.
 * @public
 */
export const subscriberFailedEvent: EventDefinition<z.ZodType<SubscriberFailedEventData>> = defineEvent({
  type: 'bus.subscriber.failed',
  version: '1.0.0',
  description: 'A bus subscriber threw or rejected while handling an event.',
  data: z.object({
    pattern: z.string(),
    eventType: z.string(),
    eventId: z.string(),
    message: z.string(),
  }) satisfies z.ZodType<SubscriberFailedEventData>,
});

/**
 * Data of `bus.subscriber.failed`: which subscription failed on which event, and why.
 * @public
 */
export interface SubscriberFailedEventData {
  /** The subscription's pattern. */
  readonly pattern: string;
  /** The type of the event it failed on. */
  readonly eventType: string;
  /** The id of the event it failed on. */
  readonly eventId: string;
  /** The error's message. */
  readonly message: string;
}

/**
 * Options of a subscription.
 * @public
 */
export interface EventSubscribeOptions {
  /**
   * Events buffered while the handler is busy.
   * @defaultValue `1024`
   */
  readonly bufferSize?: number;
  /**
   * What to drop when the buffer is full.
   * @defaultValue `'drop-oldest'`
   */
  readonly overflow?: EventOverflowPolicy;
  /**
   * Deliver the bus's retained recent events that match before live ones.
   * @defaultValue `false`
   */
  readonly replay?: boolean;
}

/**
 * Options of a publish.
 * @public
 */
export interface EventPublishOptions {
  /** CloudEvents `subject`: what the event is about within its source, e.g. a record id. */
  readonly subject?: string;
  /**
   * Overrides the bus's source for this event.
   * @defaultValue the bus's `source`
   */
  readonly source?: string;
  /**
   * The correlation id the event carries.
   * @defaultValue the current async context's correlation id, if any
   */
  readonly correlationId?: string;
}

/**
 * Counters of the bus, for metrics.
 * @public
 */
export interface EventBusStats {
  /** Events published since the bus was created. */
  readonly published: number;
  /** Deliveries to matching subscribers; one event delivered to three subscribers counts three. */
  readonly delivered: number;
  /** Events dropped because a subscriber's buffer was full. */
  readonly dropped: number;
  /** Times a subscriber or observer threw or rejected. */
  readonly subscriberErrors: number;
  /** Subscriptions open now. */
  readonly subscriptions: number;
}

/**
 * The kernel's typed event bus (A2A): CloudEvents envelopes, validated on publish, delivered
 * per subscriber in publish order.
 * @public
 */
export interface EventBus {
  /**
   * Wraps `data` in a CloudEvents envelope, validates it against the event's contract and delivers it.
   * @throws {@link KernelError} `CONTRACT_VALIDATION_FAILED`, `EVENT_TYPE_UNKNOWN` or `EVENT_BUS_CLOSED`.
   */
  publish<E extends EventDefinition>(event: E, data: EventData<E>, options?: EventPublishOptions): CloudEvent<EventData<E>>;
  /**
   * Publishes by type name; the type must have a registered event contract.
   * @throws {@link KernelError} `EVENT_TYPE_UNKNOWN`, `CONTRACT_VALIDATION_FAILED` or `EVENT_BUS_CLOSED`.
   */
  publish(type: string, data: unknown, options?: EventPublishOptions): CloudEvent;
  /**
   * Publishes like {@link EventBus.publish} and resolves once the bus's transport has stored
   * the event (at once when the bus has no transport: in-process delivery is all there is).
   * @throws {@link KernelError} as `publish` does; rejects with the transport's error when it fails to store the event.
   */
  publishAcknowledged<E extends EventDefinition>(
    event: E,
    data: EventData<E>,
    options?: EventPublishOptions,
  ): Promise<CloudEvent<EventData<E>>>;
  /** Publishes by type name and resolves once the transport has stored the event. */
  publishAcknowledged(type: string, data: unknown, options?: EventPublishOptions): Promise<CloudEvent>;
  /**
   * Shares matching events among the consumers of `options.group`: each event goes to one of
   * them; the handler's promise resolving acknowledges it, rejecting redelivers it
   * (`redelivered: true`) to the group. The only bus API with at-least-once delivery.
   */
  consume<E extends EventDefinition>(event: E, options: ConsumeOptions, handler: ConsumeHandler<EventData<E>>): ConsumerMembership;
  /** Shares the events whose type matches `pattern` among the consumers of `options.group`. */
  consume(pattern: string, options: ConsumeOptions, handler: ConsumeHandler): ConsumerMembership;
  /** Calls `handler` for each matching event (`memory.stored`, `memory.*` or `*`). */
  subscribe<E extends EventDefinition>(event: E, handler: EventHandler<EventData<E>>, options?: EventSubscribeOptions): EventSubscription;
  /** Calls `handler` for each event whose type matches `pattern` (`memory.stored`, `memory.*` or `*`). */
  subscribe(pattern: string, handler: EventHandler, options?: EventSubscribeOptions): EventSubscription;
  /** The matching events as an RxJS observable; it completes when the bus completes. */
  observe<E extends EventDefinition>(event: E, options?: EventSubscribeOptions): EventStream<CloudEvent<EventData<E>>>;
  /** The events whose type matches `pattern` as an RxJS observable; it completes when the bus completes. */
  observe<T = unknown>(pattern: string, options?: EventSubscribeOptions): EventStream<CloudEvent<T>>;
  /** A snapshot of the bus's counters. */
  stats(): EventBusStats;
  /** True once {@link EventBus.complete} has been called; publishing then throws. */
  readonly closed: boolean;
  /** Stops accepting events, drains every subscriber and completes every stream. Idempotent. */
  complete(): Promise<void>;
}

/**
 * Options of {@link createEventBus}.
 * @public
 */
export interface CreateEventBusOptions {
  /** Where event contracts are registered; events are validated against them. */
  readonly contracts: ContractRegistry;
  /**
   * CloudEvents `source` of events published without one.
   * @defaultValue `'/cortex-os'`
   */
  readonly source?: string;
  /**
   * Validate data on publish.
   * @defaultValue `true`
   */
  readonly validate?: boolean;
  /**
   * How many recent events to retain for `replay` subscribers.
   * @defaultValue `0`
   */
  readonly replay?: number;
  /** Where failing subscribers and dropped events are logged; nothing is logged when absent. */
  readonly logger?: Logger;
  /**
   * Clock for event times, in epoch milliseconds.
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /**
   * Carries events to and from other processes; absent, the bus is in-process only.
   * Events published locally are sent to it; events it delivers reach local subscribers and groups.
   */
  readonly transport?: EventBusTransport;
}

/**
 * Creates an {@link EventBus}.
 * @example
 * ```ts
 * const bus = createEventBus({ contracts });
 * bus.subscribe('notes.*', (event) => console.log(event.type, event.data));
 * bus.publish(noteAdded, { id: 'n1' });
 * ```
 * @public
 */
export function createEventBus(options: CreateEventBusOptions): EventBus {
  return new SubjectlessEventBus(options);
}

class SubjectlessEventBus implements EventBus {
  readonly #contracts: ContractRegistry;
  readonly #source: string;
  readonly #validate: boolean;
  readonly #replayCapacity: number;
  readonly #replay: CloudEvent[] = [];
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  #subscribers: SubscriberQueue[] = [];
  readonly #transport: EventBusTransport | undefined;
  readonly #consumers: ConsumerGroups;
  #closed = false;
  #completion: Promise<void> | undefined;
  // Ids are unique per source, as CloudEvents requires: a random per-bus prefix and a counter.
  readonly #idPrefix = `${randomUUID()}-`;
  #sequence = 0;
  #published = 0;
  #delivered = 0;
  #dropped = 0;
  #subscriberErrors = 0;

  constructor(options: CreateEventBusOptions) {
    this.#contracts = options.contracts;
    this.#source = options.source ?? '/cortex-os';
    this.#validate = options.validate ?? true;
    this.#replayCapacity = options.replay ?? 0;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#contracts.register(subscriberFailedEvent);
    this.#consumers = new ConsumerGroups((group, pattern, event, error) =>
      this.#reportSubscriberError(`${group}:${pattern}`, event, error),
    );
    this.#transport = options.transport;
    this.#transport?.connect((event) => {
      if (!this.#closed) this.#dispatch(event);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  publish(eventOrType: EventDefinition | string, data: unknown, options?: EventPublishOptions): CloudEvent {
    const event = this.#envelope(eventOrType, data, options);
    this.#dispatch(event);
    if (this.#transport !== undefined) {
      // Fire-and-forget: callers that need the transport's acknowledgement use publishAcknowledged.
      this.#transport.send(event).catch((error: unknown) => this.#reportTransportError(event, error));
    }
    return event;
  }

  async publishAcknowledged(eventOrType: EventDefinition | string, data: unknown, options?: EventPublishOptions): Promise<CloudEvent> {
    const event = this.#envelope(eventOrType, data, options);
    this.#dispatch(event);
    if (this.#transport !== undefined) await this.#transport.send(event);
    return event;
  }

  consume(eventOrPattern: EventDefinition | string, options: ConsumeOptions, handler: ConsumeHandler<never>): ConsumerMembership {
    const pattern = typeof eventOrPattern === 'string' ? eventOrPattern : eventOrPattern.type;
    if (this.#closed) {
      throw new KernelError('EVENT_BUS_CLOSED', `Cannot publish "${pattern}": the event bus has completed (kernel stopped).`, {
        details: { type: pattern },
      });
    }
    const local = this.#consumers.join(pattern, handler as ConsumeHandler, options);
    const transport = this.#transport;
    if (transport?.joinGroup === undefined) return local;
    const request = {
      group: options.group,
      pattern,
      matches: compileEventPattern(pattern),
      ...(options.maxDeliveries === undefined ? {} : { maxDeliveries: options.maxDeliveries }),
    };
    return joinedMembership(local, transport.joinGroup(request, handler as ConsumeHandler));
  }

  /** True when the transport's own groups handle `type`: the in-process groups must not handle it too. */
  #groupsOnTransport(type: string): boolean {
    const transport = this.#transport;
    return transport?.joinGroup !== undefined && (transport.carries?.(type) ?? true);
  }

  #envelope(eventOrType: EventDefinition | string, data: unknown, options: EventPublishOptions | undefined): CloudEvent {
    if (this.#closed)
      throw new KernelError(
        'EVENT_BUS_CLOSED',
        `Cannot publish "${typeof eventOrType === 'string' ? eventOrType : eventOrType.type}": the event bus has completed (kernel stopped).`,
      );
    const definition = typeof eventOrType === 'string' ? this.#definitionOf(eventOrType) : eventOrType;
    const payload = this.#validate ? this.#contracts.validate(definition, data) : data;
    return new CloudEventEnvelope(
      this.#idPrefix,
      ++this.#sequence,
      options?.source ?? this.#source,
      definition.name,
      definition.id,
      this.#now(),
      options?.subject,
      options?.correlationId ?? currentCorrelationId(),
      payload,
    );
  }

  /** Delivers to local subscribers and consumer groups: local publishes and transport arrivals alike. */
  #dispatch(event: CloudEvent): void {
    this.#published += 1;
    if (this.#replayCapacity > 0) {
      if (this.#replay.length >= this.#replayCapacity) this.#replay.shift();
      this.#replay.push(event);
    }
    // Snapshot: subscribing or unsubscribing inside a handler does not disturb this delivery.
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      const subscriber = subscribers[i] as SubscriberQueue;
      if (subscriber.matches(event.type)) {
        this.#delivered += 1;
        subscriber.deliver(event);
      }
    }
    if (this.#consumers.active && !this.#groupsOnTransport(event.type)) this.#consumers.dispatch(event);
  }

  subscribe(eventOrPattern: EventDefinition | string, handler: EventHandler<never>, options?: EventSubscribeOptions): EventSubscription {
    return this.#subscribe(
      typeof eventOrPattern === 'string' ? eventOrPattern : eventOrPattern.type,
      handler as EventHandler,
      options,
      undefined,
    );
  }

  observe(eventOrPattern: EventDefinition | string, options?: EventSubscribeOptions): EventStream<CloudEvent<never>> {
    const pattern = typeof eventOrPattern === 'string' ? eventOrPattern : eventOrPattern.type;
    const source = new Observable<CloudEvent<never>>((subscriber) => {
      if (this.#closed) {
        subscriber.complete();
        return undefined;
      }
      const report = (error: unknown): void => this.#reportObserverError(pattern, error);
      const subscription = this.#subscribe(
        pattern,
        (event) => runReportingTo(report, () => subscriber.next(event as CloudEvent<never>)),
        options,
        () => subscriber.complete(),
      );
      return () => subscription.unsubscribe();
    });
    return new ObservableEventStream(source);
  }

  stats(): EventBusStats {
    return {
      published: this.#published,
      delivered: this.#delivered,
      dropped: this.#dropped,
      subscriberErrors: this.#subscriberErrors,
      subscriptions: this.#subscribers.length,
    };
  }

  complete(): Promise<void> {
    this.#completion ??= (async () => {
      this.#closed = true;
      await Promise.all([...this.#subscribers.map((s) => s.complete()), this.#consumers.drain()]);
      await this.#transport?.close();
    })();
    return this.#completion;
  }

  #subscribe(
    pattern: string,
    handler: EventHandler,
    options: EventSubscribeOptions | undefined,
    onComplete: (() => void) | undefined,
  ): EventSubscription {
    const queue = new SubscriberQueue({
      pattern,
      matches: compileEventPattern(pattern),
      handler,
      capacity: Math.max(1, options?.bufferSize ?? 1024),
      overflow: options?.overflow ?? 'drop-oldest',
      onError: (error, event) => this.#reportSubscriberError(pattern, event, error),
      onDrop: (q) => this.#reportDrop(q),
      onEnd: (q) => {
        this.#subscribers = this.#subscribers.filter((s) => s !== q);
      },
      ...(onComplete === undefined ? {} : { onComplete }),
    });
    if (this.#closed) {
      void queue.complete();
      return queue;
    }
    this.#subscribers = [...this.#subscribers, queue];
    if (options?.replay === true) {
      for (const event of this.#replay) if (queue.matches(event.type)) queue.deliver(event);
    }
    return queue;
  }

  #definitionOf(type: string): EventDefinition {
    const contract = this.#contracts.find(type);
    if (contract === undefined) {
      throw new KernelError(
        'EVENT_TYPE_UNKNOWN',
        `Event type "${type}" has no registered contract; define it with defineEvent and list it in the plugin's \`events\`.`,
        {
          details: { type },
        },
      );
    }
    return { ...contract, type };
  }

  #reportSubscriberError(pattern: string, event: CloudEvent, thrown: unknown): void {
    this.#subscriberErrors += 1;
    const error = toError(thrown);
    this.#logger?.warn({ err: error, pattern, eventType: event.type, eventId: event.id }, `event subscriber for "${pattern}" failed`);
    // A failing handler of the failure event itself is only logged, so errors cannot loop.
    if (event.type === subscriberFailedEvent.type || this.#closed) return;
    this.publish(subscriberFailedEvent, { pattern, eventType: event.type, eventId: event.id, message: error.message });
  }

  #reportTransportError(event: CloudEvent, thrown: unknown): void {
    const error = toError(thrown);
    this.#logger?.warn({ err: error, eventType: event.type, eventId: event.id }, `event transport failed to send "${event.type}"`);
  }

  #reportObserverError(pattern: string, thrown: unknown): void {
    this.#subscriberErrors += 1;
    const error = toError(thrown);
    this.#logger?.warn({ err: error, pattern }, `event observer for "${pattern}" failed`);
    if (!this.#closed) this.publish(subscriberFailedEvent, { pattern, eventType: 'unknown', eventId: 'unknown', message: error.message });
  }

  #reportDrop(queue: SubscriberQueue): void {
    this.#dropped += 1;
    // Log the first drop and then every 1000th, so a flood does not flood the log too.
    if (queue.dropped === 1 || queue.dropped % 1000 === 0) {
      this.#logger?.warn(
        { pattern: queue.pattern, dropped: queue.dropped },
        `slow event subscriber for "${queue.pattern}": buffer full, events dropped`,
      );
    }
  }
}
