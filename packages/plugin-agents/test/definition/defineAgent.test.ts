import { expectCortexError } from '@cortex-os/kernel/testing';
import { type AgentDefinition, defaultAgentBudgets, defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

describe('defineAgent', () => {
  it('applies defaults and freezes the definition', () => {
    const agent = defineAgent({ name: 'helper', description: 'Helps.', instructions: 'Help.' });
    expect(agent).toEqual({
      name: 'helper',
      description: 'Helps.',
      instructions: 'Help.',
      model: {},
      tools: [],
      approval: 'destructive',
      budgets: { maxSteps: 10, maxTokens: 100_000, maxWallMs: 300_000, maxConsecutiveToolFailures: 3, maxOutputRetries: 2 },
      asTool: false,
      history: { maxTokens: 4000 },
      toolSearch: { threshold: 30, maxResults: 5 },
    });
    expect(agent.budgets).toEqual(defaultAgentBudgets);
    expect(Object.isFrozen(agent)).toBe(true);
    expectTypeOf(agent).toEqualTypeOf<AgentDefinition<string>>();
    expectTypeOf(
      defineAgent({ name: 'typed', description: 'Typed.', instructions: 'JSON.', output: z.object({ n: z.number() }) }),
    ).toEqualTypeOf<AgentDefinition<{ n: number }>>();
  });

  it('lists every problem at once in AGENT_DEFINITION_INVALID', async () => {
    const error = await expectCortexError(
      () =>
        defineAgent({
          name: 'Bad Name',
          description: '',
          instructions: 'x',
          tools: ['ok', 'no spaces'],
          // @ts-expect-error: not a policy
          approval: 'always',
          model: { maxReplyTokens: 0 },
          budgets: { maxSteps: 1.5, maxWallMs: -1, maxCost: 0 },
        }),
      'AGENT_DEFINITION_INVALID',
    );
    expect(error.details.problems).toEqual([
      'name "Bad Name" must be a lowercase letter, then up to 63 lowercase letters, digits, "-" or "_" (e.g. "researcher")',
      'description must be a non-empty string',
      'tools[1] "no spaces" must be a tool name or a glob pattern (letters, digits, "_", "-", ".", "*" and "?")',
      "approval must be 'destructive', a list of tool names or patterns, or a function of the call; got always",
      'model.maxReplyTokens must be a whole number, 1 or more; got 0',
      'budgets.maxSteps must be a whole number, 1 or more; got 1.5',
      'budgets.maxWallMs must be a positive number; got -1',
      'budgets.maxCost must be a positive number; got 0',
    ]);
    expect(error.message.split('\n')[0]).toBe('Agent "Bad Name" is invalid:');
  });
});
