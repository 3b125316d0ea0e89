import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@cortex-os/cli';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { type CloudEvent, createKernel } from '@cortex-os/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { redisTestUrl } from '../events-redis/redisForTests.js';

// `cortex serve` with its bus on the project's Redis (scripts/services/redis.sh), chosen by
// variables alone: an event posted to it reaches a second runtime on the same stream, and its
// /metrics shows the transport's counts; `CORTEX_EVENTS_REDIS__SELECT` keeps other types in-process.
const { url, reason } = redisTestUrl();
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const folder = (prefix: string): string => {
  const made = mkdtempSync(join(tmpdir(), prefix));
  folders.push(made);
  return made;
};

/** The CLI's io on fresh folders, its error lines into `err`, with `env` on top of a free port and Redis. */
const cliIo = (err: string[], env: Record<string, string>) => ({
  out: () => undefined,
  err: (line: string) => err.push(line),
  cwd: folder('cortex-cli-'),
  env: { CORTEX_HOME: folder('cortex-home-'), CORTEX_HTTP_PORT: '0', CORTEX_EVENTS_REDIS__URL: url as string, ...env },
});

interface Served {
  readonly code: number;
  readonly err: string;
  readonly posted: { status: number; id?: string } | undefined;
  readonly received: CloudEvent | undefined;
  readonly metrics: string;
  /** The types of every entry on the stream once the runtime stopped. */
  readonly types: readonly string[];
}

const data = { id: '01890a5d-ac96-774b-bcce-b302099a8057', kind: 'note', modality: 'text', tier: 'stm', tags: [], embedded: false };

/** `cortex serve` on a fresh stream with `env` added; posts one `memory.stored` and reads what reached Redis. */
async function serveOnRedis(env: Record<string, string>): Promise<Served> {
  const stream = `cli:${randomUUID()}`;
  // The other runtime: a kernel on the same stream, with no contract for the type (it only listens).
  const peerTransport = createRedisStreamsTransport({ url: url as string, stream, blockMs: 200 });
  const peer = createKernel({ plugins: [], eventTransport: peerTransport });
  const arrived = new Promise<CloudEvent>((resolve) => peer.events.subscribe('memory.stored', resolve));
  await peerTransport.ready;
  let posted: Served['posted'];
  let received: CloudEvent | undefined;
  let metrics = '';
  const err: string[] = [];
  const code = await runCli(['serve'], cliIo(err, { CORTEX_EVENTS_REDIS__STREAM: stream, CORTEX_EVENTS_REDIS__BLOCK_MS: '200', ...env }), {
    signals: false,
    onStarted: async (runtime) => {
      try {
        const base = runtime.address?.url;
        const response = await fetch(`${base}/a2a/events/memory.stored`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'r-1', source: '/cli-test', data }),
        });
        posted = { status: response.status, ...((await response.json()) as { id?: string }) };
        received = await arrived;
        metrics = await (await fetch(`${base}/metrics`)).text();
      } finally {
        await runtime.stop();
      }
    },
  });
  const page = await peerTransport.read({ limit: 1000 });
  await peer.stop();
  const published = new RegExp(`cortex_events_published_total\\{stream="${stream}"\\} (\\d+)`).exec(metrics);
  expect(metrics).toContain(`cortex_events_transport_up{stream="${stream}"} 1`);
  expect(Number(published?.[1])).toBeGreaterThanOrEqual(1);
  return { code, err: err.join('\n'), posted, received, metrics, types: page.entries.map((entry) => entry.event.type) };
}

describe.skipIf(reason !== undefined)('cortex serve with the event bus on Redis', () => {
  it('sends an event posted to it to another runtime on the stream CORTEX_EVENTS_REDIS__* name, and exports its metrics', async () => {
    const served = await serveOnRedis({});
    expect(served.code, served.err).toBe(0);
    expect(served.posted?.status).toBe(201);
    expect(served.received?.id).toBe(served.posted?.id);
    expect(served.received?.data).toEqual(data);
    // The posted event and the runtime's own lifecycle events: without `select` every type goes to Redis.
    expect(served.types).toContain('memory.stored');
    expect(served.types.some((type) => !type.startsWith('memory.'))).toBe(true);
  });

  it('sends only the types CORTEX_EVENTS_REDIS__SELECT names by pattern', async () => {
    const served = await serveOnRedis({ CORTEX_EVENTS_REDIS__SELECT: 'memory.*,tasks.created' });
    expect(served.code, served.err).toBe(0);
    expect(served.received?.id).toBe(served.posted?.id);
    expect(served.types).toEqual(['memory.stored']);
  });

  it('refuses an empty pattern list as a configuration error', async () => {
    const err: string[] = [];
    const code = await runCli(['serve'], cliIo(err, { CORTEX_EVENTS_REDIS__SELECT: '[]' }));
    expect(code).toBe(3);
    expect(err.join('\n')).toMatch(/CORTEX_EVENTS_REDIS__SELECT: Too small/);
  });
});
