// A consumer-group member in its own process, for crash.test.ts. Args: url stream group consumer hangAt.
// It handles events in order, printing "acked <n> <id> <redelivered>" once a handler resolved; on
// the event whose data is { n: hangAt } it prints "inflight <n> <id>" and never returns, so the
// parent can SIGKILL the process with that event delivered and unacknowledged.
import { createRedisStreamsTransport } from '@cortex-os/events-redis';

const [url, stream, group, consumer, hangAt] = process.argv.slice(2);
const transport = createRedisStreamsTransport({ url, stream, broadcast: false, blockMs: 200 });
const member = transport.consume({ group, consumer, start: 'all', visibilityTimeoutMs: 60_000 }, async (event, delivery) => {
  if (event.data.n === Number(hangAt)) {
    console.log(`inflight ${event.data.n} ${event.id}`);
    await new Promise(() => {});
  }
  console.log(`acked ${event.data.n} ${event.id} ${delivery.redelivered}`);
});
await member.ready;
console.log('ready');
