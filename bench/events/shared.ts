// What the events bench's publisher (events.bench.ts) and receiver (receiver.ts) processes share.
import { createKernel, defineEvent, type EventBus, type EventBusTransport } from '@cortex-os/kernel';
import { z } from 'zod';

/** Entries per read on both sides (XREAD / XREADGROUP COUNT, the transport's `batchSize`). */
export const BATCH = 128;

/** The payload: a counter, 64 characters of text and the send time. */
export const benchEvent = defineEvent({
  type: 'bench.sent',
  version: '1.0.0',
  data: z.object({ n: z.number(), text: z.string(), sentAt: z.number() }),
});

/** Milliseconds on a clock both processes of one machine share (the time origin plus a monotonic offset). */
export function sharedClock(): number {
  return performance.timeOrigin + performance.now();
}

/** A kernel's bus with the bench's event registered, on `transport` when given. */
export function benchBus(transport?: EventBusTransport): EventBus {
  const kernel = createKernel({ plugins: [], ...(transport === undefined ? {} : { eventTransport: transport }) });
  kernel.contracts.register(benchEvent);
  return kernel.events;
}

/** How the receiver receives: through the transport (broadcast or a group) or a hand-written ioredis loop. */
export type ReceiverMode = 'transport-broadcast' | 'transport-group' | 'raw-broadcast' | 'raw-group';
