import type { CloudEvent } from './CloudEvent.js';

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
}
