import { connect } from 'node:net';
import { once } from 'node:events';
import { tracingChannel } from 'node:diagnostics_channel';
import { createHttpServer, httpRequestChannelName, type HttpRequestMessage } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

function gate<T = void>(): { readonly opened: Promise<T>; open(value: T): void } {
  let open: (value: T) => void = () => undefined;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function untilAborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

/** Fetches with an AbortSignal; resolves with the error the abort raised. */
function abortableFetch(url: string, init: RequestInit = {}): { readonly failed: Promise<unknown>; abort(): void } {
  const controller = new AbortController();
  const failed = fetch(url, { ...init, signal: controller.signal }).then(
    () => new Error('the request was answered'),
    (error: unknown) => error,
  );
  return { failed, abort: () => controller.abort() };
}

describe('a request whose client aborts while its handler runs', () => {
  it('aborts the handler signal, settles the request, and the drain does not wait for it', async () => {
    const log: string[] = [];
    const arrived = gate();
    // The drain deadline is far above the test's timeout: a drain waiting on the aborted request fails the test.
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    server.route({
      method: 'GET',
      path: '/wait',
      handler: async (context) => {
        arrived.open();
        const reason = (await untilAborted(context.signal)) as { code?: string };
        log.push(`handler aborted: ${reason.code}`);
        return { ok: true };
      },
    });
    const { url } = await server.listen();
    const client = abortableFetch(`${url}/wait`);
    await arrived.opened;
    client.abort();
    expect(((await client.failed) as Error).name).toBe('AbortError');

    const report = await server.shutdown();
    expect(report).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    expect(log).toEqual(['handler aborted: HTTP_CLIENT_CLOSED']);
    expect(server.inFlight).toBe(0);
  });

  it('settles a request whose handler ignores its signal, and the drain does not wait for the handler', async () => {
    const arrived = gate();
    const release = gate();
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    server.route({
      method: 'POST',
      path: '/ignore',
      handler: async () => {
        arrived.open();
        await release.opened;
        return { ok: true };
      },
    });
    const { url } = await server.listen();
    const client = abortableFetch(`${url}/ignore`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await arrived.opened;
    client.abort();
    await client.failed;

    const report = await server.shutdown();
    expect(report).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    expect(server.inFlight).toBe(0);
    release.open();
  });

  it('aborts a signal the handler reads only after the client went away', async () => {
    const arrived = gate();
    const gone = gate();
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    const seen = gate<string>();
    server.route({
      method: 'GET',
      path: '/late',
      handler: async (context) => {
        arrived.open();
        await gone.opened;
        seen.open(context.signal.aborted ? String((context.signal.reason as { code?: string }).code) : 'not aborted');
        return { ok: true };
      },
    });
    const { url } = await server.listen();
    const client = abortableFetch(`${url}/late`);
    await arrived.opened;
    client.abort();
    await client.failed;
    // The drain completes only once the server saw the connection close: the handler reads its signal after that.
    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    gone.open();
    expect(await seen.opened).toBe('HTTP_CLIENT_CLOSED');
  });

  it('settles a raw mount whose client aborted, aborts its signal, and the drain does not wait for its handler', async () => {
    const arrived = gate();
    const release = gate();
    const seen = gate<string>();
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    server.mountRaw({
      path: '/raw',
      methods: ['POST'],
      handler: async (_req, res, _body, context) => {
        arrived.open();
        seen.open(String(((await untilAborted(context.signal)) as { code?: string }).code));
        await release.opened;
        if (!res.destroyed) res.end('late');
      },
    });
    const { url } = await server.listen();
    const client = abortableFetch(`${url}/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await arrived.opened;
    client.abort();
    await client.failed;
    expect(await seen.opened).toBe('HTTP_CLIENT_CLOSED');
    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    expect(server.inFlight).toBe(0);
    release.open();
  });

  it('aborts the signal of a client that half-closes its connection (FIN) while the handler runs', async () => {
    const arrived = gate();
    const seen = gate<string>();
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    server.route({
      method: 'POST',
      path: '/fin',
      handler: async (context) => {
        arrived.open();
        seen.open(String(((await untilAborted(context.signal)) as { code?: string }).code));
        return { ok: true };
      },
    });
    const { url } = await server.listen();
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    socket.write('POST /fin HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 7\r\n\r\n{"a":1}');
    await arrived.opened;
    socket.end();
    expect(await seen.opened).toBe('HTTP_CLIENT_CLOSED');
    expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    expect(server.inFlight).toBe(0);
    socket.destroy();
  });

  it('records a request whose client went away as ended (status 499), on a route and on a raw mount', async () => {
    const seen: string[] = [];
    const channel = tracingChannel<unknown, HttpRequestMessage>(httpRequestChannelName);
    const ignore = (): void => undefined;
    const handlers = {
      end: ignore,
      asyncStart: ignore,
      error: ignore,
      start: (m: HttpRequestMessage) => seen.push(`start ${m.route}`),
      asyncEnd: (m: HttpRequestMessage) => seen.push(`end ${m.route} ${m.status}`),
    };
    const arrived: Record<string, ReturnType<typeof gate<void>>> = { '/held': gate(), '/raw-held': gate() };
    const release = gate();
    const server = createHttpServer({ drain: { deadlineMs: 600_000 } });
    server.route({
      method: 'GET',
      path: '/held',
      handler: async () => {
        arrived['/held']?.open();
        await release.opened;
        return { late: true };
      },
    });
    server.mountRaw({
      path: '/raw-held',
      methods: ['GET'],
      handler: async (_req, res) => {
        arrived['/raw-held']?.open();
        await release.opened;
        res.end('late');
      },
    });
    const { url } = await server.listen();
    channel.subscribe(handlers);
    try {
      for (const path of ['/held', '/raw-held']) {
        const client = abortableFetch(`${url}${path}`);
        await arrived[path]?.opened;
        client.abort();
        await client.failed;
      }
      expect(await server.shutdown()).toEqual({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    } finally {
      channel.unsubscribe(handlers);
      release.open();
    }
    expect(seen).toEqual(['start /held', 'end /held 499', 'start /raw-held', 'end /raw-held 499']);
  });
});
