import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { CortexError, KernelError } from '@cortex-os/kernel';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';

const notFound = (): KernelError => new KernelError('TOOL_UNKNOWN', 'Unknown tool "x".', { details: { tool: 'x' } });

/** Runs an assertion that must fail and returns its AssertionError. */
async function assertionFailure(assertion: Promise<unknown>): Promise<AssertionError> {
  const failure = await rejectionOf(assertion);
  expect(failure).toBeInstanceOf(AssertionError);
  return failure as AssertionError;
}

describe('expectCortexError', () => {
  it('returns the error when a promise rejects with a CortexError of that code', async () => {
    const thrown = notFound();
    const error = await expectCortexError(Promise.reject(thrown), 'TOOL_UNKNOWN');
    expect(error).toBe(thrown);
    expect(error.details).toEqual({ tool: 'x' });
  });

  it('accepts a function that throws, or that returns a rejecting promise', async () => {
    const thrown = notFound();
    expect(
      await expectCortexError(() => {
        throw thrown;
      }, 'TOOL_UNKNOWN'),
    ).toBe(thrown);
    expect(await expectCortexError(async () => Promise.reject(thrown), 'TOOL_UNKNOWN')).toBe(thrown);
  });

  it('recognises a Cortex-OS error by its brand, as from another installed copy of the kernel', async () => {
    class OtherCopyError extends CortexError<'MEMORY_NOT_FOUND'> {}
    const error = await expectCortexError(Promise.reject(new OtherCopyError('MEMORY_NOT_FOUND', 'gone')), 'MEMORY_NOT_FOUND');
    expect(error.message).toBe('gone');
  });

  it('fails naming both codes when the code differs, keeping the error as cause', async () => {
    const thrown = notFound();
    const failure = await assertionFailure(expectCortexError(Promise.reject(thrown), 'TOOL_DUPLICATE'));
    expect(failure.message).toBe(
      'Expected a CortexError with code "TOOL_DUPLICATE", but got KernelError "TOOL_UNKNOWN": Unknown tool "x"..',
    );
    expect(failure.expected).toBe('TOOL_DUPLICATE');
    expect(failure.actual).toBe('TOOL_UNKNOWN');
    expect(failure.cause).toBe(thrown);
  });

  it('fails when the error is not a Cortex-OS error', async () => {
    const failure = await assertionFailure(expectCortexError(Promise.reject(new TypeError('nope')), 'TOOL_UNKNOWN'));
    expect(failure.message).toBe('Expected a CortexError with code "TOOL_UNKNOWN", but got TypeError: nope.');
    const odd = await assertionFailure(expectCortexError(Promise.reject('a string'), 'TOOL_UNKNOWN'));
    expect(odd.message).toBe('Expected a CortexError with code "TOOL_UNKNOWN", but got a thrown non-error value: a string.');
  });

  it('fails when nothing fails', async () => {
    const resolved = await assertionFailure(expectCortexError(Promise.resolve(1), 'TOOL_UNKNOWN'));
    expect(resolved.message).toBe('Expected a CortexError with code "TOOL_UNKNOWN", but got no error.');
    const returned = await assertionFailure(expectCortexError(() => 'fine', 'TOOL_UNKNOWN'));
    expect(returned.message).toBe('Expected a CortexError with code "TOOL_UNKNOWN", but got no error.');
  });
});
