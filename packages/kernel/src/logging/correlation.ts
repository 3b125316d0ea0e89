import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/**
 * Runs `fn` with a correlation id that every log line, event and tool call inside it carries,
 * across awaits and callbacks.
 * @example
 * ```ts
 * await runWithCorrelationId(request.headers['x-request-id'], () => kernel.tools.call('echo', {}));
 * ```
 * @public
 */
export function runWithCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run(correlationId ?? randomUUID(), fn);
}

/**
 * The correlation id of the current async context, if any.
 * @public
 */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
