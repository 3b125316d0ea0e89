import { AssertionError } from 'node:assert';
import { settle } from './settle.js';

/**
 * Awaits `subject` (a promise, or a function that throws or returns a promise), which must fail,
 * and returns what it failed with, for tests of failures that are not Cortex-OS errors (an abort
 * reason, a third-party error). Prefer {@link expectCortexError} when the failure has a code.
 *
 * @throws `AssertionError` (from `node:assert`) when `subject` does not fail.
 * @example
 * ```ts
 * const reason = new Error('user cancelled');
 * const controller = new AbortController();
 * const failure = rejectionOf(provider.generate(messages, { signal: controller.signal, onToken }));
 * controller.abort(reason);
 * assert.equal(await failure, reason);
 * ```
 * @public
 */
export async function rejectionOf(subject: PromiseLike<unknown> | (() => unknown)): Promise<unknown> {
  const outcome = await settle(subject);
  if (outcome.status === 'rejected') return outcome.reason;
  throw new AssertionError({
    message: 'Expected a failure, but it succeeded.',
    actual: outcome.value,
    operator: 'rejectionOf',
  });
}
