import type { CatchUpScheduler } from '../../src/vector/DeferredVectorIndex.js';

/** A scheduler the test runs by hand: `tick()` runs what is due, in order. */
export function manualScheduler(): { schedule: CatchUpScheduler; tick: () => number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (run) => {
      queue.push(run);
      return () => {
        queue = queue.filter((r) => r !== run);
      };
    },
    tick: () => {
      const due = queue;
      queue = [];
      for (const run of due) run();
      return due.length;
    },
  };
}
