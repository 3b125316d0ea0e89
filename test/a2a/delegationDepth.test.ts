// Remote agents as sub-agents, bounded: a runtime whose agent delegates to a remote A2A agent sends
// how deep in a chain of delegations its message is (metadata.cortexDelegationDepth: one more than
// the A2A task it is running), and a runtime receiving a message deeper than its
// maxDelegationDepth rejects the task instead of running it — so runtimes delegating to each other
// cannot loop. Two real runtimes on 127.0.0.1.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aClientPlugin, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, weatherScript } from './fixtures.js';

const planner = defineAgent({
  name: 'planner',
  description: 'Plans a trip, asking the weather runtime.',
  instructions: 'Ask the weather agent, then answer.',
  tools: ['a2a.weather'],
  // The remote tool is open-world and not read-only: without this, it would wait for an approver the test has not.
  approval: [],
  budgets: { maxSteps: 4 },
});

/** One planner run: ask the remote weather agent, then answer whatever it said. */
const plannerRun = [{ toolCalls: [{ name: 'a2a.weather', arguments: { input: 'Weather in Oslo?' } }] }, { text: 'Planned.' }];

type Listed = {
  tasks: { status: { state: string; message?: { parts: { text?: string }[] } }; history: { metadata?: Record<string, unknown> }[] }[];
};

describe('A2A delegation depth', () => {
  it('sends its depth to the remote agent, and a runtime refuses a message deeper than it allows', async () => {
    await using weather = await startA2aRuntime([...weatherScript], { maxDelegationDepth: 1 });
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: createScriptedModelProvider({ script: [...plannerRun, ...plannerRun] }),
        agents: [planner],
        plugins: [
          httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
          a2aClientPlugin({ remotes: [{ name: 'weather', url: weather.url }] }),
          a2aServerPlugin({ name: 'travel-runtime' }),
        ],
      }),
    });
    await using travel = await startRuntime(kernel, { signals: false });
    const client = new A2aJsonRpcClient({ agent: 'travel', url: `${travel.address?.url}/a2a/jsonrpc`, version: '1.0' });
    const remote = new A2aJsonRpcClient({ agent: 'weather', url: `${weather.url}/a2a/jsonrpc`, version: '1.0' });
    const send = (metadata: Record<string, unknown>) =>
      client.call('SendMessage', {
        message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'Plan Oslo.' }], metadata },
      });

    // A first message (depth 0): the planner's call reaches the weather runtime at depth 1, which it allows.
    expect(await send({})).toMatchObject({ task: { status: { state: 'TASK_STATE_COMPLETED' } } });
    const first = (await remote.call('ListTasks', {})) as Listed;
    expect(first.tasks.map((task) => task.status.state)).toEqual(['TASK_STATE_COMPLETED']);
    expect(first.tasks[0]?.history[0]?.metadata).toMatchObject({ cortexDelegationDepth: 1 });

    // A message that was itself delegated once: the planner's call arrives at depth 2 and is rejected unrun.
    expect(await send({ cortexDelegationDepth: 1 })).toMatchObject({ task: { status: { state: 'TASK_STATE_COMPLETED' } } });
    const second = (await remote.call('ListTasks', { status: 'TASK_STATE_REJECTED' })) as Listed;
    expect(second.tasks).toHaveLength(1);
    expect(second.tasks[0]?.status.message?.parts[0]?.text).toBe('The message is 2 A2A delegations deep; this runtime runs at most 1.');
  });
});
