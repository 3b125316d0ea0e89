import type { EventsError } from './errors/EventsError.js';

/**
 * Options of {@link createRedisStreamsTransport}.
 * @public
 */
export interface RedisStreamsTransportOptions {
  /** The Redis server, `redis://host:port` or `rediss://…` (credentials in the URL are never logged). */
  readonly url: string;
  /**
   * The stream every runtime of the deployment shares.
   * @defaultValue `'cortex:events'`
   */
  readonly stream?: string;
  /**
   * Per-type streams: the stream key an event type is written to (say `cortex:orders` for
   * `order.*`), so types can have their own order, trimming and consumer groups. Every key it
   * returns must be `stream` or listed in `streams`.
   * @defaultValue every type to `stream`
   */
  readonly streamFor?: (type: string) => string;
  /**
   * The streams besides `stream` that `streamFor` writes to; the broadcast reader reads them all
   * and `consume({ stream })` may join a group on any of them.
   * @defaultValue none
   */
  readonly streams?: readonly string[];
  /**
   * Which event types are sent to the stream; others stay in-process.
   * @defaultValue every type
   */
  readonly select?: (type: string) => boolean;
  /**
   * Entries the stream keeps: each XADD trims to about this many (`MAXLEN ~`), so Redis memory stays bounded.
   * @defaultValue `100000`
   */
  readonly maxLength?: number;
  /**
   * Time-based retention: each XADD also trims entries older than `maxAgeMs` (`MINID ~`, by the
   * entry id's millisecond time), in the same transaction as the write, so the stream keeps about
   * that much history; `maxLength` still bounds it.
   * @defaultValue no age limit
   */
  readonly retention?: RedisStreamRetention;
  /**
   * The clock retention computes its cut-off with, in milliseconds since the epoch (tests inject one).
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /**
   * How long a publish waits for a connection that is (re)connecting before failing with `EVENTS_REDIS_UNAVAILABLE`.
   * @defaultValue `1000`
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long one blocking read waits for new entries; also bounds how quickly readers notice `close()`.
   * @defaultValue `1000`
   */
  readonly blockMs?: number;
  /**
   * Entries read per round trip.
   * @defaultValue `128`
   */
  readonly batchSize?: number;
  /**
   * Longest pause between reconnection attempts.
   * @defaultValue `1000`
   */
  readonly maxReconnectDelayMs?: number;
  /**
   * Receive other runtimes' events for the bus's subscribers (broadcast). Off for a process that only publishes or only consumes in groups.
   * @defaultValue `true`
   */
  readonly broadcast?: boolean;
  /**
   * Settings of the consumer groups the kernel's `bus.consume(pattern, { group })` joins through
   * this transport (one Redis group per stream, named `<group>|<pattern>`); the call's own
   * `maxDeliveries` wins.
   * @defaultValue the defaults of {@link RedisConsumeOptions}
   */
  readonly groups?: RedisBusGroupOptions;
  /** Errors of the background readers (connection lost, malformed entries, failed or dead-lettered events); they never throw. */
  readonly onError?: (error: EventsError) => void;
}

/**
 * Settings of the groups `bus.consume` joins, see {@link RedisStreamsTransportOptions.groups}.
 * @public
 */
export type RedisBusGroupOptions = Pick<RedisConsumeOptions, 'visibilityTimeoutMs' | 'maxDeliveries' | 'dedupWindow' | 'start'>;

/**
 * How long the stream keeps entries, see {@link RedisStreamsTransportOptions.retention}.
 * @public
 */
export interface RedisStreamRetention {
  /** Entries older than this many milliseconds (by id time) are trimmed on the next publish. */
  readonly maxAgeMs: number;
}

/**
 * Where a consumer group starts when this call creates it.
 * @public
 */
export type ConsumerGroupStart = 'new' | 'all';

/**
 * Options of {@link RedisStreamsTransport.consume}.
 * @public
 */
export interface RedisConsumeOptions {
  /** The consumer group: each entry goes to one consumer of it. */
  readonly group: string;
  /**
   * The stream the group reads: the transport's `stream` or one of its `streams`.
   * @defaultValue the transport's `stream`
   */
  readonly stream?: string;
  /**
   * This consumer's name within the group; a restarted process should reuse it to pick up its own pending entries at once.
   * @defaultValue a random name
   */
  readonly consumer?: string;
  /**
   * Which event types this group handles; others are acknowledged without calling the handler.
   * @defaultValue every type
   */
  readonly select?: (type: string) => boolean;
  /**
   * How long an entry may stay unacknowledged (its consumer died or its handler failed) before another consumer claims it (XAUTOCLAIM).
   * @defaultValue `30000`
   */
  readonly visibilityTimeoutMs?: number;
  /**
   * Deliveries of one entry before it is moved to the dead-letter stream.
   * @defaultValue `5`
   */
  readonly maxDeliveries?: number;
  /**
   * The dead-letter stream.
   * @defaultValue the stream's name followed by `:dead-letter`
   */
  readonly deadLetterStream?: string;
  /**
   * How many recently handled events (by CloudEvents `source` + `id`) this consumer remembers: a
   * copy of one — its XACK was lost with the connection, or a publisher re-sent the same event —
   * is acknowledged without calling the handler again.
   * @defaultValue `10000`
   */
  readonly dedupWindow?: number;
  /**
   * When the group does not exist yet: start at new entries (`'new'`) or at the stream's oldest (`'all'`).
   * @defaultValue `'new'`
   */
  readonly start?: ConsumerGroupStart;
}

/**
 * What a group handler learns about a delivery besides the event.
 * @public
 */
export interface RedisDelivery {
  /** The stream entry id (`1712345678901-0`), unique within the stream and increasing. */
  readonly entryId: string;
  /** True when the entry was delivered before (to this or another consumer) and not acknowledged. */
  readonly redelivered: boolean;
  /** How many times the entry has been delivered, this time included. */
  readonly deliveries: number;
}
