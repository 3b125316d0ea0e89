import { describe, expect, it } from 'vitest';
import { rejectionOf } from '@cortex-os/kernel/testing';
import { sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

describe('startTestHttpServer', () => {
  it('serves on 127.0.0.1 and records each request with its body read', async () => {
    await using server = await startTestHttpServer((request, response) => sendJson(response, 200, { echoed: request.body }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/v1/embeddings?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['a'] }),
    });
    expect(await response.json()).toEqual({ echoed: '{"input":["a"]}' });
    await fetch(server.url);
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'POST', url: '/v1/embeddings?x=1', body: '{"input":["a"]}' }),
      expect.objectContaining({ method: 'GET', url: '/', body: '' }),
    ]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('destroys the response when the handler throws or rejects, as a crashing server would', async () => {
    await using server = await startTestHttpServer((request) => {
      if (request.url === '/sync') throw new Error('handler bug');
      return Promise.reject(new Error('async handler bug'));
    });
    expect(await rejectionOf(fetch(`${server.url}/sync`))).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(await rejectionOf(fetch(`${server.url}/async`))).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(server.requests).toHaveLength(2);
  });

  it('closes every connection, a response left open included, when disposed', async () => {
    let url = '';
    let body: ReadableStreamDefaultReader<Uint8Array> | undefined;
    {
      await using server = await startTestHttpServer((_request, response) => {
        response.writeHead(200);
        response.write('partial');
      });
      url = server.url;
      body = (await fetch(server.url)).body?.getReader();
      expect(new TextDecoder().decode((await body?.read())?.value)).toBe('partial');
    }
    expect(await rejectionOf(body?.read() ?? Promise.resolve())).toBeInstanceOf(Error);
    expect(await rejectionOf(fetch(url))).toMatchObject({ cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
  });
});
