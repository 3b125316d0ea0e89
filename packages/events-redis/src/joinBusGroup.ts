import type { ConsumeHandler, ConsumerMembership, TransportGroupRequest } from '@cortex-os/kernel';
import type { RedisConsumeHandler, RedisConsumer } from './GroupConsumer.js';
import type { RedisConsumeOptions } from './RedisStreamsTransportOptions.js';

/** What a bus-level group needs of the transport: its streams and its own `consume`. */
export interface BusGroupHost {
  readonly streams: readonly string[];
  consume(options: RedisConsumeOptions, handler: RedisConsumeHandler): RedisConsumer;
}

/**
 * The Redis group behind `bus.consume(pattern, { group })`: one Redis consumer group per stream of
 * the transport, named `<group>|<pattern>` — two patterns under one group name are two groups on
 * the bus, and sharing a Redis group would let one acknowledge the other's events unhandled.
 * The handler hears the kernel's context: the event id, `redelivered` and the delivery count.
 */
export function joinBusGroup(
  host: BusGroupHost,
  request: TransportGroupRequest,
  handler: ConsumeHandler,
  defaults: Omit<RedisConsumeOptions, 'group' | 'stream' | 'select'>,
  report: (error: unknown) => void,
): ConsumerMembership {
  let inFlight = 0;
  const onEntry: RedisConsumeHandler = async (event, delivery) => {
    inFlight += 1;
    try {
      await handler(event, { eventId: event.id, redelivered: delivery.redelivered, attempt: delivery.deliveries });
    } finally {
      inFlight -= 1;
    }
  };
  const consumers = host.streams.map((stream) =>
    host.consume(
      {
        ...defaults,
        ...(request.maxDeliveries === undefined ? {} : { maxDeliveries: Math.max(1, request.maxDeliveries) }),
        group: `${request.group}|${request.pattern}`,
        stream,
        select: request.matches,
      },
      onEntry,
    ),
  );
  let left = false;
  return {
    group: request.group,
    pattern: request.pattern,
    get inFlight() {
      return inFlight;
    },
    leave() {
      if (left) return;
      left = true;
      // Leaving is synchronous on the bus; each consumer finishes the event in hand in the background.
      for (const consumer of consumers) consumer.stop().catch(report);
    },
    [Symbol.dispose]() {
      this.leave();
    },
  };
}
