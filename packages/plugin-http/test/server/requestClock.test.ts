import { tracingChannel } from 'node:diagnostics_channel';
import { createHttpServer, httpRequestChannelName, type HttpRequestMessage } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

describe('the request clock (issue 14 §3)', () => {
  it("starts when the connection was accepted: a first request's wait before it was read counts in its duration", async () => {
    // The clock reads 0 when the connection is accepted, then 3000 ms: the request was read 3 s
    // later (a busy event loop) and answered at once. Timed from its parsing it would take 0 s.
    const readings = [0];
    const clock = (): number => readings.shift() ?? 3000;
    const seconds: (number | undefined)[] = [];
    const ignore = (): void => undefined;
    const handlers = {
      start: ignore,
      end: ignore,
      asyncStart: ignore,
      error: ignore,
      asyncEnd: (m: HttpRequestMessage) => seconds.push(m.seconds),
    };
    const channel = tracingChannel<unknown, HttpRequestMessage>(httpRequestChannelName);
    await using server = createHttpServer({ clock });
    server.route({ method: 'GET', path: '/ping', auth: 'none', handler: () => ({ pong: true }) });
    const { url } = await server.listen();
    channel.subscribe(handlers);
    try {
      const response = await fetch(`${url}/ping`, { headers: { connection: 'close' } });
      expect(await response.json()).toEqual({ pong: true });
    } finally {
      channel.unsubscribe(handlers);
    }
    expect(seconds).toEqual([3]);
  });
});
