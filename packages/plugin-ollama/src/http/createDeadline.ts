import { KernelError } from '@cortex-os/kernel';
import { OllamaError } from '../errors/OllamaError.js';
// Keep in sync with plugin-openai `http/fetchWithDeadline.ts` (same logic; a shared home is pending).

/** What a request in flight needs: the combined signal, and a way to tell why it was aborted. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Restarts the idle timer; call on every chunk received. */
  touch(): void;
  /** Turns an abort into the caller's reason or a typed timeout error; passes other errors through. */
  translate(error: unknown): unknown;
  dispose(): void;
}

// Keep in sync with plugin-openai `http/fetchWithDeadline.ts` (same logic; a shared home is pending).
/**
 * Combines the caller's signal with a total deadline and an idle deadline, so a request
 * that hangs (or a stream that stalls) is aborted with a typed error, while the caller's own
 * abort rejects with the caller's reason.
 */
export function createDeadline(provider: string, callerSignal: AbortSignal | undefined, totalMs: number, idleMs: number): Deadline {
  const controller = new AbortController();
  let fired: 'total' | 'idle' | undefined;
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
        return new KernelError('PROVIDER_REQUEST_FAILED', message, {
          details: { provider, reason: 'timeout', timeoutMs: ms },
          cause: new OllamaError('OLLAMA_TIMEOUT', message, { details: { which: fired, timeoutMs: ms } }),
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
