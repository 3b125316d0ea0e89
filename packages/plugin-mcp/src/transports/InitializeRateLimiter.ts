/** Buckets kept before the full ones are dropped (a full bucket is the same as none). */
const PRUNE_ABOVE = 10_000;

/**
 * The `initialize` rate limit of one client address (internal): a token bucket of `burst`
 * tokens refilled at `perSecond`. A client over it waits `retryAfterMs`.
 */
export class InitializeRateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(perSecond: number, burst: number, now: () => number) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#now = now;
  }

  /** Takes a token for `client`: 0 when it may initialize now, else the milliseconds until it may. */
  take(client: string): number {
    const now = this.#now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.#burst, at: now };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(client, bucket);
      return Math.ceil(((1 - bucket.tokens) / this.#perSecond) * 1000);
    }
    bucket.tokens -= 1;
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > PRUNE_ABOVE) this.#prune(now);
    return 0;
  }

  #prune(now: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond >= this.#burst) this.#buckets.delete(client);
    }
  }
}
