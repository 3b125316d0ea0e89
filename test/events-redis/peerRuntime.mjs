// A runtime in its own process that publishes and subscribes, for crash.test.ts. Args: url stream count expected.
// It prints "ready" once its stream reader is positioned, waits for "go" on stdin, then publishes
// note.added { n: 1..count } with publishAcknowledged, printing "published <id>" after each XADD
// returned, and "received <id>" for each event another runtime published (its own, which the bus
// delivers locally, are told apart by their source). Once it has published
// its own and received `expected` events, it stops its kernel (closing the transport) and exits.
import { createInterface } from 'node:readline';
import { createKernel, defineEvent } from '@cortex-os/kernel';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { z } from 'zod';

const [url, stream, count, expected] = process.argv.slice(2);
const noteAdded = defineEvent({ type: 'note.added', version: '1.0.0', data: z.object({ n: z.number() }) });
const transport = createRedisStreamsTransport({ url, stream, blockMs: 200 });
const kernel = createKernel({ plugins: [], eventTransport: transport });
kernel.contracts.register(noteAdded);
const source = `/peer/${process.pid}`;
let received = 0;
const { promise: allReceived, resolve } = Promise.withResolvers();
kernel.events.subscribe(noteAdded, (event) => {
  if (event.source === source) return;
  console.log(`received ${event.id}`);
  if (++received === Number(expected)) resolve();
});
await transport.ready;
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
// Nothing more is read: an open stdin would keep the process alive after the kernel stopped.
process.stdin.destroy();
for (let n = 1; n <= Number(count); n++) {
  const event = await kernel.events.publishAcknowledged(noteAdded, { n }, { source });
  console.log(`published ${event.id}`);
}
await allReceived;
await kernel.stop();
