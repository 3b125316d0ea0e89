// Publish → deliver through the event bus: in-memory, through the Redis Streams transport, and
// through a hand-written ioredis loop (what a user would otherwise write), in one run.
// Run after `pnpm build` (tsc -b): node bench/events/events.bench.ts
//
// Payload: note.added events with data { n, text: 64 characters }, as CloudEvents JSON.
// The bench starts its own redis-server (127.0.0.1, free port, AOF with `appendfsync always`,
// as scripts/services/redis.sh runs it), so every XADD is fsynced on both sides alike.
// - latency: one event at a time, from the publish call to the handler on another connection
//   (broadcast: XADD → XREAD BLOCK; group: XADD → XREADGROUP → handler, then XACK);
// - throughput: N events published without waiting (ioredis pipelines them on its connection),
//   until the last is delivered; reads of 128 entries on both sides.
// Publisher and receiver run in this process on separate connections (one event loop for both:
// a cross-process run would only add the loopback hop to both sides).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { createKernel, defineEvent, type EventBus } from '@cortex-os/kernel';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createReport, percentile, sized } from '../lib/measure.ts';

const report = createReport('events');
const LATENCY_SAMPLES = sized(2000, 40);
const THROUGHPUT_EVENTS = sized(20_000, 300);
const BATCH = 128;
const TEXT = 'x'.repeat(64);
const noteAdded = defineEvent({ type: 'note.added', version: '1.0.0', data: z.object({ n: z.number(), text: z.string() }) });

/** A side of the comparison: `publish(n)` sends event n; `delivered` is called by the receiver with n. */
interface Side {
  publish(n: number): void;
  onDeliver(handler: (n: number) => void): void;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
  const args = [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--save',
    '',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    createInterface({ input: child.stdout }).on('line', (line) => line.includes('Ready to accept connections') && resolve());
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function kernelBus(transport?: Parameters<typeof createKernel>[0]['eventTransport']): EventBus {
  const kernel = createKernel({ plugins: [], ...(transport === undefined ? {} : { eventTransport: transport }) });
  kernel.contracts.register(noteAdded);
  return kernel.events;
}

function memorySide(): Side {
  const bus = kernelBus();
  return {
    publish: (n) => bus.publish(noteAdded, { n, text: TEXT }),
    onDeliver: (handler) => bus.subscribe(noteAdded, (event) => handler(event.data.n)),
    close: () => bus.complete(),
  };
}

async function transportSide(url: string, stream: string, group: boolean): Promise<Side> {
  const sending = createRedisStreamsTransport({ url, stream, broadcast: false, batchSize: BATCH });
  const receiving = createRedisStreamsTransport({ url, stream, broadcast: !group, batchSize: BATCH });
  const [publisher, receiver] = [kernelBus(sending), kernelBus(receiving)];
  let deliver: (n: number) => void = () => undefined;
  if (group) {
    await receiving.consume({ group: 'bench' }, (event) => deliver((event.data as { n: number }).n)).ready;
  } else {
    receiver.subscribe(noteAdded, (event) => deliver(event.data.n));
    await receiving.ready;
  }
  return {
    publish: (n) => publisher.publish(noteAdded, { n, text: TEXT }),
    onDeliver: (handler) => {
      deliver = handler;
    },
    close: async () => {
      await Promise.all([publisher.complete(), receiver.complete()]);
    },
  };
}

/** The loop a user writes with ioredis: XADD the CloudEvent JSON; XREAD (or XREADGROUP + XACK) in a loop, COUNT 128. */
async function rawSide(url: string, stream: string, group: boolean): Promise<Side> {
  const [writer, reader] = [new Redis(url, { protocol: 2 }), new Redis(url, { protocol: 2 })];
  const source = kernelBus();
  let deliver: (n: number) => void = () => undefined;
  let running = true;
  if (group) await reader.xgroup('CREATE', stream, 'bench', '$', 'MKSTREAM');
  let last = ((await reader.xrevrange(stream, '+', '-', 'COUNT', 1))[0]?.[0] as string | undefined) ?? '0-0';
  const loop = (async () => {
    while (running) {
      const reply = (
        group
          ? await reader.call('XREADGROUP', 'GROUP', 'bench', 'c1', 'COUNT', String(BATCH), 'BLOCK', '200', 'STREAMS', stream, '>')
          : await reader.call('XREAD', 'COUNT', String(BATCH), 'BLOCK', '200', 'STREAMS', stream, last)
      ) as [string, [string, string[]][]][] | null;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        last = id;
        deliver(JSON.parse(fields[1] as string).data.n);
        if (group) await reader.xack(stream, 'bench', id);
      }
    }
  })();
  return {
    publish: (n) => {
      // The same CloudEvent the bus would build, so both sides serialise the same bytes.
      const event = source.publish(noteAdded, { n, text: TEXT });
      void writer.xadd(stream, 'MAXLEN', '~', '100000', '*', 'event', JSON.stringify(event));
    },
    onDeliver: (handler) => {
      deliver = handler;
    },
    close: async () => {
      running = false;
      await loop;
      writer.disconnect();
      reader.disconnect();
      await source.complete();
    },
  };
}

/** Latency samples (µs): one event at a time, publish call → handler. */
async function latency(side: Side, samples: number): Promise<Float64Array> {
  const times = new Float64Array(samples);
  let resolveOne: (n: number) => void = () => undefined;
  side.onDeliver((n) => resolveOne(n));
  for (let i = -20; i < samples; i++) {
    const delivered = new Promise<number>((resolve) => {
      resolveOne = resolve;
    });
    const start = performance.now();
    side.publish(i);
    await delivered;
    if (i >= 0) times[i] = (performance.now() - start) * 1000;
  }
  return times.sort();
}

/** Events per second: `count` published without waiting, until the last is delivered. */
async function throughput(side: Side, count: number): Promise<number> {
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  side.onDeliver(() => {
    seen += 1;
    if (seen === count) done();
  });
  const start = performance.now();
  for (let n = 0; n < count; n++) side.publish(n);
  await all;
  return count / ((performance.now() - start) / 1000);
}

async function measure(make: () => Promise<Side>): Promise<{ p50: number; p99: number; rate: number }> {
  const forLatency = await make();
  const times = await latency(forLatency, LATENCY_SAMPLES);
  await forLatency.close();
  const forRate = await make();
  const rate = await throughput(forRate, THROUGHPUT_EVENTS);
  await forRate.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99), rate };
}

