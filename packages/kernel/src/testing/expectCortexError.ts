import { AssertionError } from 'node:assert';
import { CortexError } from '@cortex-os/kernel';
import { settle } from './settle.js';

/**
 * Asserts that `subject` fails with a Cortex-OS error of `code`, and returns that error for
 * further checks on its message, `details` and `cause`.
 *
 * `subject` is a promise, or a function that throws or returns a promise. Errors are recognised
 * with `CortexError.is`, so an error from another installed copy of a package counts too.
 *
 * @throws `AssertionError` (from `node:assert`, which every test runner reports) naming the
 * expected code and what happened instead: another code, another error, or no failure at all.
 * @example
 * ```ts
 * const error = await expectCortexError(kernel.tools.call('notes.add', {}), 'TOOL_INPUT_INVALID');
 * assert.match(error.message, /text/);
 * await expectCortexError(() => defineTool({ name: 'bad name', description: 'x', input, handler }), 'TOOL_DEFINITION_INVALID');
 * ```
 * @public
 */
export async function expectCortexError<Code extends string>(
  subject: PromiseLike<unknown> | (() => unknown),
  code: Code,
): Promise<CortexError<Code>> {
  const outcome = await settle(subject);
  if (outcome.status === 'rejected' && CortexError.is(outcome.reason, code)) return outcome.reason;
  const actual = outcome.status === 'fulfilled' ? 'no error' : describeThrown(outcome.reason);
  const failure = new AssertionError({
    message: `Expected a CortexError with code "${code}", but got ${actual}.`,
    actual: outcome.status === 'rejected' && CortexError.is(outcome.reason) ? outcome.reason.code : actual,
    expected: code,
    operator: 'expectCortexError',
  });
  // Keeping what was thrown lets the runner print its stack next to the assertion.
  if (outcome.status === 'rejected') failure.cause = outcome.reason;
  throw failure;
}

function describeThrown(thrown: unknown): string {
  if (CortexError.is(thrown)) return `${thrown.name} "${thrown.code}": ${thrown.message}`;
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return `a thrown non-error value: ${String(thrown)}`;
}
