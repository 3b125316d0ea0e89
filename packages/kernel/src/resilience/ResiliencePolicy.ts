import {
  type CircuitBreakerPolicy,
  type IPolicy,
  CircuitState,
  ConsecutiveBreaker,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  retry,
  timeout,
} from 'cockatiel';
import { toError } from '@cortex-os/kernel';
import { KernelError, createDisposer, type Disposer } from '@cortex-os/kernel';
import { getRetryAfterMs, isBreakerFailure, isRetryableError } from './classifyFailure.js';
import { createJitteredBackoff } from './jitteredBackoff.js';
import { raceAbort } from '../util/raceAbort.js';

/**
 * State of a circuit breaker: `closed` lets calls through, `open` refuses them,
 * `half_open` lets one probe through, `isolated` is held open by hand.
 * @public
 */
export type CircuitBreakerState = 'closed' | 'open' | 'half_open' | 'isolated';

/**
 * Circuit breaker settings of {@link createResiliencePolicy}.
 * @public
 */
export interface ResilienceBreakerOptions {
  /** Consecutive handled failures that open the circuit. Default 5. */
  readonly threshold?: number;
  /** Milliseconds after opening before the next call is let through as a half-open probe. Default 30 000. */
  readonly halfOpenAfterMs?: number;
  /** Which errors count as failures. Default {@link isBreakerFailure}: all but caller cancellations and rejected requests. */
  readonly isFailure?: (error: unknown) => boolean;
}

/**
 * Retry settings of {@link createResiliencePolicy}: exponential backoff with jitter, transient errors only.
 * @public
 */
export interface ResilienceRetryOptions {
  /** Retries after the first call. Default 2. */
  readonly maxAttempts?: number;
  /** Delay ceiling before the first retry, doubled for each further one. Default 100 ms. */
  readonly initialDelayMs?: number;
  /**
   * Longest delay between attempts. Default 10 000 ms. A `Retry-After` longer than this is
   * not waited for: the error is surfaced so a caller (such as the router) can go elsewhere.
   */
  readonly maxDelayMs?: number;
  /** Which errors are retried. Default {@link isRetryableError}: connection refused/reset, 408, 429, 5xx. */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Source of jitter in [0, 1); inject a seeded one in tests. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Concurrency limit of {@link createResiliencePolicy}: `limit` calls run, up to `queue` wait, the rest are refused.
 * @public
 */
export interface ResilienceConcurrencyOptions {
  /** Calls allowed to run at once. */
  readonly limit: number;
  /** Calls allowed to wait for a slot. Default 0. */
  readonly queue?: number;
}

/**
 * What a policy remembers across restarts, from {@link ResiliencePolicy.toJSON}.
 * @public
 */
export interface ResiliencePolicySnapshot {
  /** Name of the policy that produced it. */
  readonly name: string;
  /** Breaker state when the snapshot was taken. */
  readonly state: CircuitBreakerState;
  /** Opaque circuit breaker state; pass the whole snapshot back as `initialState`. */
  readonly breaker?: unknown;
}

/**
 * Options of {@link createResiliencePolicy}. Each part is off unless given.
 * @public
 */
export interface CreateResiliencePolicyOptions {
  /** The protected thing (a provider, a tool, a server); errors and events name it. */
  readonly name: string;
  /** `true` for the defaults (5 consecutive failures, half-open after 30 s). */
  readonly breaker?: ResilienceBreakerOptions | boolean;
  /** Time limit per attempt; the function's signal is aborted when it passes. */
  readonly timeoutMs?: number;
  /** `true` for the defaults (2 retries, 100 ms initial delay, 10 s maximum). */
  readonly retry?: ResilienceRetryOptions | boolean;
  /** A number is the limit with no queue. */
  readonly concurrency?: ResilienceConcurrencyOptions | number;
  /** A snapshot from {@link ResiliencePolicy.toJSON}, to restore the breaker's state. */
  readonly initialState?: ResiliencePolicySnapshot;
}

/**
 * A circuit breaker state transition.
 * @public
 */
export interface ResilienceStateChange {
  /** Name of the policy whose breaker changed. */
  readonly name: string;
  /** State before the transition. */
  readonly from: CircuitBreakerState;
  /** State after the transition. */
  readonly to: CircuitBreakerState;
  /** `Date.now()` at the transition. */
  readonly at: number;
  /** The failure that opened the circuit, when `to` is `open`. */
  readonly error?: Error;
}

/**
 * Circuit breaker, retry, timeout and concurrency limit around calls to one protected thing.
 * @public
 */
export interface ResiliencePolicy {
  /** The protected thing's name, as given to the factory. */
  readonly name: string;
  /**
   * Current breaker state (`closed` when there is no breaker). Half-open is entered lazily:
   * the state stays `open` until the first call after the delay.
   */
  readonly state: CircuitBreakerState;
  /**
   * Runs `fn` under the policy. `fn` receives a signal aborted on timeout or when `signal` aborts.
   *
   * @throws {@link KernelError} `RESILIENCE_CIRCUIT_OPEN` while the breaker is open,
   * `RESILIENCE_TIMEOUT` when an attempt runs out of time, `RESILIENCE_CONCURRENCY_LIMIT` when
   * the limit and queue are full; the caller's abort reason when `signal` aborts; otherwise
   * what `fn` threw on its last attempt.
   */
  execute<T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
  /** Calls `listener` on every breaker transition. */
  onStateChange(listener: (change: ResilienceStateChange) => void): Disposer;
  /** Breaker state to persist and pass back as `initialState`. */
  toJSON(): ResiliencePolicySnapshot;
}

const neverAborted: AbortSignal = new AbortController().signal;

const circuitStates: Record<CircuitState, CircuitBreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

type Runner = <T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal: AbortSignal) => Promise<T>;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function invalidOption(name: string, option: string, reason: string): KernelError {
  return new KernelError('RESILIENCE_OPTIONS_INVALID', `${option} of "${name}" ${reason}.`, { details: { name, option } });
}

