// Cross-process publish → deliver through the event bus: the in-memory bus (one process, for
// scale), the Redis Streams transport, and a hand-written ioredis loop (what a user would
// otherwise write), in one run. Run after `pnpm build` (tsc -b): node bench/events/events.bench.ts
//
// Payload: bench.sent events with data { n, text: 64 characters, sentAt } as CloudEvents JSON.
// The bench starts its own redis-server (127.0.0.1, free port, AOF with `appendfsync always`,
// as scripts/services/redis.sh runs it), so every XADD is fsynced on both sides alike.
// This process publishes; a receiver process (receiver.ts) receives and reports each event's
// latency on the clock both share (time origin + monotonic offset). Both sides read 128 entries
// per round trip, and both publish the same CloudEvent JSON:
// - Cortex-OS: `events.publish` on a kernel with the transport → `events.subscribe` (broadcast,
//   XREAD) or `transport.consume` (group: XREADGROUP, handler, XACK) in the receiver's kernel;
// - raw: ioredis `XADD` → an XREAD or XREADGROUP + XACK loop.
// Latency: one event at a time (the next is published once the receiver reported the last).
// Throughput: N events published without waiting, until the receiver reported the last.
// Ours and raw alternate over ROUNDS rounds, each with a fresh receiver and stream, so the
// machine's load falls on both alike; figures pool the rounds.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { Redis } from 'ioredis';
import { createReport, percentile, sized } from '../lib/measure.ts';
import { BATCH, benchBus, benchEvent, type ReceiverMode, sharedClock } from './shared.ts';

const report = createReport('events');
const LATENCY_SAMPLES = sized(1000, 30);
const THROUGHPUT_EVENTS = sized(10_000, 200);
const ROUNDS = sized(3, 1);
const TEXT = 'x'.repeat(64);

interface Publisher {
  publish(n: number): void;
  close(): Promise<void>;
}

