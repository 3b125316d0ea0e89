// A runtime (plugin-http + plugin-a2a) whose client aborted a request while its agent ran: on
// SIGTERM the HTTP drain completes without waiting for that request's work — here a tool that
// ignores its abort signal and is released only once the HTTP service has closed. The drain
// deadline (120 s) is far above this test's timeout, so a drain waiting on the request fails it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFixture } from '../support/runFixture.js';

describe('an A2A request aborted by its client', () => {
  for (const method of ['SendMessage', 'SendStreamingMessage'] as const) {
    it(`does not hold the HTTP drain (${method}); the process exits 0 once the work ends`, async () => {
      const server = runFixture(join(import.meta.dirname, 'abortedClientServer.ts'));
      const { url } = JSON.parse(await server.next((line) => line.startsWith('{'))) as { url: string };
      const controller = new AbortController();
      const answer = fetch(`${url}/a2a/jsonrpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method,
          params: { message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'hold' }] } },
        }),
        signal: controller.signal,
      }).then(async (response) => {
        // A stream's first event is sent before the run blocks: read until the abort ends it.
        for await (const _ of response.body ?? []) void _;
        return response.status;
      });
      await server.next((line) => line === 'arrived');
      controller.abort();
      await expect(answer).rejects.toMatchObject({ name: 'AbortError' });

      server.child.kill('SIGTERM');
      await server.next((line) => line === 'phase closed');
      server.say('release');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.seen.filter((line) => line === 'phase closed' || line === 'tool done')).toEqual(['phase closed', 'tool done']);
    }, 20_000);
  }
});
