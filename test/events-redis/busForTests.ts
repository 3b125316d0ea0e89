import { createKernel, defineEvent, type EventBus, type EventDefinition } from '@cortex-os/kernel';
import type { RedisStreamsTransport } from '@cortex-os/events-redis';
import { z } from 'zod';

/** The event every Redis test publishes (the fixtures define the same contract). */
export const noteAdded = defineEvent({ type: 'note.added', version: '1.0.0', data: z.object({ n: z.number() }) });

/** A kernel on `transport`, as a runtime would have it, knowing `note.added` and `contracts`; `track` receives what to close after the file. */
export function kernelBus(
  transport: RedisStreamsTransport,
  track: (closable: { close(): Promise<void> }) => void,
  contracts: readonly EventDefinition[] = [],
): EventBus {
  const kernel = createKernel({ plugins: [], eventTransport: transport });
  for (const contract of [noteAdded, ...contracts]) kernel.contracts.register(contract);
  track({ close: () => kernel.events.complete() });
  return kernel.events;
}

/** Resolves `done` with the first `count` values `push` receives; `values` holds them all. */
export function collect<T>(count: number): { push: (value: T) => void; values: T[]; done: Promise<T[]> } {
  const values: T[] = [];
  let resolve: (v: T[]) => void = () => undefined;
  const done = new Promise<T[]>((r) => {
    resolve = r;
  });
  return {
    push: (value) => {
      values.push(value);
      if (values.length === count) resolve(values);
    },
    values,
    done,
  };
}
