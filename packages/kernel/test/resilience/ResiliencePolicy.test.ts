import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CortexError, KernelError } from '@cortex-os/kernel';
import { createResiliencePolicy, type CircuitBreakerState, type ResilienceStateChange } from '@cortex-os/kernel/resilience';
import { rejectionOf } from '@cortex-os/kernel/testing';
import { useFakeTimersAt } from '../support/useFakeTimersAt.js';

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), { code: 'ECONNREFUSED' });
const httpError = (status: number, retryAfterMs?: number): KernelError =>
  new KernelError('PROVIDER_REQUEST_FAILED', `HTTP ${status}`, {
    details: { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  });

useFakeTimersAt('2026-01-01T00:00:00.000Z');

describe('createResiliencePolicy circuit breaker', () => {
  it('opens after 5 consecutive handled failures and then refuses without calling', async () => {
    const policy = createResiliencePolicy({ name: 'ollama', breaker: { halfOpenAfterMs: 1_000 } });
    const fn = vi.fn(async () => {
      throw refused();
    });
    for (let i = 0; i < 4; i++) await expect(policy.execute(fn)).rejects.toThrow('ECONNREFUSED');
    expect(policy.state).toBe('closed');
    await expect(policy.execute(fn)).rejects.toThrow('ECONNREFUSED');
    expect(policy.state).toBe('open');
    const error = await rejectionOf(policy.execute(fn));
    expect(fn).toHaveBeenCalledTimes(5);
    expect(CortexError.is(error, 'RESILIENCE_CIRCUIT_OPEN')).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Circuit breaker of "ollama" is open after 5 consecutive failures; calls are refused until a probe is let through at 2026-01-01T00:00:01.000Z. Last failure: connect ECONNREFUSED 127.0.0.1:11434"`,
    );
    expect((error as KernelError).details).toMatchObject({
      name: 'ollama',
      state: 'open',
      halfOpenAt: Date.parse('2026-01-01T00:00:01.000Z'),
    });
  });

  it('counts only consecutive failures: a success in between resets the count', async () => {
    const policy = createResiliencePolicy({ name: 'p', breaker: true });
    const fail = async (): Promise<never> => {
      throw refused();
    };
    for (let i = 0; i < 4; i++) await policy.execute(fail).catch(() => undefined);
    await policy.execute(async () => 'ok');
    for (let i = 0; i < 4; i++) await policy.execute(fail).catch(() => undefined);
    expect(policy.state).toBe('closed');
  });

  it('does not count rejected requests (4xx validation) or caller cancellations', async () => {
    const policy = createResiliencePolicy({ name: 'p', breaker: { threshold: 2 } });
    for (let i = 0; i < 5; i++) await policy.execute(async () => Promise.reject(httpError(422))).catch(() => undefined);
    const controller = new AbortController();
    controller.abort();
    for (let i = 0; i < 5; i++) await policy.execute(async () => 'x', controller.signal).catch(() => undefined);
    expect(policy.state).toBe('closed');
  });

  it('half-opens after the delay, closes on a successful probe and reports each transition', async () => {
    const policy = createResiliencePolicy({ name: 'mlx', breaker: { threshold: 1, halfOpenAfterMs: 5_000 } });
    const changes: ResilienceStateChange[] = [];
    const subscription = policy.onStateChange((change) => changes.push(change));
    await policy.execute(async () => Promise.reject(refused())).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(4_999);
    // It says when a probe will be let through: HTTP sends that as Retry-After.
    await expect(policy.execute(async () => 'early')).rejects.toMatchObject({ code: 'RESILIENCE_CIRCUIT_OPEN', retryAfterMs: 1 });
    await vi.advanceTimersByTimeAsync(1);
    await expect(policy.execute(async () => 'probe')).resolves.toBe('probe');
    expect(policy.state).toBe('closed');
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
    expect(changes[0]?.error?.message).toContain('ECONNREFUSED');
    subscription();
    await policy.execute(async () => Promise.reject(refused())).catch(() => undefined);
    expect(changes).toHaveLength(3);
  });

  it('reopens when the half-open probe fails', async () => {
    const policy = createResiliencePolicy({ name: 'p', breaker: { threshold: 1, halfOpenAfterMs: 100 } });
    await policy.execute(async () => Promise.reject(refused())).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(100);
    await expect(policy.execute(async () => Promise.reject(refused()))).rejects.toThrow('ECONNREFUSED');
    expect(policy.state).toBe('open');
  });

  it('restores an open breaker from toJSON through initialState', async () => {
    const policy = createResiliencePolicy({ name: 'p', breaker: { threshold: 1, halfOpenAfterMs: 60_000 } });
    await policy.execute(async () => Promise.reject(refused())).catch(() => undefined);
    const saved: unknown = JSON.parse(JSON.stringify(policy.toJSON()));
    expect(saved).toMatchObject({ name: 'p', state: 'open' });
    const restored = createResiliencePolicy({
      name: 'p',
      breaker: { threshold: 1, halfOpenAfterMs: 60_000 },
      initialState: saved as ReturnType<typeof policy.toJSON>,
    });
    expect(restored.state).toBe('open');
    const fn = vi.fn(async () => 'x');
    await expect(restored.execute(fn)).rejects.toMatchObject({ code: 'RESILIENCE_CIRCUIT_OPEN' });
    expect(fn).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(restored.execute(fn)).resolves.toBe('x');
    expect(restored.state).toBe('closed');
  });

  it('follows the breaker state machine for any sequence of calls and waits (property)', async () => {
    type Step = { readonly kind: 'ok' } | { readonly kind: 'fail' } | { readonly kind: 'wait'; readonly ms: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant<Step>({ kind: 'ok' }),
      fc.constant<Step>({ kind: 'fail' }),
      fc.integer({ min: 1, max: 1_500 }).map<Step>((ms) => ({ kind: 'wait', ms })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 10, max: 1_000 }),
        fc.array(step, { maxLength: 40 }),
        async (threshold, halfOpenAfterMs, steps) => {
          const policy = createResiliencePolicy({ name: 'p', breaker: { threshold, halfOpenAfterMs } });
          const seen: string[] = [];
          policy.onStateChange((c) => seen.push(`${c.from}->${c.to}`));
          const expected: string[] = [];
          // Assigned inside `move`, so widen it by hand: TypeScript would keep it narrowed to 'closed'.
          let state = 'closed' as CircuitBreakerState;
          let failures = 0;
          let openedAt = 0;
          const move = (to: CircuitBreakerState): void => {
            expected.push(`${state}->${to}`);
            state = to;
          };
          for (const s of steps) {
            if (s.kind === 'wait') {
              await vi.advanceTimersByTimeAsync(s.ms);
              continue;
            }
            let called = false;
            const outcome = policy.execute(async () => {
              called = true;
              if (s.kind === 'fail') throw refused();
              return 'ok';
            });
            const settled = await outcome.then(
              () => 'ok',
              (e: unknown) => (CortexError.is(e, 'RESILIENCE_CIRCUIT_OPEN') ? 'refused' : 'failed'),
            );
            if (state === 'open' && Date.now() - openedAt < halfOpenAfterMs) {
              expect(settled).toBe('refused');
              expect(called).toBe(false);
            } else if (state === 'open') {
              move('half_open');
              expect(called).toBe(true);
              if (s.kind === 'ok') {
                move('closed');
                failures = 0;
              } else {
                move('open');
                openedAt = Date.now();
              }
            } else {
              expect(called).toBe(true);
              expect(settled).toBe(s.kind === 'ok' ? 'ok' : 'failed');
              failures = s.kind === 'ok' ? 0 : failures + 1;
              if (failures >= threshold) {
                move('open');
                openedAt = Date.now();
                failures = 0;
              }
            }
            expect(policy.state).toBe(state);
          }
          expect(seen).toEqual(expected);
        },
      ),
      { seed: 4242, numRuns: 150 },
    );
  });
});

