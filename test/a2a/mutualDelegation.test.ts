// Two runtimes delegating to each other over A2A: travel's planner asks weather's forecaster,
// whose agent asks travel's planner back. Each imports the other as a remote agent, so one of them
// must start before the other is listening: its remote reads the card at the first call
// (`readCard: 'at-first-call'`). The loop ends where a runtime's maxDelegationDepth says.
// Two real runtimes on 127.0.0.1, scripted models.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { A2aJsonRpcClient, a2aClientPlugin, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { type AgentDefinition, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { closedPort, createScriptedModelProvider, type ScriptedModelRequest } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, weatherScript } from './fixtures.js';

type Listed = {
  tasks: { status: { state: string; message?: { parts: { text?: string }[] } }; artifacts?: { parts: { text?: string }[] }[] }[];
};

/** Calls `tool` once, then answers with `prefix` and what the tool said (or that it failed). */
function delegatingModel(tool: string, prefix: string) {
  const step = (request: ScriptedModelRequest) => {
    const result = request.messages.find((message) => message.role === 'tool');
    if (result === undefined) return { toolCalls: [{ name: tool, arguments: { input: 'Plan Oslo.' } }] };
    // plugin-agents reports a failed tool call to the model as `{"error":{"code":…}}`.
    return { text: `${prefix}: ${String(result.content).includes('A2A_TASK_UNFINISHED') ? 'refused' : 'answered'}` };
  };
  return createScriptedModelProvider({ script: Array.from({ length: 8 }, () => step) });
}

function delegatingAgent(name: string, tool: string): AgentDefinition {
  return defineAgent({
    name,
    description: `${name}, asking ${tool}.`,
    instructions: 'Ask, then answer.',
    tools: [tool],
    approval: [],
    budgets: { maxSteps: 3 },
  });
}

async function startDelegating(options: {
  name: string;
  port: number;
  agent: AgentDefinition;
  tool: string;
  remote: Parameters<typeof a2aClientPlugin>[0];
}) {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model: delegatingModel(options.tool, options.name),
      agents: [options.agent],
      plugins: [
        httpPlugin({ port: options.port, host: '127.0.0.1', metrics: { defaultMetrics: false } }),
        a2aClientPlugin(options.remote),
        a2aServerPlugin({ name: options.name, maxDelegationDepth: 2 }),
      ],
    }),
  });
  return startRuntime(kernel, { signals: false });
}

describe('two runtimes delegating to each other', () => {
  it('each calls the other’s agent, the one started first reading the other’s card at its first call, until the depth bound', async () => {
    const travelPort = await closedPort();
    const travelUrl = `http://127.0.0.1:${travelPort}`;
    // weather starts first: travel is not listening yet, so its card is read at the first call.
    await using weather = await startDelegating({
      name: 'weather',
      port: 0,
      agent: delegatingAgent('forecaster', 'a2a.travel'),
      tool: 'a2a.travel',
      remote: { remotes: [{ name: 'travel', url: travelUrl, readCard: 'at-first-call', description: 'The travel runtime’s planner.' }] },
    });
    const weatherUrl = weather.address?.url ?? '';
    await using _travel = await startDelegating({
      name: 'travel',
      port: travelPort,
      agent: delegatingAgent('planner', 'a2a.weather'),
      tool: 'a2a.weather',
      remote: { remotes: [{ name: 'weather', url: weatherUrl }] },
    });

    // travel (depth 0) → weather (1) → travel (2) → weather (3: refused, over maxDelegationDepth 2).
    const travelClient = new A2aJsonRpcClient({ agent: 'travel', url: `${travelUrl}/a2a/jsonrpc`, version: '1.0' });
    const sent = (await travelClient.call('SendMessage', {
      message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'Plan Oslo.' }] },
    })) as { task: Listed['tasks'][number] };
    expect(sent.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(sent.task.artifacts?.[0]?.parts[0]?.text).toBe('travel: answered');

    const weatherClient = new A2aJsonRpcClient({ agent: 'weather', url: `${weatherUrl}/a2a/jsonrpc`, version: '1.0' });
    const atWeather = (await weatherClient.call('ListTasks', {})) as Listed;
    expect(atWeather.tasks.map((task) => task.status.state).sort()).toEqual(['TASK_STATE_COMPLETED', 'TASK_STATE_REJECTED']);
    const rejected = atWeather.tasks.find((task) => task.status.state === 'TASK_STATE_REJECTED');
    expect(rejected?.status.message?.parts[0]?.text).toBe('The message is 3 A2A delegations deep; this runtime runs at most 2.');
    const atTravel = (await travelClient.call('ListTasks', { includeArtifacts: true })) as Listed;
    // The caller's task and the one weather's forecaster sent back, whose planner was refused one level down.
    expect(atTravel.tasks.map((task) => task.artifacts?.[0]?.parts[0]?.text).sort()).toEqual(['travel: answered', 'travel: refused']);
  });

  it('a remote read at the first call fails that call with a typed error while its agent is down, and works once it is up', async () => {
    const port = await closedPort();
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: delegatingModel('a2a.later', 'caller'),
        agents: [],
        plugins: [
          a2aClientPlugin({ remotes: [{ name: 'later', url: `http://127.0.0.1:${port}`, readCard: 'at-first-call', retry: false }] }),
        ],
      }),
    });
    await kernel.start();
    await using caller = kernel;
    const tool = caller.tools.get('a2a.later');
    expect(tool?.description).toBe(`Remote A2A agent "later" at http://127.0.0.1:${port} (its card is read at the first call).`);
    await expect(caller.tools.call('a2a.later', { input: 'Hello?' })).rejects.toMatchObject({ code: 'A2A_REMOTE_FAILED' });
    await using _later = await startA2aRuntime(weatherScript, {}, { port });
    // Not cached: the failure above left the next call to read the card again.
    const result = await caller.tools.call<{ state: string; text: string }>('a2a.later', { input: 'Hello?' });
    expect(result.structured).toMatchObject({ state: 'completed', text: 'Sunny in Oslo.' });
  });
});
