import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { getRetryAfterMs } from './classifyFailure.js';

/** Settings of {@link createJitteredBackoff}; internal to the resilience module. */
export interface JitteredBackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
}

type Context = IRetryBackoffContext<unknown>;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), which keeps a floor
 * under the delay while spreading retries of many callers apart. A `Retry-After` the
 * failed call asked for is honoured as a minimum.
 */
export function createJitteredBackoff(options: JitteredBackoffOptions): IBackoffFactory<Context> {
  const step = (context: Context): IBackoff<Context> => {
    const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, context.attempt - 1));
    const jittered = ceiling / 2 + (options.random() * ceiling) / 2;
    const retryAfter = 'error' in context.result ? getRetryAfterMs(context.result.error) : undefined;
    return { duration: Math.max(jittered, retryAfter ?? 0), next: step };
  };
  return { next: step };
}
