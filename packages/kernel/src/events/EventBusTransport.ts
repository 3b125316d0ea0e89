import type { CloudEvent } from './CloudEvent.js';
import type { ConsumeHandler, ConsumerMembership } from './ConsumerGroups.js';

/**
 * A consumer group the bus asks a transport to join for `bus.consume` (see
 * {@link EventBusTransport.joinGroup}).
 * @public
 */
export interface TransportGroupRequest {
  /** The group's name as the caller gave it. */
  readonly group: string;
  /** The pattern the group consumes (`orders.*`). */
  readonly pattern: string;
  /** The bus's own reading of `pattern`: true for the event types the group handles. */
  readonly matches: (type: string) => boolean;
  /** Deliveries of one event before the group gives up on it, when the caller set it. */
  readonly maxDeliveries?: number;
}

/**
 * Carries a bus's events to and from other processes (a Redis stream, a broker). A bus without
 * a transport is purely in-process, exactly as before the seam existed.
 * @public
 */
export interface EventBusTransport {
  /**
   * Called once when the bus is created. `deliver` hands an event that another process
   * published to this bus's local subscribers and consumer groups; the transport must not
   * hand back events this bus sent itself (the bus has already delivered those locally).
   */
  connect(deliver: (event: CloudEvent) => void): void;
  /**
   * Stores `event` for other processes. Resolves only once the transport has stored it
   * durably (its acknowledgement); rejects with the transport's typed error otherwise.
   */
  send(event: CloudEvent): Promise<void>;
  /** Stops receiving and releases connections; called by the bus's `complete()`. Idempotent. */
  close(): Promise<void>;
  /**
   * True when the transport sends events of `type` to other processes. Read only with
   * {@link EventBusTransport.joinGroup}; absent, every type counts as carried.
   */
  carries?(type: string): boolean;
  /**
   * Joins a consumer group that spans processes, for `bus.consume`: each carried event whose type
   * the request `matches` goes to one consumer of the group across every process on the
   * transport, acknowledged when the handler's promise resolves. With it, the bus hands carried
   * types to its groups only through the transport, and keeps its in-process groups for the
   * types the transport does not carry; without it, groups are in-process only.
   */
  joinGroup?(request: TransportGroupRequest, handler: ConsumeHandler): ConsumerMembership;
}
