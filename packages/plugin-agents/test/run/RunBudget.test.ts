import { defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import type { ScriptedModelRequest } from '@cortex-os/provider-kit/testing';
import { startAgentKernel } from '../support/agentKernel.js';
import { weatherTool } from '../support/tools.js';

const lookup = { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] };
const agent = (budgets: Parameters<typeof defineAgent>[0]['budgets']) =>
  defineAgent({
    name: 'looper',
    description: 'Loops.',
    instructions: 'Keep looking.',
    tools: ['weather'],
    ...(budgets === undefined ? {} : { budgets }),
  });

describe('RunBudget, through the run loop', () => {
  it('ends the run after maxSteps model calls with reason steps', async () => {
    await using runtime = await startAgentKernel({
      agents: [agent({ maxSteps: 3 })],
      tools: [weatherTool],
      model: { script: [lookup, lookup, lookup, lookup] },
    });
    const result = await runtime.agents.run('looper', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'steps', usage: { steps: 3, toolCalls: 3 } });
    expect(result.trace.at(-1)).toMatchObject({ type: 'budget.exhausted', budget: 'steps' });
    expect(runtime.model.remaining).toBe(1);
  });

  it('ends the run with reason tokens once reported usage spends the token budget, and caps each reply', async () => {
    const usage = { inputTokens: 400, outputTokens: 100 };
    await using runtime = await startAgentKernel({
      agents: [agent({ maxTokens: 1000 })],
      tools: [weatherTool],
      model: {
        script: [
          { ...lookup, usage },
          { ...lookup, usage },
          { ...lookup, usage },
        ],
      },
    });
    const result = await runtime.agents.run('looper', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'tokens', usage: { steps: 2, totalTokens: 1000 } });
    const [first, second] = runtime.model.requests;
    const firstEstimate = result.steps[0]?.request.estimatedInputTokens ?? 0;
    expect(first?.options.maxTokens).toBe(1000 - firstEstimate);
    expect(second?.options.maxTokens).toBe(1000 - 500 - (result.steps[1]?.request.estimatedInputTokens ?? 0));
  });

  it('ends the run with reason tokens before a call whose estimated input no longer fits', async () => {
    await using runtime = await startAgentKernel({
      agents: [agent({ maxTokens: 200 })],
      tools: [weatherTool],
      model: { script: [{ ...lookup, usage: { inputTokens: 100, outputTokens: 20 } }, lookup] },
    });
    const result = await runtime.agents.run('looper', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'tokens', usage: { steps: 1 } });
    expect(runtime.model.remaining).toBe(1);
  });

  it('ends the run with reason wall-time by the injected clock, without running the tools of a late reply', async () => {
    const holder: { advance?: (ms: number) => number } = {};
    const late = () => {
      holder.advance?.(5_000);
      return lookup;
    };
    await using runtime = await startAgentKernel({
      agents: [agent({ maxWallMs: 10_000 })],
      tools: [weatherTool],
      model: { script: [late, late, lookup] },
    });
    holder.advance = runtime.clock.advance;
    const result = await runtime.agents.run('looper', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'wall-time', usage: { steps: 2, toolCalls: 1, wallMs: 10_000 } });
    expect(result.steps[1]?.toolCalls).toEqual([]);
    expect(result.steps[1]?.appended).toHaveLength(1);
  });

  it('counts cost at the serving provider prices, caps replies by the worst price, and ends with reason cost', async () => {
    // A model that honours the reply cap it is given, as real providers do.
    const honouring = (request: ScriptedModelRequest) => ({
      ...lookup,
      usage: { inputTokens: 10, outputTokens: Math.min(500, request.options.maxTokens ?? 500) },
    });
    await using runtime = await startAgentKernel({
      agents: [agent({ maxCost: 0.025 })],
      tools: [weatherTool],
      model: { prices: { inputPer1k: 0.01, outputPer1k: 0.02 }, script: [honouring, honouring, honouring, honouring] },
    });
    const result = await runtime.agents.run('looper', { input: 'Go.' });
    expect(result).toMatchObject({ status: 'budget-exhausted', reason: 'cost', usage: { steps: 3 } });
    expect(result.steps[0]?.usage.cost).toBeCloseTo(0.0101);
    expect(result.usage.cost).toBeLessThanOrEqual(0.025);
    const third = result.steps[2]?.request;
    const spent = (result.steps[0]?.usage.cost ?? 0) + (result.steps[1]?.usage.cost ?? 0);
    expect(third?.maxTokens).toBe(Math.floor(((0.025 - spent - ((third?.estimatedInputTokens ?? 0) * 0.01) / 1000) * 1000) / 0.02));
    expect(runtime.model.remaining).toBe(1);
  });

  it('lets a run only tighten the agent budgets', async () => {
    await using runtime = await startAgentKernel({
      agents: [agent({ maxSteps: 2 })],
      tools: [weatherTool],
      model: { script: [lookup, lookup] },
    });
    const result = await runtime.agents.run('looper', { input: 'Go.', budgets: { maxSteps: 5, maxTokens: 50_000 } });
    expect(result.budgets).toMatchObject({ maxSteps: 2, maxTokens: 50_000 });
    expect(result.reason).toBe('steps');
  });
});
