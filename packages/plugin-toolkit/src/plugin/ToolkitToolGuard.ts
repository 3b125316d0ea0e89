import { CortexError } from '@cortex-os/kernel';
import { createResiliencePolicy, type ResiliencePolicy } from '@cortex-os/kernel/resilience';
import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * The limits every toolkit tool runs under.
 * @public
 */
export interface ToolkitToolLimits {
  /** Time limit of one call, in ms. */
  readonly timeoutMs: number;
  /** Consecutive failures that open the breaker. */
  readonly breakerThreshold: number;
  /** Milliseconds before an open breaker lets a probe through. */
  readonly breakerHalfOpenAfterMs: number;
}

/** The caller's own mistakes and cancellations say nothing about the tool's health. */
function countsAsFailure(error: unknown): boolean {
  if (!CortexError.is(error)) return true;
  return error.kind !== 'invalid-input' && error.kind !== 'not-found' && error.kind !== 'cancelled';
}

const timedOut = Symbol('toolkit time limit');

/**
 * One tool's circuit breaker and time limit: the call's work gets a signal that aborts when the
 * caller cancels or the time limit passes (a child process is then stopped), and a time-out
 * becomes `TOOLKIT_TIMEOUT`. Invalid input and missing paths do not count against the breaker.
 * @public
 */
export class ToolkitToolGuard {
  readonly #tool: string;
  readonly #timeoutMs: number;
  readonly #policy: ResiliencePolicy;

  /** Creates the guard of the tool named `tool`. */
  constructor(tool: string, limits: ToolkitToolLimits) {
    this.#tool = tool;
    this.#timeoutMs = limits.timeoutMs;
    this.#policy = createResiliencePolicy({
      name: `tool:${tool}`,
      breaker: { threshold: limits.breakerThreshold, halfOpenAfterMs: limits.breakerHalfOpenAfterMs, isFailure: countsAsFailure },
    });
  }

  /** The breaker's state. */
  get state(): ResiliencePolicy['state'] {
    return this.#policy.state;
  }

  /**
   * Runs `work` under the breaker and the time limit.
   * @throws {@link ToolkitError} `TOOLKIT_TIMEOUT`; `RESILIENCE_CIRCUIT_OPEN` while the breaker is open; what `work` threw.
   */
  run<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.#policy.execute((policySignal) => this.#timed(policySignal, work), signal);
  }

  async #timed<T>(signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    const timer = setTimeout(() => controller.abort(timedOut), this.#timeoutMs);
    try {
      return await work(controller.signal);
    } catch (error) {
      if (controller.signal.reason !== timedOut) throw error;
      throw ToolkitError.create(
        'TOOLKIT_TIMEOUT',
        { tool: this.#tool, timeoutMs: this.#timeoutMs },
        { details: { tool: this.#tool, timeoutMs: this.#timeoutMs }, cause: error },
      );
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