function addComparison(
  name: string,
  ours: { p50: number; p99: number; rate: number },
  baseline: string,
  theirs: { p50: number; p99: number; rate: number },
): void {
  report.add({ case: `${name} latency`, metric: 'p50', unit: 'µs', value: ours.p50, baseline, baselineValue: theirs.p50 });
  report.add({ case: `${name} latency`, metric: 'p99', unit: 'µs', value: ours.p99, baseline, baselineValue: theirs.p99 });
  report.add({
    case: `${name} throughput (${THROUGHPUT_EVENTS} events)`,
    metric: 'throughput',
    unit: 'events/s',
    value: ours.rate,
    baseline,
    baselineValue: theirs.rate,
  });
}

async function main(): Promise<void> {
  const memory = await measure(async () => memorySide());
  report.add({ case: 'in-memory bus latency', metric: 'p50', unit: 'µs', value: memory.p50 });
  report.add({ case: 'in-memory bus latency', metric: 'p99', unit: 'µs', value: memory.p99 });
  report.add({
    case: `in-memory bus throughput (${THROUGHPUT_EVENTS} events)`,
    metric: 'throughput',
    unit: 'events/s',
    value: memory.rate,
  });
  const redis = await startRedis();
  try {
    let run = 0;
    const stream = (): string => `bench:${run++}`;
    const broadcastOurs = await measure(() => transportSide(redis.url, stream(), false));
    const broadcastRaw = await measure(() => rawSide(redis.url, stream(), false));
    addComparison('broadcast via Redis transport', broadcastOurs, 'ioredis XADD + XREAD loop', broadcastRaw);
    const groupOurs = await measure(() => transportSide(redis.url, stream(), true));
    const groupRaw = await measure(() => rawSide(redis.url, stream(), true));
    addComparison('consumer group via Redis transport', groupOurs, 'ioredis XADD + XREADGROUP/XACK loop', groupRaw);
  } finally {
    await redis.stop();
  }
  report.print([
    `payload: note.added { n, text: 64 chars } as CloudEvents JSON; Redis with appendfsync always; reads of ${BATCH}`,
    'issue 20 aims: latency ≤ 1.5× raw, throughput ≥ 0.7× raw',
  ]);
}

await main();
