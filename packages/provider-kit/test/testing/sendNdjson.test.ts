import { describe, expect, it } from 'vitest';
import { sendNdjson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

describe('sendNdjson', () => {
  it('sends objects as JSON lines and strings as they are, one newline each, then ends', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [{ n: 1 }, 'not json', '{"n":3}\n']));
    const response = await fetch(server.url);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await response.text()).toBe('{"n":1}\nnot json\n{"n":3}\n');
  });

  it('writes the body in pieces of chunkSize characters', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [{ n: 1 }, { n: 2 }], { chunkSize: 3 }));
    const response = await fetch(server.url);
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    for await (const chunk of response.body ?? []) chunks.push(decoder.decode(chunk));
    expect(chunks.join('')).toBe('{"n":1}\n{"n":2}\n');
  });
});
