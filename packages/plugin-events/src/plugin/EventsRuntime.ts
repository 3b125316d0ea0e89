import { randomUUID } from 'node:crypto';
import type { ContractRegistry, EventBus, Logger } from '@cortex-os/kernel';
import { EventLogError } from '../errors/EventLogError.js';
import type { EventLog, EventLogRequestKey, EventLogRetention } from '../log/EventLog.js';
import { recordedCovers } from '../socket/recordedCovers.js';
import { EventRecorder, type EventRecorderStats } from './EventRecorder.js';
import type { EventsPublishInput, EventsPublishResult, EventsService } from './EventsService.js';

/** What {@link EventsRuntime} runs on. */
export interface EventsRuntimeOptions {
  readonly log: EventLog;
  readonly bus: EventBus;
  readonly contracts: ContractRegistry;
  readonly logger: Logger;
  readonly record: readonly string[];
  readonly maxPending: number;
  readonly retention: EventLogRetention;
  /** The type patterns `publish` accepts. @defaultValue `['*']` */
  readonly publishable?: readonly string[] | undefined;
}

const defaultSource = '/a2a/events';

/** The plugin's {@link EventsService}: the log, the recorder, and publishing with a client key. */
export class EventsRuntime implements EventsService {
  readonly log: EventLog;
  readonly #bus: EventBus;
  readonly #contracts: ContractRegistry;
  readonly #recorder: EventRecorder;
  readonly #retention: EventLogRetention;
  readonly #publishable: readonly string[];
  // Publishes of one key in progress in this process: a concurrent copy waits for the first.
  readonly #inFlight = new Map<string, Promise<EventsPublishResult>>();

  constructor(options: EventsRuntimeOptions) {
    this.log = options.log;
    this.#bus = options.bus;
    this.#contracts = options.contracts;
    this.#retention = options.retention;
    this.#publishable = options.publishable ?? ['*'];
    this.#recorder = new EventRecorder({ ...options, patterns: options.record });
  }

  async publish(type: string, input: EventsPublishInput): Promise<EventsPublishResult> {
    const contract = this.#contracts.find(type);
    if (contract === undefined)
      throw new EventLogError('EVENTLOG_TYPE_UNKNOWN', `Event type "${type}" has no registered event contract.`, { details: { type } });
    if (!recordedCovers(this.#publishable, type))
      throw new EventLogError('EVENTLOG_PUBLISH_FORBIDDEN', `Events of type "${type}" may not be published over HTTP here.`, {
        details: { type },
      });
    // Invalid data fails here, before the key is looked up: a bad event is a 400 whether or not it was sent before.
    const data = this.#contracts.validate(contract, input.data);
    const key: EventLogRequestKey = { id: input.id ?? randomUUID(), source: input.source ?? defaultSource };
    const slot = `${key.source}\n${key.id}`;
    const running = this.#inFlight.get(slot);
    if (running !== undefined) return { event: (await running).event, duplicate: true };
    const publishing = this.#publishOnce(type, data, input, key);
    this.#inFlight.set(slot, publishing);
    try {
      return await publishing;
    } finally {
      this.#inFlight.delete(slot);
    }
  }

  flush(): Promise<void> {
    return this.#recorder.flush();
  }

  prune(): Promise<number> {
    return this.log.prune(this.#retention);
  }

  stats(): EventRecorderStats {
    return this.#recorder.stats();
  }

  /** Stops recording, writes what is buffered and closes the log. */
  async close(): Promise<void> {
    await this.#recorder.stop();
    await this.log.close();
  }

  async #publishOnce(type: string, data: unknown, input: EventsPublishInput, key: EventLogRequestKey): Promise<EventsPublishResult> {
    // A replay answers from a read, without the store's write lock.
    const earlier = await this.log.findRequested(key);
    if (earlier !== undefined) return { event: earlier, duplicate: true };
    // The log publishes only when this process's claim of the key is the first (issue 20: one
    // publish per key across processes), inside the transaction that records the event.
    return this.log.publishRequested(key, () =>
      this.#bus.publishAcknowledged(type, data, {
        source: key.source,
        ...(input.subject === undefined ? {} : { subject: input.subject }),
        ...(input.correlationid === undefined ? {} : { correlationId: input.correlationid }),
      }),
    );
  }
}
