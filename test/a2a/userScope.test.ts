// An agent whose memory is scoped per user, served over A2A (in the request's process, and as a
// durable task with the tasks plugin): each message runs for its authenticated sender, so the
// recall's tag filter is the sender's user and the run's tools see the sender as its principal — a real runtime on 127.0.0.1 with bearer tokens naming
// two principals, plugin-agents' recording doubles of the memory tools noting their filters.
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { currentDelegation, defineAgent } from '@cortex-os/plugin-agents';
import { recordingMemoryTools } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedAgentPlugins } from '../support/scriptedAgents.js';

const tokens = [
  { token: 'a2a-user-scope-token-ada', principal: 'ada' },
  { token: 'a2a-user-scope-token-bob', principal: 'bob' },
];

const concierge = defineAgent({
  name: 'concierge',
  description: 'Knows what each guest likes.',
  instructions: 'Answer from memory.',
  tools: ['whoami'],
  memory: { scope: ['user'], writeBack: [] },
});

/** A tool that notes whom the agent run calling it acts for. */
function whoamiTool(seen: (string | undefined)[]) {
  return defineTool({
    name: 'whoami',
    description: 'Whom the run acts for.',
    input: z.object({}),
    annotations: { readOnlyHint: true },
    handler: () => {
      seen.push(currentDelegation()?.principal);
      return {};
    },
  });
}
const askWho = { toolCalls: [{ id: 'who', name: 'whoami', arguments: {} }] };

describe('a user-scoped agent over A2A', () => {
  it.each([
    ['in the request’s process', []],
    ['as a durable task', [tasksPlugin({ file: ':memory:' })]],
  ])('runs each message for its authenticated sender, %s', async (_, more) => {
    const memory = recordingMemoryTools();
    const principals: (string | undefined)[] = [];
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        httpPlugin({ port: 0, metrics: { defaultMetrics: false }, auth: { tokens } }),
        ...scriptedAgentPlugins({
          script: [askWho, { text: 'Tea.' }, askWho, { text: 'Coffee.' }],
          tools: [...memory.tools, whoamiTool(principals)],
          agents: [concierge],
        }),
        ...more,
        a2aServerPlugin({ name: 'concierge-runtime', version: '1.0.0', auth: 'bearer' }),
      ],
    });
    await using runtime = await startRuntime(kernel, { signals: false });
    const send = async (token: string) => {
      const client = new A2aJsonRpcClient({
        agent: 'concierge',
        url: `${runtime.address?.url}/a2a/jsonrpc`,
        version: '1.0',
        headers: { authorization: `Bearer ${token}` },
      });
      const sent = (await client.call('SendMessage', {
        message: {
          messageId: crypto.randomUUID(),
          role: 'ROLE_USER',
          parts: [{ text: 'Tea or coffee?' }],
          metadata: { skillId: 'concierge' },
        },
        configuration: { returnImmediately: false },
      })) as { task: { status: { state: string } } };
      return sent.task.status.state;
    };
    expect(await send('a2a-user-scope-token-ada')).toBe('TASK_STATE_COMPLETED');
    expect(await send('a2a-user-scope-token-bob')).toBe('TASK_STATE_COMPLETED');
    expect(memory.searched).toEqual([['user:ada'], ['user:bob']]);
    // The run's tools see whom it acts for: the sender.
    expect(principals).toEqual(['ada', 'bob']);
  });
});
