import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CortexError, type KernelError } from '@cortex-os/kernel';
import { createRequestDeadline } from '@cortex-os/provider-kit';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRequestDeadline', () => {
  it('aborts after the total deadline and translates the abort into a timeout error with the provider cause', () => {
    const deadline = createRequestDeadline({
      provider: 'ollama',
      timeoutMs: 1_000,
      idleTimeoutMs: 10_000,
      timeoutCause: (message, details) => Object.assign(new Error(message), { details }),
    });
    deadline.touch();
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    const error = deadline.translate(new Error('aborted'));
    expect(CortexError.is(error, 'PROVIDER_REQUEST_FAILED')).toBe(true);
    expect((error as KernelError).message).toBe('Provider "ollama" did not answer within 1000 ms (timeoutMs).');
    expect((error as KernelError).details).toEqual({ provider: 'ollama', reason: 'timeout', timeoutMs: 1_000 });
    expect((error as KernelError).cause).toMatchObject({
      message: 'Provider "ollama" did not answer within 1000 ms (timeoutMs).',
      details: { which: 'total', timeoutMs: 1_000 },
    });
    deadline.dispose();
  });

  it('aborts after the idle deadline unless touched, and says it was idle', () => {
    const deadline = createRequestDeadline({ provider: 'p', timeoutMs: 60_000, idleTimeoutMs: 100 });
    deadline.touch();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(99);
      deadline.touch();
    }
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(100);
    expect(deadline.signal.aborted).toBe(true);
    const error = deadline.translate(new Error('aborted')) as KernelError;
    expect(error.message).toBe('Provider "p" sent nothing for 100 ms while streaming (streamIdleTimeoutMs).');
    expect(error.details).toEqual({ provider: 'p', reason: 'timeout', timeoutMs: 100 });
    expect(error.cause).toBeUndefined();
    deadline.dispose();
  });

  it("rejects with the caller's reason when the caller aborts, before or during the request", () => {
    const before = new AbortController();
    before.abort(new Error('user left'));
    const early = createRequestDeadline({ provider: 'p', signal: before.signal, timeoutMs: 1_000, idleTimeoutMs: 1_000 });
    expect(early.signal.aborted).toBe(true);
    expect(early.translate(new Error('aborted'))).toBe(before.signal.reason);
    early.dispose();

    const during = new AbortController();
    const late = createRequestDeadline({ provider: 'p', signal: during.signal, timeoutMs: 1_000, idleTimeoutMs: 1_000 });
    during.abort('stop');
    expect(late.signal.aborted).toBe(true);
    expect(late.translate(new Error('aborted'))).toBe('stop');
    late.dispose();
  });

  it('passes other errors through and fires nothing after dispose', () => {
    const caller = new AbortController();
    const deadline = createRequestDeadline({ provider: 'p', signal: caller.signal, timeoutMs: 100, idleTimeoutMs: 50 });
    deadline.touch();
    const other = new TypeError('boom');
    expect(deadline.translate(other)).toBe(other);
    deadline.dispose();
    vi.advanceTimersByTime(1_000);
    caller.abort();
    expect(deadline.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
