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
// /metrics shows the transport's counts.
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

describe.skipIf(reason !== undefined)('cortex serve with the event bus on Redis', () => {
  it('sends an event posted to it to another runtime on the stream CORTEX_EVENTS_REDIS__* name, and exports its metrics', async () => {
    const stream = `cli:${randomUUID()}`;
    // The other runtime: a kernel on the same stream, with no contract for the type (it only listens).
    const peerTransport = createRedisStreamsTransport({ url: url as string, stream, blockMs: 200 });
    const peer = createKernel({ plugins: [], eventTransport: peerTransport });
    const arrived = new Promise<CloudEvent>((resolve) => peer.events.subscribe('memory.stored', resolve));
    await peerTransport.ready;
    const data = { id: '01890a5d-ac96-774b-bcce-b302099a8057', kind: 'note', modality: 'text', tier: 'stm', tags: [], embedded: false };
    let posted: { status: number; id?: string } | undefined;
    let received: CloudEvent | undefined;
    let metrics = '';
    const err: string[] = [];
    const code = await runCli(
      ['serve'],
      {
        out: () => undefined,
        err: (line) => err.push(line),
        cwd: folder('cortex-cli-'),
        env: {
          CORTEX_HOME: folder('cortex-home-'),
          CORTEX_HTTP_PORT: '0',
          CORTEX_EVENTS_REDIS__URL: url as string,
          CORTEX_EVENTS_REDIS__STREAM: stream,
          CORTEX_EVENTS_REDIS__BLOCK_MS: '200',
        },
      },
      {
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
      },
    );
    await peer.stop();
    expect(code, err.join('\n')).toBe(0);
    expect(posted?.status).toBe(201);
    expect(received?.id).toBe(posted?.id);
    expect(received?.data).toEqual(data);
    // The posted event and the runtime's own lifecycle events: every type goes to Redis.
    const published = new RegExp(`cortex_events_published_total\\{stream="${stream}"\\} (\\d+)`).exec(metrics);
    expect(Number(published?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain(`cortex_events_transport_up{stream="${stream}"} 1`);
  });
});
