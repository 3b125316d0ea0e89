import { describe, expect, it } from 'vitest';
import { defineEvent } from '@cortex-os/kernel';
import { createContractRegistry, createEventBus, createPolicyRouter } from '@cortex-os/kernel/internal';
import { z } from 'zod';
import { createFakeClock, expectCortexError } from '@cortex-os/kernel/testing';
import { scriptedProvider } from '../router/scriptedProvider.js';

const start = Date.UTC(2026, 0, 1);

describe('createFakeClock', () => {
  it('stands still until advanced, and advance returns the new time', () => {
    const clock = createFakeClock(start);
    expect(clock.now()).toBe(start);
    expect(clock.now()).toBe(start);
    expect(clock.advance(1_500)).toBe(start + 1_500);
    expect(clock.now()).toBe(start + 1_500);
    expect(clock.advance(0)).toBe(start + 1_500);
  });

  it('starts at a Date, or at the epoch by default', () => {
    expect(createFakeClock(new Date(start)).now()).toBe(start);
    expect(createFakeClock().now()).toBe(0);
  });

  it('is set to any time, backwards included', () => {
    const clock = createFakeClock(start);
    clock.set(start - 60_000);
    expect(clock.now()).toBe(start - 60_000);
    clock.set(new Date(start + 1));
    expect(clock.now()).toBe(start + 1);
  });

  it('moves on by autoAdvanceMs after every read, so no two reads are equal', () => {
    const clock = createFakeClock(start, { autoAdvanceMs: 1_000 });
    expect([clock.now(), clock.now(), clock.now()]).toEqual([start, start + 1_000, start + 2_000]);
    expect(clock.advance(10)).toBe(start + 3_010);
  });

  it('refuses times and steps that are not finite, and going back through advance', async () => {
    const clock = createFakeClock(start);
    const refused = async (fn: () => unknown): Promise<string> => {
      const error = await expectCortexError(fn, 'TESTING_ARGUMENT_INVALID');
      expect(error.kind).toBe('invalid-input');
      return error.message;
    };
    expect(await refused(() => clock.advance(-1))).toBe(
      'advance(ms) takes a finite number of milliseconds, 0 or more; got -1. To go back in time, call set().',
    );
    await refused(() => clock.advance(Number.NaN));
    expect(await refused(() => clock.set(new Date('not a date')))).toBe(
      'set(time) must be epoch milliseconds or a valid Date; got Invalid Date.',
    );
    expect(await refused(() => createFakeClock(Number.POSITIVE_INFINITY))).toBe(
      'start must be epoch milliseconds or a valid Date; got Infinity.',
    );
    expect(await refused(() => createFakeClock(0, { autoAdvanceMs: -5 }))).toBe(
      'autoAdvanceMs must be a finite number of milliseconds, 0 or more; got -5.',
    );
    expect(clock.now()).toBe(start);
  });

  it('hands out bound functions: destructured, they still move the one clock', () => {
    const { now, advance, set } = createFakeClock(start);
    advance(10);
    expect(now()).toBe(start + 10);
    set(start);
    expect(now()).toBe(start);
  });

  it('fits a now option as a detached function (the event bus)', () => {
    const clock = createFakeClock(start);
    const contracts = createContractRegistry();
    const ticked = defineEvent({ type: 'test.ticked', version: '1.0.0', data: z.object({}) });
    contracts.register(ticked);
    const bus = createEventBus({ contracts, now: clock.now });
    clock.advance(60_000);
    expect(bus.publish(ticked, {}).time).toBe('2026-01-01T00:01:00.000Z');
  });

  it('fits a { now() } clock option as is (the policy router)', async () => {
    const clock = createFakeClock(start, { autoAdvanceMs: 100 });
    const router = createPolicyRouter({ providers: [scriptedProvider('local')], clock });
    const result = await router.generate([{ role: 'user', content: 'hi' }]);
    expect(result.attempts).toEqual([expect.objectContaining({ provider: 'local', startedAt: start, durationMs: 100 })]);
  });
});