function integerAtLeast(value: number, name: string, option: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw invalidOption(name, option, `must be an integer >= ${min}, got ${value}`);
  return value;
}

function nonNegative(value: number, name: string, option: string): number {
  if (!Number.isFinite(value) || value < 0) throw invalidOption(name, option, `must be a finite number >= 0, got ${value}`);
  return value;
}

/** Wraps `inner` in a cockatiel policy, passing each attempt's signal down. */
function layer(policy: IPolicy, inner: Runner): Runner {
  return (fn, signal) => policy.execute(({ signal: s }) => inner(fn, s), signal);
}

function withTimeout(name: string, timeoutMs: number | undefined, inner: Runner): Runner {
  if (timeoutMs === undefined) return inner;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalidOption(name, 'timeoutMs', `must be a positive number, got ${timeoutMs}`);
  // Aggressive: the caller gets control back at the deadline even if `fn` ignores its signal.
  const policy = timeout(timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  return async (fn, signal) => {
    let attemptSignal: AbortSignal | undefined;
    try {
      return await policy.execute(({ signal: s }) => {
        attemptSignal = s;
        return inner(fn, s);
      }, signal);
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      // abortOnReturn is off, so an aborted attempt signal means the deadline passed.
      if (isTaskCancelledError(error) || attemptSignal?.aborted === true) {
        throw new KernelError('RESILIENCE_TIMEOUT', `"${name}" did not finish within ${timeoutMs} ms and was cancelled.`, {
          details: { name, timeoutMs },
          cause: error,
        });
      }
      throw error;
    }
  };
}

interface BreakerSettings {
  readonly policy: CircuitBreakerPolicy;
  readonly threshold: number;
  readonly halfOpenAfterMs: number;
}

function breakerOf(options: CreateResiliencePolicyOptions): BreakerSettings | undefined {
  if (options.breaker === undefined || options.breaker === false) return undefined;
  const { name } = options;
  const breakerOptions: ResilienceBreakerOptions = options.breaker === true ? {} : options.breaker;
  const threshold = integerAtLeast(breakerOptions.threshold ?? 5, name, 'breaker.threshold', 1);
  const halfOpenAfterMs = nonNegative(breakerOptions.halfOpenAfterMs ?? 30_000, name, 'breaker.halfOpenAfterMs');
  const policy = circuitBreaker(handleWhen(breakerOptions.isFailure ?? isBreakerFailure), {
    breaker: new ConsecutiveBreaker(threshold),
    halfOpenAfter: halfOpenAfterMs,
    initialState: options.initialState?.breaker,
  });
  return { policy, threshold, halfOpenAfterMs };
}

function withRetry(name: string, retryOption: ResilienceRetryOptions | boolean | undefined, inner: Runner): Runner {
  if (retryOption === undefined || retryOption === false) return inner;
  const retryOptions: ResilienceRetryOptions = retryOption === true ? {} : retryOption;
  const maxAttempts = integerAtLeast(retryOptions.maxAttempts ?? 2, name, 'retry.maxAttempts', 0);
  const initialDelayMs = nonNegative(retryOptions.initialDelayMs ?? 100, name, 'retry.initialDelayMs');
  const maxDelayMs = nonNegative(retryOptions.maxDelayMs ?? 10_000, name, 'retry.maxDelayMs');
  const isRetryable = retryOptions.isRetryable ?? isRetryableError;
  const policy = retry(
    handleWhen((error) => isRetryable(error) && (getRetryAfterMs(error) ?? 0) <= maxDelayMs),
    { maxAttempts, backoff: createJitteredBackoff({ initialDelayMs, maxDelayMs, random: retryOptions.random ?? Math.random }) },
  );
  return layer(policy, inner);
}

interface ConcurrencySettings {
  readonly limit: number;
  readonly queue: number;
}

function concurrencyOf(name: string, option: ResilienceConcurrencyOptions | number | undefined): ConcurrencySettings | undefined {
  if (option === undefined) return undefined;
  const concurrency = typeof option === 'number' ? { limit: option } : option;
  const limit = integerAtLeast(concurrency.limit, name, 'concurrency.limit', 1);
  const queue = integerAtLeast(concurrency.queue ?? 0, name, 'concurrency.queue', 0);
  return { limit, queue };
}

function openedAtOf(policy: CircuitBreakerPolicy): number | undefined {
  const openedAt = (policy.toJSON() as { ownState?: { openedAt?: unknown } }).ownState?.openedAt;
  return typeof openedAt === 'number' ? openedAt : undefined;
}

/**
 * Creates a resilience policy for one protected thing, built on cockatiel: concurrency limit
 * (outermost), then retry, then circuit breaker, then timeout per attempt.
 *
 * @remarks
 * Every attempt counts against the breaker, so a retried call can open it. Timeouts are
 * aggressive and cooperative at once: the call is rejected when time runs out and its
 * signal is aborted so the work can stop. Errors from cockatiel are translated into kernel
 * codes that name the protected thing.
 *
 * @throws {@link KernelError} `RESILIENCE_OPTIONS_INVALID` without a name or when an option is out of range.
 * @example
 * ```ts
 * const policy = createResiliencePolicy({ name: 'ollama', breaker: true, timeoutMs: 5_000, retry: true });
 * const text = await policy.execute((signal) => fetch(url, { signal }).then((r) => r.text()));
 * ```
 * @public
 */
export function createResiliencePolicy(options: CreateResiliencePolicyOptions): ResiliencePolicy {
  return new CockatielResiliencePolicy(options);
}

class CockatielResiliencePolicy implements ResiliencePolicy {
  readonly name: string;
  readonly #run: Runner;
  readonly #breaker: BreakerSettings | undefined;
  readonly #concurrency: ConcurrencySettings | undefined;
  readonly #listeners = new Set<(change: ResilienceStateChange) => void>();
  #lastState: CircuitBreakerState;

  constructor(options: CreateResiliencePolicyOptions) {
    const { name } = options;
    if (typeof name !== 'string' || name.length === 0)
      throw new KernelError('RESILIENCE_OPTIONS_INVALID', 'createResiliencePolicy needs a non-empty `name` naming the protected thing.', {
        details: { option: 'name' },
      });
    this.name = name;
    // Layers from the inside out; options are checked in this order too.
    let run: Runner = withTimeout(name, options.timeoutMs, async (fn, signal) => fn(signal));
    this.#breaker = breakerOf(options);
    if (this.#breaker !== undefined) run = layer(this.#breaker.policy, run);
    run = withRetry(name, options.retry, run);
    this.#concurrency = concurrencyOf(name, options.concurrency);
    if (this.#concurrency !== undefined) run = layer(bulkhead(this.#concurrency.limit, this.#concurrency.queue), run);
    this.#run = run;
    this.#lastState = this.state;
    this.#breaker?.policy.onStateChange((next) => this.#breakerChanged(circuitStates[next]));
  }

  get state(): CircuitBreakerState {
    return this.#breaker === undefined ? 'closed' : circuitStates[this.#breaker.policy.state];
  }

  async execute<T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted === true) throw abortReason(signal);
    // Fast refusal while open: the same test cockatiel makes (constant half-open delay), without
    // building its error and walking the retry and queue layers, so failover stays cheap.
    const breaker = this.#breaker;
    if (breaker !== undefined && breaker.policy.state === CircuitState.Open) {
      const openedAt = openedAtOf(breaker.policy);
      if (openedAt !== undefined && Date.now() - openedAt < breaker.halfOpenAfterMs) throw this.#circuitOpenError(undefined);
    }
    try {
      const pending = this.#run(fn, signal ?? neverAborted);
      // Cockatiel's retry sleeps without watching the signal; racing keeps cancellation prompt.
      return await (signal === undefined ? pending : raceAbort(pending, signal, abortReason));
    } catch (error) {
      throw this.#translate(error, signal);
    }
  }

  onStateChange(listener: (change: ResilienceStateChange) => void): Disposer {
    this.#listeners.add(listener);
    return createDisposer(() => this.#listeners.delete(listener));
  }

  toJSON(): ResiliencePolicySnapshot {
    if (this.#breaker === undefined) return { name: this.name, state: 'closed' };
    return { name: this.name, state: circuitStates[this.#breaker.policy.state], breaker: this.#breaker.policy.toJSON() };
  }

  #breakerChanged(to: CircuitBreakerState): void {
    const from = this.#lastState;
    this.#lastState = to;
    if (this.#listeners.size === 0) return;
    const { name } = this;
    const failure = this.#breaker?.policy.lastFailure;
    const change: ResilienceStateChange =
      to === 'open' && failure !== undefined && 'error' in failure
        ? { name, from, to, at: Date.now(), error: toError(failure.error) }
        : { name, from, to, at: Date.now() };
    // A throwing listener must not break the breaker that emitted to it.
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        /* listeners own their errors */
      }
    }
  }

  #circuitOpenError(error: unknown): KernelError {
    const { name } = this;
    const policy = this.#breaker?.policy;
    const halfOpenAfterMs = this.#breaker?.halfOpenAfterMs ?? 0;
    const openedAt = policy === undefined ? undefined : openedAtOf(policy);
    const halfOpenAt = typeof openedAt === 'number' && openedAt > 0 ? openedAt + halfOpenAfterMs : undefined;
    const failure = policy?.lastFailure;
    const last = failure !== undefined && 'error' in failure ? toError(failure.error) : undefined;
    const isolated = policy?.state === CircuitState.Isolated;
    const when = halfOpenAt === undefined ? `after ${halfOpenAfterMs} ms` : `at ${new Date(halfOpenAt).toISOString()}`;
    const message = isolated
      ? `Circuit breaker of "${name}" is held open by hand; calls are refused.`
      : `Circuit breaker of "${name}" is open after ${this.#breaker?.threshold ?? 0} consecutive failures; calls are refused until a probe is let through ${when}.` +
        (last ? ` Last failure: ${last.message}` : '');
    // Callers (and HTTP's Retry-After) learn when a probe will be let through; never while held open by hand.
    const retryAfterMs = isolated ? undefined : halfOpenAt === undefined ? halfOpenAfterMs : Math.max(0, halfOpenAt - Date.now());
    return new KernelError('RESILIENCE_CIRCUIT_OPEN', message, {
      details: { name, state: isolated ? 'isolated' : 'open', halfOpenAt, lastFailure: last?.message },
      cause: last ?? error,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  #translate(error: unknown, signal: AbortSignal | undefined): unknown {
    if (isBrokenCircuitError(error)) return this.#circuitOpenError(error);
    if (isBulkheadRejectedError(error)) {
      const { limit, queue } = this.#concurrency ?? { limit: 0, queue: 0 };
      return new KernelError(
        'RESILIENCE_CONCURRENCY_LIMIT',
        `"${this.name}" is at its concurrency limit (${limit} running, ${queue} queued); the call was refused.`,
        {
          details: { name: this.name, limit, queue },
          cause: error,
        },
      );
    }
    if (isTaskCancelledError(error) && signal?.aborted === true) return abortReason(signal);
    return error;
  }
}
