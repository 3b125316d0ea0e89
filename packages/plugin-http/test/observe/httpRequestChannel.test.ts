import { request as httpRequest } from 'node:http';
import { tracingChannel } from 'node:diagnostics_channel';
import { createHttpServer, httpRequestChannelName, type HttpRequestMessage } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTP request channel', () => {
  it('announces each request with its route pattern (never the URL), then its status and duration', async () => {
    const seen: string[] = [];
    const channel = tracingChannel<unknown, HttpRequestMessage>(httpRequestChannelName);
    const ignore = (): void => undefined;
    const handlers = {
      end: ignore,
      asyncStart: ignore,
      error: ignore,
      start: (m: HttpRequestMessage) => seen.push(`start ${m.method} ${m.route}`),
      asyncEnd: (m: HttpRequestMessage) => seen.push(`end ${m.method} ${m.route} ${m.status} ${(m.seconds ?? -1) >= 0}`),
    };
    await using server = createHttpServer({});
    server.route({ method: 'GET', path: '/items/:id', auth: 'none', handler: ({ params }) => ({ id: (params as { id: string }).id }) });
    const { url } = await server.listen();
    await get(`${url}/items/1`); // nobody listens yet: nothing announced
    channel.subscribe(handlers);
    try {
      await get(`${url}/items/42?secret=1`);
      await get(`${url}/nowhere/7`);
    } finally {
      channel.unsubscribe(handlers);
    }
    expect(seen).toEqual(['start GET /items/:id', 'end GET /items/:id 200 true', 'start GET unmatched', 'end GET unmatched 404 true']);
  });
});
