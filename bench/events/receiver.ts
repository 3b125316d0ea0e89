// The receiving runtime of the events bench, in its own process. Args: mode url stream.
// Prints "ready" once it reads, then "<n> <latency µs>" for each event (latency = the shared
// clock now minus the event's `sentAt`), so the publisher can wait for each delivery.
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { Redis } from 'ioredis';
import { BATCH, benchBus, type ReceiverMode, sharedClock } from './shared.ts';

const [mode, url, stream] = process.argv.slice(2) as [ReceiverMode, string, string];
const out: string[] = [];
let scheduled = false;
/** Writes the lines of one turn together: one write per read batch, as a real consumer would log. */
function report(data: { n: number; sentAt: number }): void {
  out.push(`${data.n} ${((sharedClock() - data.sentAt) * 1000).toFixed(1)}`);
  if (!scheduled) {
    scheduled = true;
    setImmediate(() => {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
      scheduled = false;
    });
  }
}

async function transportReceiver(group: boolean): Promise<void> {
  const transport = createRedisStreamsTransport({ url, stream, broadcast: !group, batchSize: BATCH });
  const bus = benchBus(transport);
  if (group) {
    await transport.consume({ group: 'bench' }, (event) => report(event.data as { n: number; sentAt: number })).ready;
  } else {
    bus.subscribe('bench.sent', (event) => report(event.data as { n: number; sentAt: number }));
    await transport.ready;
  }
}

/** What a user writes with ioredis alone: XREAD (or XREADGROUP, then XACK each) in a loop, COUNT 128. */
async function rawReceiver(group: boolean): Promise<void> {
  const reader = new Redis(url, { protocol: 2 });
  if (group) await reader.xgroup('CREATE', stream, 'bench', '$', 'MKSTREAM');
  let last = ((await reader.xrevrange(stream, '+', '-', 'COUNT', 1))[0]?.[0] as string | undefined) ?? '0-0';
  void (async () => {
    for (;;) {
      const reply = (
        group
          ? await reader.call('XREADGROUP', 'GROUP', 'bench', 'c1', 'COUNT', String(BATCH), 'BLOCK', '1000', 'STREAMS', stream, '>')
          : await reader.call('XREAD', 'COUNT', String(BATCH), 'BLOCK', '1000', 'STREAMS', stream, last)
      ) as [string, [string, string[]][]][] | null;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        last = id;
        report(JSON.parse(fields[fields.indexOf('event') + 1] as string).data);
        if (group) await reader.xack(stream, 'bench', id);
      }
    }
  })();
}

await (mode.startsWith('raw') ? rawReceiver(mode === 'raw-group') : transportReceiver(mode === 'transport-group'));
console.log('ready');
