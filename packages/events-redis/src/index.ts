/**
 * A Redis Streams transport for the Cortex-OS event bus: events shared between runtimes,
 * consumer groups with acknowledgement, redelivery of a dead consumer's events and a
 * dead-letter stream.
 * @packageDocumentation
 */
export { createRedisStreamsTransport, type RedisStreamsTransport } from './RedisStreamsTransport.js';
export type { RedisConsumeHandler, RedisConsumer } from './GroupConsumer.js';
export type {
  ConsumerGroupStart,
  RedisBusGroupOptions,
  RedisConsumeOptions,
  RedisDelivery,
  RedisStreamRetention,
  RedisStreamsTransportOptions,
} from './RedisStreamsTransportOptions.js';
export { EventsError } from './errors/EventsError.js';
export { eventsErrorCatalogue, type EventsErrorCode } from './errors/eventsErrorCatalogue.js';
export type { RedisEventPage, RedisReadOptions } from './readEvents.js';
export { redisEventsMetricsPlugin } from './plugin/redisEventsMetricsPlugin.js';
