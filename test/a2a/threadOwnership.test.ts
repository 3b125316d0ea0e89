// The A2A `contextId` continues a conversation — the sender's own. Another principal who sends a
// message with the same contextId (a client may name its context, and ids travel in logs and
// links) starts a conversation of their own and sees nothing of the first: before, their run was
// given the first principal's history. A real runtime on 127.0.0.1 with two bearer tokens, in the
// request's process and as durable tasks.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';

const tokens = { ada: 'a2a-thread-owner-token-ada', bob: 'a2a-thread-owner-token-bob' };

describe('an A2A context belongs to its sender', () => {
  it.each([
    ['in the request’s process', []],
    ['as a durable task', [tasksPlugin({ file: ':memory:' })]],
  ])('continues only the sender’s own conversation, %s', async (_, more) => {
    const model = createScriptedModelProvider({
      script: [{ text: 'Noted: 1234.' }, { text: 'Nothing yet.' }, { text: 'Your PIN is 1234.' }],
    });
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        httpPlugin({
          port: 0,
          metrics: { defaultMetrics: false },
          auth: { tokens: Object.entries(tokens).map(([principal, token]) => ({ token, principal })) },
        }),
        ...agentRuntimePlugins({
          model,
          agents: [defineAgent({ name: 'chat', description: 'Chats.', instructions: 'Chat.' })],
          plugins: more,
        }),
        a2aServerPlugin({ name: 'chat-runtime', version: '1.0.0', auth: 'bearer' }),
      ],
    });
    await using runtime = await startRuntime(kernel, { signals: false });
    const send = async (who: keyof typeof tokens, text: string) => {
      const client = new A2aJsonRpcClient({
        agent: 'chat',
        url: `${runtime.address?.url}/a2a/jsonrpc`,
        version: '1.0',
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
      const message = {
        messageId: crypto.randomUUID(),
        contextId: 'ctx-shared',
        role: 'ROLE_USER',
        parts: [{ text }],
        metadata: { skillId: 'chat' },
      };
      const sent = (await client.call('SendMessage', { message })) as { task: { contextId: string; status: { state: string } } };
      expect(sent.task).toMatchObject({ contextId: 'ctx-shared', status: { state: 'TASK_STATE_COMPLETED' } });
    };
    const conversation = (request: number) =>
      (model.requests[request]?.messages ?? []).filter((m) => m.role !== 'system').map((m) => `${m.role}: ${String(m.content)}`);

    await send('ada', 'My PIN is 1234.');
    await send('bob', 'What did we talk about?');
    await send('ada', 'What is my PIN?');
    expect(conversation(1)).toEqual(['user: What did we talk about?']);
    expect(conversation(2)).toEqual(['user: My PIN is 1234.', 'assistant: Noted: 1234.', 'user: What is my PIN?']);
  });
});
