import type { CloudEvent } from './CloudEvent.js';
import { compileEventPattern } from './eventPattern.js';

/**
 * What a consumer's handler learns besides the event: whether an earlier delivery of the same
 * event failed (or its consumer left) before acknowledging it.
 * @public
 */
export interface ConsumeContext {
  /** The event's id (CloudEvents `id`). */
  readonly eventId: string;
  /** True when this event was delivered before and not acknowledged. */
  readonly redelivered: boolean;
  /** How many times this event has been delivered, this delivery included (1 on the first). */
  readonly attempt: number;
}

/**
 * A consumer of a group: its promise resolving acknowledges the event; rejecting (or throwing)
 * hands the event to the group again, marked `redelivered`.
 * @public
 */
export type ConsumeHandler<T = unknown> = (event: CloudEvent<T>, context: ConsumeContext) => Promise<void> | void;

/**
 * Options of `consume`.
 * @public
 */
export interface ConsumeOptions {
  /** The consumer group: each matching event goes to one consumer of the group. */
  readonly group: string;
  /**
   * Deliveries of one event before the group gives up on it and reports `bus.subscriber.failed`.
   * @defaultValue `5`
   */
  readonly maxDeliveries?: number;
}

/**
 * A group membership; `leave()` (or `using`) ends it. Events it holds unacknowledged go to
 * the group's other consumers.
 * @public
 */
export interface ConsumerMembership extends Disposable {
  /** The group's name. */
  readonly group: string;
  /** The pattern the group consumes. */
  readonly pattern: string;
  /** Events delivered to this consumer and not yet acknowledged. */
  readonly inFlight: number;
  /** Leaves the group; idempotent. */
  leave(): void;
}

interface Pending {
  readonly event: CloudEvent;
  attempt: number;
}

/** Reports an event the group gave up on. @internal */
export type GiveUp = (group: string, pattern: string, event: CloudEvent, error: unknown) => void;

/**
 * In-process consumer groups: at-least-once, one consumer per delivery, round-robin across
 * members; a rejected delivery goes back to the group as a redelivery.
 * @internal
 */
export class ConsumerGroups {
  readonly #groups = new Map<string, Group>();
  readonly #giveUp: GiveUp;

  constructor(giveUp: GiveUp) {
    this.#giveUp = giveUp;
  }

  /** True when at least one group is open; the bus skips dispatch otherwise. */
  get active(): boolean {
    return this.#groups.size > 0;
  }

  join(pattern: string, handler: ConsumeHandler, options: ConsumeOptions): ConsumerMembership {
    const key = `${options.group}\u0000${pattern}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      // Groups outlive their members: events still in flight at a member's leave need a home.
      group = new Group(options.group, pattern, Math.max(1, options.maxDeliveries ?? 5), this.#giveUp);
      this.#groups.set(key, group);
    }
    return group.add(handler);
  }

  dispatch(event: CloudEvent): void {
    for (const group of this.#groups.values()) if (group.matches(event.type)) group.offer({ event, attempt: 0 });
  }

  /** Resolves once every in-flight handler has settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.#groups.values()].map((g) => g.drain()));
  }
}

class Group {
  readonly matches: (type: string) => boolean;
  readonly #members: Member[] = [];
  readonly #backlog: Pending[] = [];
  #next = 0;

  constructor(
    readonly name: string,
    readonly pattern: string,
    readonly maxDeliveries: number,
    readonly giveUp: GiveUp,
  ) {
    this.matches = compileEventPattern(pattern);
  }

  add(handler: ConsumeHandler): ConsumerMembership {
    const member = new Member(this, handler);
    this.#members.push(member);
    // Events that waited for a consumer (every member had left) go to the newcomer.
    for (const pending of this.#backlog.splice(0)) this.offer(pending);
    return member;
  }

  remove(member: Member): void {
    const index = this.#members.indexOf(member);
    if (index < 0) return;
    this.#members.splice(index, 1);
  }

  offer(pending: Pending): void {
    if (this.#members.length === 0) {
      this.#backlog.push(pending);
      return;
    }
    const member = this.#members[this.#next % this.#members.length] as Member;
    this.#next = (this.#next + 1) % this.#members.length;
    member.take(pending);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#members.map((m) => m.idle()));
  }
}

class Member implements ConsumerMembership {
  readonly #group: Group;
  readonly #handler: ConsumeHandler;
  #chain: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #left = false;

  constructor(group: Group, handler: ConsumeHandler) {
    this.#group = group;
    this.#handler = handler;
  }

  get group(): string {
    return this.#group.name;
  }

  get pattern(): string {
    return this.#group.pattern;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  take(pending: Pending): void {
    this.#inFlight += 1;
    // One event at a time per consumer, in delivery order; the group spreads the load.
    this.#chain = this.#chain.then(() => this.#handle(pending));
  }

  idle(): Promise<void> {
    return this.#chain;
  }

  leave(): void {
    if (this.#left) return;
    this.#left = true;
    this.#group.remove(this);
  }

  [Symbol.dispose](): void {
    this.leave();
  }

  async #handle(pending: Pending): Promise<void> {
    if (this.#left) {
      // Never handled here: not a failed delivery, so the attempt count stays.
      this.#inFlight -= 1;
      this.#group.offer(pending);
      return;
    }
    pending.attempt += 1;
    const context: ConsumeContext = { eventId: pending.event.id, redelivered: pending.attempt > 1, attempt: pending.attempt };
    try {
      await this.#handler(pending.event, context);
      this.#inFlight -= 1;
    } catch (error) {
      this.#inFlight -= 1;
      if (pending.attempt >= this.#group.maxDeliveries) this.#group.giveUp(this.#group.name, this.#group.pattern, pending.event, error);
      else this.#group.offer(pending);
    }
  }
}
