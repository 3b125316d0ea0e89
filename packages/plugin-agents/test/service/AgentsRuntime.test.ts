import { CortexError } from '@cortex-os/kernel';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { type AgentProblem, defaultAgentBudgets, defineAgent } from '@cortex-os/plugin-agents';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { createAgentKernel, startAgentKernel } from '../support/agentKernel.js';
import { deleteTool, weatherTool } from '../support/tools.js';

const forecaster = defineAgent({ name: 'forecaster', description: 'Weather.', instructions: 'Look it up.', tools: ['weather'] });

describe('AgentsRuntime validation at start', () => {
  it('fails kernel.start() with one AGENT_DEFINITIONS_INVALID listing every problem of every agent', async () => {
    const agents = [
      defineAgent({ name: 'typo', description: 'Typo.', instructions: 'Go.', tools: ['wether', 'files.*', 'memory.*'] }),
      defineAgent({ name: 'tiny', description: 'Tiny.', instructions: 'A long instruction. '.repeat(20), budgets: { maxTokens: 50 } }),
      defineAgent({ name: 'spender', description: 'Spends.', instructions: 'Go.', budgets: { maxCost: 1 } }),
      forecaster,
      forecaster,
    ];
    const { kernel } = createAgentKernel({ agents, tools: [weatherTool, deleteTool()], model: { script: [] } });
    const error = await rejectionOf(kernel.start());
    const invalid = CortexError.find(error, 'AGENT_DEFINITIONS_INVALID');
    const problems = invalid?.details.problems as AgentProblem[];
    expect(problems.map((problem) => [problem.code, problem.agent])).toEqual([
      ['AGENT_DUPLICATE', 'forecaster'],
      ['AGENT_TOOL_UNKNOWN', 'typo'],
      ['AGENT_TOOL_PATTERN_UNMATCHED', 'typo'],
      ['AGENT_BUDGET_IMPOSSIBLE', 'tiny'],
      ['AGENT_COST_UNPRICED', 'spender'],
    ]);
    expect(problems[1]?.message).toBe('Agent "typo" allows tool "wether", which is not registered. Did you mean "weather"?');
    expect(problems[3]?.message).toMatch(/^Agent "tiny": budgets.maxTokens is 50, and the first request .* alone takes about \d+ tokens$/);
    expect(problems[4]?.message).toBe('Agent "spender" has a cost budget, but "scripted" may serve it and declare no prices.');
    expect(invalid?.message.split('\n')[0]).toBe('The agents of this runtime do not fit it (5 problems):');
    expect(kernel.state).not.toBe('started');
  });

  it('accepts a cost budget when every provider that may serve declares prices, narrowing by the agent policy order', async () => {
    const priced = defineAgent({
      name: 'priced',
      description: 'Priced.',
      instructions: 'Go.',
      model: { policy: { order: ['paid'] } },
      budgets: { maxCost: 1 },
    });
    const paid = createScriptedModelProvider({ name: 'paid', script: [{ text: 'ok' }], prices: { inputPer1k: 0.001, outputPer1k: 0.002 } });
    await using runtime = await startAgentKernel({ agents: [priced], model: { script: [] }, providers: [paid] });
    const result = await runtime.agents.run('priced', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'completed', output: 'ok', steps: [{ reply: { provider: 'paid' } }] });
  });

  it('refuses a run whose budgets add a cost budget the providers cannot price', async () => {
    await using runtime = await startAgentKernel({ agents: [forecaster], tools: [weatherTool], model: { script: [] } });
    await expectCortexError(runtime.agents.run('forecaster', { input: 'Go.', budgets: { maxCost: 1 } }), 'AGENT_COST_UNPRICED');
  });
});

describe('AgentsRuntime', () => {
  it('lists the agents in kernel.describe() under the plugin that contributed them', async () => {
    await using runtime = await startAgentKernel({ agents: [forecaster], tools: [weatherTool], model: { script: [] } });
    const description = runtime.kernel.describe();
    expect(description.plugins.find((plugin) => plugin.name === 'crew')?.contributions['agents.agent']).toEqual(['forecaster']);
    expect(description.extensionPoints).toContainEqual({ id: 'agents.agent', declaredBy: 'agents' });
    expect(description.events).toEqual(expect.arrayContaining(['agent.run.started', 'agent.step.completed', 'agent.tool.called']));
    expect(runtime.agents.list()).toEqual([
      {
        name: 'forecaster',
        description: 'Weather.',
        plugin: 'crew',
        tools: ['weather'],
        structuredOutput: false,
        budgets: defaultAgentBudgets,
      },
    ]);
  });

  it('refuses an unknown agent with a suggestion, and bad run options listing every problem', async () => {
    await using runtime = await startAgentKernel({ agents: [forecaster], tools: [weatherTool], model: { script: [] } });
    const unknown = await expectCortexError(runtime.agents.run('forecastr', { input: 'Go.' }), 'AGENT_UNKNOWN');
    expect(unknown.message).toBe('Unknown agent "forecastr". Did you mean "forecaster"?');
    const invalid = await expectCortexError(
      runtime.agents.run('forecaster', { input: ' ', principal: '', budgets: { maxSteps: 0 } }),
      'AGENT_RUN_OPTIONS_INVALID',
    );
    expect(invalid.message).toBe(
      'Run options of agent "forecaster" are invalid: input must be a non-empty string; principal must be a non-empty string; budgets.maxSteps must be a whole number, 1 or more; got 0',
    );
    expect(invalid.kind).toBe('invalid-input');
  });

  it('runs for the user of the principal it is given, unless given another user', async () => {
    await using runtime = await startAgentKernel({
      agents: [forecaster],
      tools: [weatherTool],
      model: { script: [{ text: 'Sunny.' }, { text: 'Sunny.' }, { text: 'Sunny.' }] },
    });
    const long = `oidc|${'s'.repeat(200)}`;
    expect((await runtime.agents.run('forecaster', { input: 'Go.', principal: 'ada' })).userId).toBe('ada');
    expect((await runtime.agents.run('forecaster', { input: 'Go.', principal: long })).userId).toMatch(/^principal-sha256:[0-9a-f]{64}$/);
    expect((await runtime.agents.run('forecaster', { input: 'Go.', principal: 'ada', userId: 'household' })).userId).toBe('household');
  });

  it('refuses to run an agent whose tool was removed after start', async () => {
    await using runtime = await startAgentKernel({ agents: [forecaster], tools: [weatherTool], model: { script: [] } });
    runtime.kernel.tools.unregister('weather');
    await expectCortexError(runtime.agents.run('forecaster', { input: 'Go.' }), 'AGENT_DEFINITIONS_INVALID');
  });
});
