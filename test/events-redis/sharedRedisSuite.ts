import { createRedisStreamsTransport, type RedisStreamsTransport, type RedisStreamsTransportOptions } from '@cortex-os/events-redis';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { redisTestUrl } from './redisForTests.js';

/** What a test file on the shared redis-server works with. */
export interface SharedRedisSuite {
  /** The shared server's URL (undefined when the file is skipped). */
  readonly url: string | undefined;
  /** Why the file is skipped, or undefined when it runs. */
  readonly reason: string | undefined;
  /** A plain client for looking at the streams directly. */
  readonly admin: Redis | undefined;
  /** Closes `closable` after the file. */
  track(closable: { close(): Promise<void> }): void;
  /** A transport on `stream` with the file's defaults and `extra`, closed after the file. */
  transport(stream: string, extra?: Partial<RedisStreamsTransportOptions>): RedisStreamsTransport;
}

/**
 * The set-up every shared-server test file repeats: the URL (or the skip reason), an admin
 * client, and transports closed after the file (each test uses its own stream).
 */
export function sharedRedisSuite(defaults: Partial<RedisStreamsTransportOptions> = {}): SharedRedisSuite {
  const { url, reason } = redisTestUrl();
  const opened: { close(): Promise<void> }[] = [];
  const admin = reason === undefined ? new Redis(url as string, { protocol: 2 }) : undefined;
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
    admin?.disconnect();
  });
  return {
    url,
    reason,
    admin,
    track: (closable) => opened.push(closable),
    transport: (stream, extra = {}) => {
      const created = createRedisStreamsTransport({ url: url as string, stream, ...defaults, ...extra });
      opened.push(created);
      return created;
    },
  };
}
