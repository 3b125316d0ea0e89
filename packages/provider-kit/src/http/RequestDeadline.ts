import { KernelError } from '@cortex-os/kernel';

/**
 * Which limit aborted a request: the whole-request deadline or the idle (silence) deadline.
 * @public
 */
export type RequestDeadlineKind = 'total' | 'idle';

/**
 * What a provider attaches as the `cause` of a timeout, e.g. its own `…_TIMEOUT` error.
 * @public
 */
export type RequestDeadlineTimeoutCause = (
  message: string,
  details: { readonly which: RequestDeadlineKind; readonly timeoutMs: number },
) => unknown;

/**
 * Options of {@link createRequestDeadline}.
 * @public
 */
export interface CreateRequestDeadlineOptions {
  /** Provider name used in the timeout message and `details.provider`. */
  readonly provider: string;
  /** The caller's signal; its abort rejects with its own reason, not a timeout. */
  readonly signal?: AbortSignal | undefined;
  /** Longest the whole request may take, in ms (reported as `timeoutMs`). */
  readonly timeoutMs: number;
  /** Longest the response may stay silent, in ms (reported as `streamIdleTimeoutMs`). */
  readonly idleTimeoutMs: number;
  /** Builds the `cause` of the timeout error; without it the error has no cause. */
  readonly timeoutCause?: RequestDeadlineTimeoutCause | undefined;
}

/**
 * A request in flight: the combined signal to hand to `fetch`, and a way to tell why it was aborted.
 * @public
 */
export interface RequestDeadline {
  /** Aborts on the caller's abort, the total deadline or the idle deadline. */
  readonly signal: AbortSignal;
  /** Restarts the idle timer; call on every chunk received. */
  touch(): void;
  /**
   * Turns an abort into the caller's reason or a `PROVIDER_REQUEST_FAILED` timeout error
   * (`details.reason: 'timeout'`); returns any other error unchanged.
   */
  translate(error: unknown): unknown;
  /** Clears the timers and stops listening to the caller's signal. */
  dispose(): void;
}

/**
 * Combines the caller's signal with a total deadline and an idle deadline, so a request
 * that hangs (or a stream that stalls) is aborted with a typed error, while the caller's own
 * abort rejects with the caller's reason.
 *
 * @remarks
 * The idle timer starts on the first {@link RequestDeadline.touch}; call it before `fetch`
 * so that a server which never sends headers is caught too.
 * @example
 * ```ts
 * const deadline = createRequestDeadline({ provider: 'ollama', timeoutMs: 300_000, idleTimeoutMs: 60_000 });
 * deadline.touch();
 * try {
 *   const response = await fetch(url, { signal: deadline.signal });
 * } catch (error) {
 *   throw deadline.translate(error);
 * } finally {
 *   deadline.dispose();
 * }
 * ```
 * @public
 */
export function createRequestDeadline(options: CreateRequestDeadlineOptions): RequestDeadline {
  const { provider, signal: callerSignal, timeoutMs: totalMs, idleTimeoutMs: idleMs, timeoutCause } = options;
  const controller = new AbortController();
  let fired: RequestDeadlineKind | undefined;
  const total = setTimeout(() => {
    fired = 'total';
    controller.abort();
  }, totalMs);
  let idle: NodeJS.Timeout | undefined;
  const touch = (): void => {
    if (idle !== undefined) clearTimeout(idle);
    idle = setTimeout(() => {
      fired = 'idle';
      controller.abort();
    }, idleMs);
  };
  const onCallerAbort = (): void => controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  if (callerSignal?.aborted === true) controller.abort();
  return {
    signal: controller.signal,
    touch,
    translate(error: unknown): unknown {
      if (callerSignal?.aborted === true) return callerSignal.reason;
      if (fired !== undefined) {
        const ms = fired === 'total' ? totalMs : idleMs;
        const message =
          fired === 'total'
            ? `Provider "${provider}" did not answer within ${ms} ms (timeoutMs).`
            : `Provider "${provider}" sent nothing for ${ms} ms while streaming (streamIdleTimeoutMs).`;
        const cause = timeoutCause?.(message, { which: fired, timeoutMs: ms });
        return new KernelError('PROVIDER_REQUEST_FAILED', message, {
          details: { provider, reason: 'timeout', timeoutMs: ms },
          ...(cause === undefined ? {} : { cause }),
        });
      }
      return error;
    },
    dispose(): void {
      clearTimeout(total);
      if (idle !== undefined) clearTimeout(idle);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
