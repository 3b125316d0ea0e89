import { describe, expect, it } from 'vitest';
import { sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

describe('sendJson', () => {
  it('answers with the status, a JSON content type, extra headers and the JSON body', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 429, { error: { message: 'slow down' } }, { 'retry-after': '2' }),
    );
    const response = await fetch(server.url);
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
  });
});