interface Receiver {
  /** Resolves with the latency (µs) the receiver reported for event `n`. */
  delivered(n: number): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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
  await new Promise<void>((resolve) => {
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

/** Starts receiver.ts in `mode`; resolves once it reads. */
async function startReceiver(mode: ReceiverMode, url: string, stream: string): Promise<Receiver> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'receiver.ts'), mode, url, stream], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const latencies = new Map<number, number>();
  const waiting = new Map<number, (us: number) => void>();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') return ready();
    const [n, us] = line.split(' ').map(Number) as [number, number];
    latencies.set(n, us);
    waiting.get(n)?.(us);
  });
  await started;
  return {
    delivered: (n) => {
      const known = latencies.get(n);
      return known === undefined ? new Promise((resolve) => waiting.set(n, resolve)) : Promise.resolve(known);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function transportPublisher(url: string, stream: string): Publisher {
  const bus = benchBus(createRedisStreamsTransport({ url, stream, broadcast: false, batchSize: BATCH }));
  return {
    publish: (n) => bus.publish(benchEvent, { n, text: TEXT, sentAt: sharedClock() }),
    close: () => bus.complete(),
  };
}

function rawPublisher(url: string, stream: string): Publisher {
  const writer = new Redis(url, { protocol: 2 });
  // Builds the same CloudEvent the bus would (an in-memory bus, no transport), so both sides send the same bytes.
  const envelopes = benchBus();
  return {
    publish: (n) => {
      const event = envelopes.publish(benchEvent, { n, text: TEXT, sentAt: sharedClock() });
      void writer.xadd(stream, 'MAXLEN', '~', '100000', '*', 'event', JSON.stringify(event));
    },
    close: async () => {
      writer.disconnect();
      await envelopes.complete();
    },
  };
}

/** One round of one side: latency samples (µs) and a throughput (events/s), each with a fresh stream and receiver. */
async function round(
  side: 'ours' | 'raw',
  group: boolean,
  url: string,
  stream: () => string,
): Promise<{ latencies: number[]; rate: number }> {
  const mode: ReceiverMode = `${side === 'ours' ? 'transport' : 'raw'}-${group ? 'group' : 'broadcast'}`;
  const makePublisher = side === 'ours' ? transportPublisher : rawPublisher;
  const latencies: number[] = [];
  {
    const name = stream();
    const receiver = await startReceiver(mode, url, name);
    const publisher = makePublisher(url, name);
    for (let n = -20; n < LATENCY_SAMPLES; n++) {
      publisher.publish(n);
      const us = await receiver.delivered(n);
      if (n >= 0) latencies.push(us);
    }
    await Promise.all([publisher.close(), receiver.stop()]);
  }
  const name = stream();
  const receiver = await startReceiver(mode, url, name);
  const publisher = makePublisher(url, name);
  const start = performance.now();
  for (let n = 0; n < THROUGHPUT_EVENTS; n++) publisher.publish(n);
  await receiver.delivered(THROUGHPUT_EVENTS - 1);
  const rate = THROUGHPUT_EVENTS / ((performance.now() - start) / 1000);
  await Promise.all([publisher.close(), receiver.stop()]);
  return { latencies, rate };
}

async function compare(name: string, baseline: string, group: boolean, url: string, stream: () => string): Promise<void> {
  const ours = { latencies: [] as number[], rates: [] as number[] };
  const raw = { latencies: [] as number[], rates: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [side, into] of [
      ['ours', ours],
      ['raw', raw],
    ] as const) {
      const result = await round(side, group, url, stream);
      into.latencies.push(...result.latencies);
      into.rates.push(result.rate);
    }
  }
  const [a, b] = [ours.latencies.sort((x, y) => x - y), raw.latencies.sort((x, y) => x - y)];
  const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
  report.add({ case: `${name} latency`, metric: 'p50', unit: 'µs', value: percentile(a, 50), baseline, baselineValue: percentile(b, 50) });
  report.add({ case: `${name} latency`, metric: 'p99', unit: 'µs', value: percentile(a, 99), baseline, baselineValue: percentile(b, 99) });
  report.add({
    case: `${name} throughput (${THROUGHPUT_EVENTS} events)`,
    metric: 'throughput',
    unit: 'events/s',
    value: mean(ours.rates),
    baseline,
    baselineValue: mean(raw.rates),
  });
}

async function inMemory(): Promise<void> {
  const bus = benchBus();
  const times: number[] = [];
  let sentAt = 0;
  bus.subscribe(benchEvent, () => {
    times.push((performance.now() - sentAt) * 1000);
  });
  for (let n = 0; n < LATENCY_SAMPLES * 10; n++) {
    sentAt = performance.now();
    bus.publish(benchEvent, { n, text: TEXT, sentAt });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  times.sort((x, y) => x - y);
  report.add({ case: 'in-memory bus latency (one process, for scale)', metric: 'p50', unit: 'µs', value: percentile(times, 50) });
  report.add({ case: 'in-memory bus latency (one process, for scale)', metric: 'p99', unit: 'µs', value: percentile(times, 99) });
  await bus.complete();
}

async function main(): Promise<void> {
  await inMemory();
  const notes = [`payload: bench.sent { n, text: 64 chars, sentAt } as CloudEvents JSON; reads of ${BATCH}; ${ROUNDS} alternating rounds`];
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    report.print([
      ...notes,
      'redis-server is not installed: only the in-memory bus was measured (bash scripts/services/redis.sh start installs it)',
    ]);
    return;
  }
  const redis = await startRedis();
  try {
    let run = 0;
    const stream = (): string => `bench:${run++}`;
    // EVENTS_BENCH_ONLY=broadcast|group measures one of the two (a shorter run while tuning one path).
    const only = process.env['EVENTS_BENCH_ONLY'];
    if (only !== 'group') await compare('broadcast, cross-process, Redis transport', 'ioredis XADD → XREAD loop', false, redis.url, stream);
    if (only !== 'broadcast') {
      await compare('consumer group, cross-process, Redis transport', 'ioredis XADD → XREADGROUP + XACK loop', true, redis.url, stream);
    }
  } finally {
    await redis.stop();
  }
  report.print([...notes, 'Redis with appendfsync always; issue 20 aims: latency ≤ 1.5× raw, throughput ≥ 0.7× raw']);
}

await main();
