import { Redis } from 'ioredis';

/** How a connection of the transport is opened. */
export interface RedisClientOptions {
  readonly url: string;
  /** Connection name shown by CLIENT LIST, for operators. */
  readonly name: string;
  /** Longest pause between reconnection attempts. */
  readonly maxReconnectDelayMs: number;
  /**
   * Queue commands while disconnected. Off for the publishing connection: a publish must fail
   * with a typed error while Redis is down, not wait in a queue nobody bounds.
   */
  readonly offlineQueue: boolean;
  /** Called with every connection error the client emits (it reconnects by itself). */
  readonly onError: (error: Error) => void;
}

/**
 * Opens one ioredis connection. RESP2 is pinned (ioredis 6 defaults to RESP3) so XREAD,
 * XREADGROUP and XAUTOCLAIM replies keep the array shapes `streamEntry.ts` parses on every
 * Redis version; commands in flight when the connection drops fail at once instead of being
 * retried, so a publish is never acknowledged twice or late.
 */
export function openRedisClient(options: RedisClientOptions): Redis {
  const client = new Redis(options.url, {
    protocol: 2,
    connectionName: options.name,
    enableOfflineQueue: options.offlineQueue,
    maxRetriesPerRequest: 0,
    retryStrategy: (times: number) => Math.min(25 * 2 ** Math.min(times, 10), options.maxReconnectDelayMs),
  });
  // Without a listener ioredis prints every reconnection failure; the transport reports them instead.
  client.on('error', options.onError);
  return client;
}

/**
 * Resolves true once `client` is ready, false after `timeoutMs` or when it ends for good. A timer
 * that fires more than `timeoutMs` late means the process itself was busy (a burst of publishes
 * before the first connection): the socket's events are still queued behind the timer, so the
 * wait is given `timeoutMs` once more, now that the event loop is free, rather than failing a link
 * that may well be ready.
 */
export function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  if (client.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const onEnd = (): void => done(false);
    const arm = (extended: boolean): void => {
      const due = performance.now() + timeoutMs;
      timer = setTimeout(() => {
        if (!extended && performance.now() - due > timeoutMs) arm(true);
        else done(false);
      }, timeoutMs);
    };
    arm(false);
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}
