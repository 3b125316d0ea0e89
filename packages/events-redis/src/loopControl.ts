import type { Redis } from 'ioredis';
import { whenReady } from './redisClient.js';

/**
 * After a failed round trip: wait for the connection to come back (bounded by `waitMs`, so
 * `stop()` is noticed), and when it never went away (Redis answered with an error) pause
 * `waitMs` so a persistent error does not spin the loop.
 */
export async function pauseAfterFailure(client: Redis, waitMs: number, wasReady: boolean): Promise<void> {
  if (!wasReady) {
    await whenReady(client, waitMs);
    return;
  }
  await new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
}
