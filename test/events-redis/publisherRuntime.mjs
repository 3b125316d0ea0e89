// A runtime in its own process that publishes, for crash.test.ts. Args: url stream count.
// It publishes note.added { n: 1..count } with publishAcknowledged, printing "published <n> <id>"
// after each XADD returned, then stops its kernel (which closes the transport) and exits.
import { createKernel, defineEvent } from '@cortex-os/kernel';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { z } from 'zod';

const [url, stream, count] = process.argv.slice(2);
const noteAdded = defineEvent({ type: 'note.added', version: '1.0.0', data: z.object({ n: z.number() }) });
const kernel = createKernel({ plugins: [], eventTransport: createRedisStreamsTransport({ url, stream, broadcast: false }) });
kernel.contracts.register(noteAdded);
for (let n = 1; n <= Number(count); n++) {
  const event = await kernel.events.publishAcknowledged(noteAdded, { n });
  console.log(`published ${n} ${event.id}`);
}
await kernel.stop();
