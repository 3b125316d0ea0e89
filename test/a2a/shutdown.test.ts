// The runtime's shutdown ends an A2A SSE stream whose task is blocked (it would publish no more
// events): the client's stream ends cleanly and the stop does not wait for the HTTP drain deadline
// (the test's own short timeout would fail it: the drain deadline is 30 s).
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, waitScript } from './fixtures.js';

describe('A2A streams at shutdown', () => {
  for (const operation of ['SendStreamingMessage', 'SubscribeToTask'] as const) {
    it(`ends an open ${operation} stream of a blocked task when the runtime stops`, async () => {
      const runtime = await startA2aRuntime(waitScript);
      const client = new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '1.0' });
      const sending = client.stream({ message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'wait' }] } });
      const first = (await sending.next()).value as { task: { id: string } };
      const stream = operation === 'SendStreamingMessage' ? sending : client.stream({ id: first.task.id }, 'SubscribeToTask');
      if (operation === 'SubscribeToTask') expect(((await stream.next()).value as { task: { id: string } }).task.id).toBe(first.task.id);
      await runtime[Symbol.asyncDispose]();
      const rest: unknown[] = [];
      for await (const event of stream) rest.push(event);
      expect(rest.every((event) => JSON.stringify(event).includes('TASK_STATE_'))).toBe(true);
      await sending.return(undefined);
    }, 10_000);
  }
});