describe('createResiliencePolicy timeout', () => {
  it('rejects at the deadline with RESILIENCE_TIMEOUT and aborts the signal it gave the function', async () => {
    const policy = createResiliencePolicy({ name: 'slow-tool', timeoutMs: 1_000 });
    let seen: AbortSignal | undefined;
    const pending = rejectionOf(
      policy.execute(
        (signal) =>
          new Promise((_, reject) => {
            seen = signal;
            signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          }),
      ),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(CortexError.is(error, 'RESILIENCE_TIMEOUT')).toBe(true);
    expect((error as Error).message).toBe('"slow-tool" did not finish within 1000 ms and was cancelled.');
    expect(seen?.aborted).toBe(true);
  });

  it('does not wait for a function that ignores its signal', async () => {
    const policy = createResiliencePolicy({ name: 'stubborn', timeoutMs: 50 });
    const pending = rejectionOf(policy.execute(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(50);
    expect(await pending).toMatchObject({ code: 'RESILIENCE_TIMEOUT' });
  });

  it("rethrows the caller's abort reason, not a timeout, when the caller cancels", async () => {
    const policy = createResiliencePolicy({ name: 'p', timeoutMs: 1_000, breaker: { threshold: 1 } });
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = rejectionOf(policy.execute(() => new Promise(() => undefined), controller.signal));
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(policy.state).toBe('closed');
  });

  it('counts timeouts against the breaker', async () => {
    const policy = createResiliencePolicy({ name: 'p', timeoutMs: 10, breaker: { threshold: 2 } });
    for (let i = 0; i < 2; i++) {
      const pending = rejectionOf(policy.execute(() => new Promise(() => undefined)));
      await vi.advanceTimersByTimeAsync(10);
      await pending;
    }
    expect(policy.state).toBe('open');
  });
});

describe('createResiliencePolicy retry', () => {
  it('retries transient errors with exponential backoff and jitter', async () => {
    const times: number[] = [];
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 3, initialDelayMs: 100, random: () => 0 } });
    const pending = rejectionOf(
      policy.execute(async () => {
        times.push(Date.now());
        throw refused();
      }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toMatchObject({ code: 'ECONNREFUSED' });
    // random() = 0 gives the floor of equal jitter: half of 100, 200, 400 ms.
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([50, 100, 200]);
  });

  it('spreads delays between half and all of the exponential ceiling', async () => {
    const times: number[] = [];
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 2, initialDelayMs: 100, random: () => 0.5 } });
    const pending = policy
      .execute(async () => {
        times.push(Date.now());
        if (times.length < 3) throw httpError(503);
        return 'third time';
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toBe('third time');
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual([75, 150]);
  });

  it('never retries validation errors', async () => {
    const fn = vi.fn(async () => Promise.reject(httpError(400)));
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 5 } });
    await expect(policy.execute(fn)).rejects.toThrow('HTTP 400');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('honours Retry-After of a 429 as the minimum delay', async () => {
    const times: number[] = [];
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 1, initialDelayMs: 10, random: () => 0 } });
    const pending = policy.execute(async () => {
      times.push(Date.now());
      if (times.length === 1) throw httpError(429, 1_500);
      return 'ok';
    });
    await vi.advanceTimersByTimeAsync(1_499);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toBe('ok');
  });

  it('does not wait for a Retry-After longer than maxDelayMs: the error surfaces at once', async () => {
    const fn = vi.fn(async () => Promise.reject(httpError(429, 60_000)));
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 3, maxDelayMs: 2_000 } });
    await expect(policy.execute(fn)).rejects.toThrow('HTTP 429');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('stops promptly when the caller aborts during a backoff', async () => {
    const policy = createResiliencePolicy({ name: 'p', retry: { maxAttempts: 3, initialDelayMs: 10_000, random: () => 0 } });
    const controller = new AbortController();
    const fn = vi.fn(async () => Promise.reject(refused()));
    const pending = rejectionOf(policy.execute(fn, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('stop'));
    expect(await pending).toMatchObject({ message: 'stop' });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('createResiliencePolicy concurrency limit', () => {
  it('runs up to the limit, queues up to the queue size and refuses the rest', async () => {
    const policy = createResiliencePolicy({ name: 'embedder', concurrency: { limit: 1, queue: 1 } });
    let release: () => void = () => undefined;
    const first = policy.execute(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const second = policy.execute(async () => 'second');
    const third = await rejectionOf(policy.execute(async () => 'third'));
    expect(CortexError.is(third, 'RESILIENCE_CONCURRENCY_LIMIT')).toBe(true);
    expect((third as Error).message).toBe('"embedder" is at its concurrency limit (1 running, 1 queued); the call was refused.');
    release();
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
  });
});

describe('createResiliencePolicy options', () => {
  it('rejects out-of-range settings, naming the policy', () => {
    expect(() => createResiliencePolicy({ name: 'p', breaker: { threshold: 0 } })).toThrow(
      'breaker.threshold of "p" must be an integer >= 1, got 0.',
    );
    const codeOf = (build: () => unknown): unknown => {
      try {
        build();
      } catch (error) {
        return [CortexError.is(error, 'RESILIENCE_OPTIONS_INVALID'), (error as CortexError).details];
      }
      return 'did not throw';
    };
    expect(codeOf(() => createResiliencePolicy({ name: 'p', timeoutMs: -1 }))).toEqual([true, { name: 'p', option: 'timeoutMs' }]);
    expect(codeOf(() => createResiliencePolicy({ name: 'p', retry: { initialDelayMs: Number.NaN } }))).toEqual([
      true,
      { name: 'p', option: 'retry.initialDelayMs' },
    ]);
    expect(codeOf(() => createResiliencePolicy({ name: 'p', concurrency: { limit: 2, queue: 1.5 } }))).toEqual([
      true,
      { name: 'p', option: 'concurrency.queue' },
    ]);
    expect(codeOf(() => createResiliencePolicy({ name: '' }))).toEqual([true, { option: 'name' }]);
  });

  it('passes a never-aborted signal and the result through when no part is configured', async () => {
    const policy = createResiliencePolicy({ name: 'plain' });
    await expect(policy.execute((signal) => (signal.aborted ? 'aborted' : 'fine'))).resolves.toBe('fine');
    expect(policy.toJSON()).toEqual({ name: 'plain', state: 'closed' });
  });
});
