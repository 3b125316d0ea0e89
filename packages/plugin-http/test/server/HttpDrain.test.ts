import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
import { httpServiceToken, type HttpServicePhase } from '@cortex-os/http-api';
import { createKernel, definePlugin } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { createHttpServer, httpPlugin } from '@cortex-os/plugin-http';
import { describe, expect, it, onTestFinished, vi } from 'vitest';

/** A GET whose answer is awaited later; `sent` settles once the server has the request. */
function get(url: string): { readonly answer: Promise<{ status: number; body: string }> } {
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  return { answer };
}

function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('HttpService drain with tracked streams', () => {
  it('ends tracked streams after it stops accepting and before it waits for requests in flight', async () => {
    const log: string[] = [];
    const arrived = gate();
    const streamOpen = gate();
    const release = gate();
    const server = createHttpServer();
    server.onPhase((phase) => void log.push(`phase ${phase}`));
    server.mountRaw({
      path: '/events',
      methods: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': open\n\n');
        const untrack = server.trackStream({
          description: 'test stream',
          end: () => {
            log.push('stream end');
            res.end('event: bye\ndata: {}\n\n');
          },
        });
        res.once('close', untrack);
        streamOpen.open();
      },
    });
    server.route({
      method: 'GET',
      path: '/slow',
      handler: async () => {
        arrived.open();
        await release.opened;
        log.push('slow done');
        return { done: true };
      },
    });
    const { url } = await server.listen();
    const stream = get(`${url}/events`);
    const slow = get(`${url}/slow`);
    await Promise.all([streamOpen.opened, arrived.opened]);
    expect(server.openStreams).toBe(1);
    expect(server.inFlight).toBe(2);

    server.onPhase((phase) => {
      if (phase === 'closing') queueMicrotask(() => release.open());
    });
    const report = await server.shutdown();
    expect(report).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 1 });
    expect((await stream.answer).body).toContain('event: bye');
    expect(await slow.answer).toEqual({ status: 200, body: '{"done":true}' });
    expect(log).toEqual(['phase listening', 'phase draining', 'phase closing', 'stream end', 'slow done', 'phase closed']);
    expect(server.openStreams).toBe(0);
  });

  it('ends at once a stream tracked once closing, and logs an end that fails', async () => {
    const logs = createTestLogger();
    const server = createHttpServer({ logger: logs.logger });
    await server.listen();
    const ended: string[] = [];
    server.trackStream({
      description: 'broken',
      end: () => {
        throw new Error('cannot end');
      },
    });
    await server.shutdown();
    server.trackStream({ description: 'late', end: () => void ended.push('late') });
    await Promise.resolve();
    expect(ended).toEqual(['late']);
    expect(logs.entries().some((e) => e.msg === 'ending a tracked stream failed')).toBe(true);
  });

  it('reports the requests the deadline cut', async () => {
    const arrived = gate();
    const server = createHttpServer({ drain: { deadlineMs: 1 } });
    server.route({
      method: 'GET',
      path: '/stuck',
      handler: async () => {
        arrived.open();
        await new Promise(() => undefined);
      },
    });
    const { url } = await server.listen();
    const stuck = get(`${url}/stuck`).answer.catch((error: unknown) => error);
    await arrived.opened;
    expect(await server.shutdown()).toEqual({ outcome: 'deadline', cut: 1, streamsEnded: 0 });
    expect(await stuck).toBeInstanceOf(Error);
  });
});

describe('HttpService drain with connections that sent nothing', () => {
  it('closes a connection that never sent a byte when it stops accepting, instead of waiting for the headers timeout or the deadline', async () => {
    // A browser's speculative connection, or a client pool's spare one: open, silent. Node's
    // server.close() counts it busy (its headers timer runs), so only the deadline would end it.
    const server = createHttpServer({ drain: { deadlineMs: 2_000 }, timeouts: { headersMs: 60_000, requestMs: 120_000 } });
    server.route({ method: 'GET', path: '/ping', handler: () => ({ pong: true }) });
    const { url, host, port } = await server.listen();
    const silent = connect(port, host);
    await once(silent, 'connect');
    const silentClosed = once(silent, 'close');
    // A kept-alive connection that finished its request is closed as idle, as before.
    expect(await get(`${url}/ping`).answer).toEqual({ status: 200, body: '{"pong":true}' });

    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    await silentClosed;
    expect(silent.bytesRead).toBe(0);
  });
});

describe('httpPlugin: one time budget for the drain', () => {
  it('lets a request longer than the kernel hook limit, inside the drain deadline, complete with a clean stop', async () => {
    const arrived = gate();
    const release = gate();
    const phases: HttpServicePhase[] = [];
    const closing = gate();
    const slow = definePlugin({
      name: 'slow',
      version: '1.0.0',
      requires: { http: httpServiceToken },
      start({ deps }) {
        deps.http.onPhase((phase) => {
          phases.push(phase);
          if (phase === 'closing') closing.open();
        });
        deps.http.route({
          method: 'GET',
          path: '/slow',
          handler: async () => {
            arrived.open();
            await release.opened;
            return { done: true };
          },
        });
      },
    });
    const kernel = createKernel({
      plugins: [httpPlugin({ port: 0, drain: { deadlineMs: 60_000 }, metrics: { enabled: false } }), slow()],
      logger: createTestLogger().logger,
      hookTimeoutMs: 50,
    });
    await kernel.start();
    const { url } = await kernel.get(httpServiceToken).listen();
    const answer = get(`${url}/slow`).answer;
    await arrived.opened;
    // Only the kernel's timers are fake; sockets keep Node's own.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const stopped = kernel.stop();
    await closing.opened;
    // Far past the kernel's hook limit, far before the drain deadline.
    await vi.advanceTimersByTimeAsync(5_000);
    release.open();
    const report = await stopped;
    expect(report.problems).toEqual([]);
    expect(await answer).toEqual({ status: 200, body: '{"done":true}' });
    expect(phases).toEqual(['listening', 'draining', 'closing', 'closed']);
  });
});
