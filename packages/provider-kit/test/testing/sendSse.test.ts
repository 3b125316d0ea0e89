import { describe, expect, it } from 'vitest';
import { deferred } from '@cortex-os/kernel/testing';
import { sendSse, startTestHttpServer } from '@cortex-os/provider-kit/testing';

/** Reads a body chunk by chunk, as a streaming client sees it. */
async function chunksOf(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body ?? []) chunks.push(decoder.decode(chunk));
  return chunks;
}

describe('sendSse', () => {
  it('sends objects as JSON data events and strings as they are, then ends', async () => {
    await using server = await startTestHttpServer((_request, response) => sendSse(response, [{ n: 1 }, 'two\nlines', '[DONE]']));
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: {"n":1}\n\ndata: two\ndata: lines\n\ndata: [DONE]\n\n');
  });

  it('takes a status and headers', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendSse(response, [], { status: 202, headers: { 'x-request-id': 'r1' } }),
    );
    const response = await fetch(server.url);
    expect([response.status, response.headers.get('x-request-id'), await response.text()]).toEqual([202, 'r1', '']);
  });

  it('writes the body in pieces of chunkSize characters', async () => {
    await using server = await startTestHttpServer((_request, response) => sendSse(response, [{ a: 1 }, { b: 2 }], { chunkSize: 5 }));
    const body = 'data: {"a":1}\n\ndata: {"b":2}\n\n';
    expect((await chunksOf(await fetch(server.url))).join('')).toBe(body);
  });

  it('leaves the response open with end: false', async () => {
    const closed = deferred();
    await using server = await startTestHttpServer((_request, response) => {
      response.on('close', () => closed.resolve());
      sendSse(response, [{ n: 1 }], { end: false });
    });
    const controller = new AbortController();
    const response = await fetch(server.url, { signal: controller.signal });
    const reader = response.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('data: {"n":1}\n\n');
    controller.abort();
    await closed.promise;
  });

  it('refuses a chunkSize that is not a whole number of 1 or more', async () => {
    const thrown = deferred<unknown>();
    await using server = await startTestHttpServer((_request, response) => {
      try {
        sendSse(response, [], { chunkSize: 0 });
      } catch (error) {
        thrown.resolve(error);
        response.end();
      }
    });
    await fetch(server.url);
    expect(await thrown.promise).toMatchObject({
      code: 'TESTING_ARGUMENT_INVALID',
      kind: 'invalid-input',
      message: 'chunkSize must be a whole number of characters, 1 or more; got 0.',
    });
  });
});
