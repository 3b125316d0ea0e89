import { createKernel, createLogger, definePlugin } from '@cortex-os/kernel';
import { type ModelProvider, modelProviderToken } from '@cortex-os/kernel/router';
import { type AgentDefinition, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { type CerebrumPluginOptionsInput, checkPlan, cerebrumPlugin, subAgentOf } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { planReply, planTools, type ToolCounts } from '../durable/planTaskKernel.js';

/** A runtime with the plan tools, one agent and the cerebrum plugin (plans run in the call). Dispose it. */
async function startSubGoalKernel(
  model: ModelProvider,
  agent: AgentDefinition,
  cerebrum: CerebrumPluginOptionsInput,
  counts: ToolCounts = {},
) {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model,
      tools: planTools(counts),
      agents: [agent],
      plugins: [cerebrumPlugin({ recallLimit: 0, durable: false, ...cerebrum })],
    }),
  });
  await kernel.start();
  return kernel;
}

const options = { tools: ['notes.write'], agents: ['researcher', 'writer'], allowedAgents: ['researcher'] };

describe('sub-goal steps', () => {
  it('name an agent as agent:<name>, never a tool', () => {
    expect(subAgentOf('agent:researcher')).toBe('researcher');
    expect(subAgentOf('agent.researcher')).toBeUndefined();
  });

  it('are checked: the agent is registered and allowed, and the input is { goal }', () => {
    const plan = {
      goal: 'g',
      steps: [
        { id: 'ok', tool: 'agent:researcher', input: { goal: 'find it' } },
        { id: 'ghost', tool: 'agent:ghost', input: { goal: 'x' } },
        { id: 'other', tool: 'agent:writer', input: { goal: 'x' } },
        { id: 'empty', tool: 'agent:researcher', input: {} },
      ],
    };
    expect(checkPlan(plan, options).problems.map((problem) => [problem.step, problem.code])).toEqual([
      ['ghost', 'unknown-agent'],
      ['other', 'not-allowed'],
      ['empty', 'input-invalid'],
    ]);
    // Without agents, no sub-goal step can run.
    expect(checkPlan({ goal: 'g', steps: [plan.steps[0]] }, { tools: [] }).problems.map((problem) => problem.code)).toEqual([
      'unknown-agent',
    ]);
  });

  it('hand the sub-goal, with the outputs it reads, to the agent; its answer is the step output', async () => {
    const counts: ToolCounts = {};
    const researcher = defineAgent({ name: 'researcher', description: 'Finds facts about animals.', instructions: 'Answer briefly.' });
    const model = createScriptedModelProvider({
      script: [
        planReply([
          { id: 'page', tool: 'page.fetch', input: { page: 'otters' } },
          {
            id: 'facts',
            tool: 'agent:researcher',
            input: { goal: 'What do otters do at night?' },
            dependsOn: ['page'],
            inputsFrom: { page: 'page' },
          },
          { id: 'note', tool: 'notes.write', dependsOn: ['facts'], inputsFrom: { a: 'page', b: 'facts' } },
        ]),
        { text: 'They hold hands while they sleep.' },
      ],
    });
    await using kernel = await startSubGoalKernel(model, researcher, {}, counts);
    const result = await kernel.tools.call('cerebrum.execute', { goal: 'Note what otters do', tools: ['page.fetch', 'notes.write'] });
    expect(result.structured).toMatchObject({
      ran: ['page', 'facts', 'note'],
      outputs: { facts: { output: 'They hold hands while they sleep.', steps: 1 } },
    });
    expect(counts).toEqual({ 'page.fetch': 1, 'notes.write': 1 });
    // The planner was offered the agent; the agent got the sub-goal and the page it reads.
    expect(String(model.requests[0]?.messages[0]?.content)).toContain('- agent:researcher: Finds facts about animals.');
    const asked = String(model.requests[1]?.messages.at(-1)?.content);
    expect(asked).toContain('What do otters do at night?');
    expect(asked).toContain('- page: {"text":"otters: otters hold hands"}');
  });

  it('refuses an agent the request does not allow, and the planner is told', async () => {
    const researcher = defineAgent({ name: 'researcher', description: 'Finds facts.', instructions: 'Answer.' });
    const bad = planReply([{ id: 'facts', tool: 'agent:researcher', input: { goal: 'x' } }]);
    const model = createScriptedModelProvider({ script: [bad] });
    await using kernel = await startSubGoalKernel(model, researcher, { maxRepairs: 0 });
    await expect(kernel.tools.call('cerebrum.plan', { goal: 'g', agents: [] })).rejects.toMatchObject({
      code: 'CEREBRUM_PLAN_INVALID',
      details: { problems: [{ code: 'not-allowed', step: 'facts' }] },
    });
    expect(String(model.requests[0]?.messages[0]?.content)).not.toContain('agent:researcher');
  });

  it('estimates sub-goals at their agents’ own budgets, and a plan over maxTokens goes back to the model', async () => {
    const researcher = defineAgent({
      name: 'researcher',
      description: 'Finds facts.',
      instructions: 'Answer.',
      budgets: { maxTokens: 5000, maxWallMs: 60_000 },
    });
    const ask = (id: string) => ({ id, tool: 'agent:researcher', input: { goal: `Find ${id}.` } });
    const model = createScriptedModelProvider({ script: [planReply([ask('a'), ask('b')]), planReply([ask('a')])] });
    await using kernel = await startSubGoalKernel(model, researcher, {});
    const result = await kernel.tools.call('cerebrum.plan', { goal: 'g', maxTokens: 6000 });
    expect(result.structured).toMatchObject({ attempts: 2, estimate: { subGoals: 1, tokens: 5000, wallMs: 60_000 } });
    expect(String(model.requests[0]?.messages[0]?.content)).toContain('sub-goals may spend at most 6000 model tokens');
    expect(String(model.requests[1]?.messages.at(-1)?.content)).toContain(
      "over-budget: the plan may spend 10000 model tokens (2 sub-goals at their agents' budgets); the budget allows 6000",
    );
  });

  it('keep a localOnly plan local: its sub-goal agent never reaches a remote provider, whatever its own policy prefers', async () => {
    // The agent's own policy puts the remote provider first; the planner's request is local (the plan is localOnly).
    const researcher = defineAgent({
      name: 'researcher',
      description: 'Finds facts.',
      instructions: 'Answer.',
      model: { policy: { order: ['cloud', 'home'] } },
    });
    const step = { id: 'facts', tool: 'agent:researcher', input: { goal: 'What do otters eat?' } };
    const home = createScriptedModelProvider({
      name: 'home',
      script: [planReply([step]), { text: 'Sea urchins.' }, planReply([step])],
    });
    const cloud = createScriptedModelProvider({ name: 'cloud', locality: 'remote', script: [{ text: 'Fish (from the cloud).' }] });
    const remote = definePlugin({
      name: 'cloud',
      version: '1.0.0',
      provides: { models: modelProviderToken },
      start: () => ({ models: cloud }),
    });
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: home,
        agents: [researcher],
        plugins: [remote(), cerebrumPlugin({ recallLimit: 0, durable: false })],
      }),
    });
    await kernel.start();
    try {
      const local = await kernel.tools.call('cerebrum.execute', { goal: 'Find what otters eat', localOnly: true });
      expect(local.structured).toMatchObject({ outputs: { facts: { output: 'Sea urchins.' } } });
      expect(cloud.requests).toHaveLength(0);
      // The same plan without localOnly: the agent's policy sends its sub-goal to the cloud (so the test above can fail).
      const open = await kernel.tools.call('cerebrum.execute', { goal: 'Find what otters eat' });
      expect(open.structured).toMatchObject({ outputs: { facts: { output: 'Fish (from the cloud).' } } });
      expect(cloud.requests).toHaveLength(1);
    } finally {
      await kernel.stop();
    }
  });

  it('keep a localOnly plan local down the line: an agent its sub-goal agent calls as a tool is held local too', async () => {
    const helper = defineAgent({
      name: 'helper',
      description: 'Knows about otters.',
      instructions: 'Answer.',
      asTool: true,
      model: { policy: { order: ['cloud', 'home'] } },
    });
    const researcher = defineAgent({ name: 'researcher', description: 'Asks around.', instructions: 'Ask.', tools: ['agent.helper'] });
    const home = createScriptedModelProvider({
      name: 'home',
      script: [
        planReply([{ id: 'facts', tool: 'agent:researcher', input: { goal: 'What do otters eat?' } }]),
        { toolCalls: [{ id: 'h1', name: 'agent.helper', arguments: { input: 'What do otters eat?' } }] },
        { text: 'Sea urchins (local).' },
        { text: 'Sea urchins.' },
      ],
    });
    const cloud = createScriptedModelProvider({ name: 'cloud', locality: 'remote', script: [{ text: 'Fish (from the cloud).' }] });
    const remote = definePlugin({
      name: 'cloud',
      version: '1.0.0',
      provides: { models: modelProviderToken },
      start: () => ({ models: cloud }),
    });
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: home,
        agents: [researcher, helper],
        plugins: [remote(), cerebrumPlugin({ recallLimit: 0, durable: false })],
      }),
    });
    await kernel.start();
    try {
      const result = await kernel.tools.call('cerebrum.execute', { goal: 'Find what otters eat', localOnly: true, tools: [] });
      expect(result.structured).toMatchObject({ outputs: { facts: { output: 'Sea urchins.', steps: 2 } } });
      expect(cloud.requests).toHaveLength(0);
      expect(JSON.stringify(home.requests[3]?.messages)).toContain('Sea urchins (local).');
    } finally {
      await kernel.stop();
    }
  });
});
