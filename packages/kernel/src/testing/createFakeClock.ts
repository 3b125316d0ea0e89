import { KernelError } from '../errors/KernelError.js';

/**
 * A clock that moves only when the test moves it. Its functions are bound, so they can be passed
 * on or destructured: pass the clock where a `{ now(): number }` clock is taken (the policy
 * router's `clock`), or `clock.now` where a `now: () => number` option is (the event bus, memory stores).
 * @public
 */
export interface FakeClock {
  /** The current time in epoch milliseconds; then moves on by `autoAdvanceMs`, if set. */
  readonly now: () => number;
  /**
   * Moves the clock forward by `ms` and returns the new time.
   * @throws {@link KernelError} `TESTING_ARGUMENT_INVALID` when `ms` is negative or not finite (use {@link FakeClock.set} to go back).
   */
  readonly advance: (ms: number) => number;
  /**
   * Sets the clock to `time` (epoch milliseconds or a `Date`), backwards included, to test clock skew.
   * @throws {@link KernelError} `TESTING_ARGUMENT_INVALID` when `time` is not a finite number or a valid date.
   */
  readonly set: (time: number | Date) => void;
}

/**
 * Options of {@link createFakeClock}.
 * @public
 */
export interface CreateFakeClockOptions {
  /**
   * How far every read of `now()` moves the clock on afterwards, so that no two reads are equal
   * (for code that orders by time or measures durations without the test advancing the clock).
   * @defaultValue `0`
   */
  readonly autoAdvanceMs?: number;
}

/**
 * Creates a {@link FakeClock} that starts at `start` (epoch milliseconds or a `Date`).
 * It fakes only the injected clock, not timers: code waiting on `setTimeout` still waits.
 *
 * @throws {@link KernelError} `TESTING_ARGUMENT_INVALID` when `start` or `autoAdvanceMs` is invalid.
 * @example
 * ```ts
 * const clock = createFakeClock(Date.UTC(2026, 0, 1));
 * const store = await createSqliteMemoryStore({ embed, now: clock.now });
 * const first = await store.store({ text: 'a' });
 * clock.advance(60_000);
 * const second = await store.store({ text: 'b' });
 * assert.equal(second.createdAt - first.createdAt, 60_000);
 * ```
 * @public
 */
export function createFakeClock(start: number | Date = 0, options: CreateFakeClockOptions = {}): FakeClock {
  const autoAdvanceMs = options.autoAdvanceMs ?? 0;
  if (!Number.isFinite(autoAdvanceMs) || autoAdvanceMs < 0) {
    throw KernelError.create(
      'TESTING_ARGUMENT_INVALID',
      { argument: 'autoAdvanceMs', expected: 'a finite number of milliseconds, 0 or more', value: autoAdvanceMs },
      { details: { argument: 'autoAdvanceMs' } },
    );
  }
  let time = toEpochMs(start, 'start');
  return {
    now: () => {
      const current = time;
      time += autoAdvanceMs;
      return current;
    },
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new KernelError(
          'TESTING_ARGUMENT_INVALID',
          `advance(ms) takes a finite number of milliseconds, 0 or more; got ${ms}. To go back in time, call set().`,
          { details: { argument: 'ms' } },
        );
      }
      time += ms;
      return time;
    },
    set: (to) => {
      time = toEpochMs(to, 'set(time)');
    },
  };
}

function toEpochMs(time: number | Date, what: string): number {
  const ms = time instanceof Date ? time.getTime() : time;
  if (!Number.isFinite(ms)) {
    throw KernelError.create(
      'TESTING_ARGUMENT_INVALID',
      { argument: what, expected: 'epoch milliseconds or a valid Date', value: String(time) },
      { details: { argument: what } },
    );
  }
  return ms;
}
