import { createToken, definePlugin } from '@cortex-os/kernel';

/** Tells the time; a plugin provides it so tests can swap in a fixed clock. */
export interface Clock {
  now(): number;
}

export const clockToken = createToken<Clock>('example.clock');

/** Provides the system clock, or a fixed time when `fixedAt` is set. */
export const clockPlugin = definePlugin({
  name: 'clock',
  version: '1.0.0',
  provides: { clock: clockToken },
  start: () => ({ clock: { now: () => Date.now() } }),
});
