import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Runs every test of the calling file (or `describe` block) on fake timers with the clock set
 * to `isoDate`, and restores real timers afterwards.
 */
export function useFakeTimersAt(isoDate: string): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(isoDate));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
