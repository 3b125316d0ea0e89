// A remote A2A agent as a sub-agent of the local runtime (plugin-agents' external agents): listed
// by agents.list(), run by name, called by a local agent as agent.<name>, with the A2A delegation
// depth forwarded. Two real runtimes on 127.0.0.1.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aRemoteAgentsPlugin, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, weatherScript } from './fixtures.js';

const planner = defineAgent({
  name: 'planner',
  description: 'Plans a trip, asking the weather sub-agent.',
  instructions: 'Ask the weather agent, then answer.',
  tools: ['agent.weather'],
  budgets: { maxSteps: 4 },
});

const plannerRun = [{ toolCalls: [{ name: 'agent.weather', arguments: { input: 'Weather in Oslo?' } }] }, { text: 'Planned.' }];

type Listed = { tasks: { status: { state: string }; history: { metadata?: Record<string, unknown> }[] }[] };

describe('remote A2A agents as sub-agents', () => {
  it('are listed, run by name and called as agent.<name>, forwarding the delegation depth', async () => {
    await using weather = await startA2aRuntime([...weatherScript, ...weatherScript, ...weatherScript]);
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: createScriptedModelProvider({ script: [...plannerRun, ...plannerRun] }),
        agents: [planner],
        plugins: [
          httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
          a2aRemoteAgentsPlugin({ remotes: [{ name: 'weather', url: weather.url }] }),
          a2aServerPlugin({ name: 'travel-runtime' }),
        ],
      }),
    });
    await using travel = await startRuntime(kernel, { signals: false });
    const agents = kernel.get(agentsServiceToken);
    expect(agents.list().find((agent) => agent.name === 'weather')).toMatchObject({
      plugin: 'a2a-remote-agents',
      tool: 'agent.weather',
      structuredOutput: false,
    });

    // Run by name, like a local agent: the remote task's answer is the run's text.
    const direct = await agents.run('weather', { input: 'Weather in Oslo?' });
    expect(direct).toMatchObject({ agent: 'weather', status: 'completed', text: 'Sunny in Oslo.', output: { state: 'completed' } });

    // A local agent calls it as agent.weather; its answer reaches the planner's model.
    const planned = await agents.run('planner', { input: 'Plan Oslo.' });
    expect(planned).toMatchObject({ status: 'completed', output: 'Planned.' });
    expect(JSON.parse(planned.steps[0]?.toolCalls[0]?.content ?? '')).toMatchObject({ status: 'completed', text: 'Sunny in Oslo.' });

    // Run for an A2A task that was itself delegated twice: the sub-agent's message says 3.
    const client = new A2aJsonRpcClient({ agent: 'travel', url: `${travel.address?.url}/a2a/jsonrpc`, version: '1.0' });
    const message = {
      messageId: crypto.randomUUID(),
      role: 'ROLE_USER',
      parts: [{ text: 'Plan Oslo.' }],
      metadata: { cortexDelegationDepth: 2 },
    };
    expect(await client.call('SendMessage', { message })).toMatchObject({ task: { status: { state: 'TASK_STATE_COMPLETED' } } });

    const remote = new A2aJsonRpcClient({ agent: 'weather', url: `${weather.url}/a2a/jsonrpc`, version: '1.0' });
    const listed = (await remote.call('ListTasks', {})) as Listed;
    const depths = listed.tasks.map((task) => [task.status.state, task.history[0]?.metadata?.cortexDelegationDepth]);
    expect(depths).toHaveLength(3);
    expect(depths).toEqual(expect.arrayContaining([['TASK_STATE_COMPLETED', 3]]));
    expect(depths.filter(([, depth]) => depth === 1)).toHaveLength(2);
  });
});
