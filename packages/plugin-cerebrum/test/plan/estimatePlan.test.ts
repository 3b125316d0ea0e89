import { checkPlan, estimatePlan, type PlanStepInput, planSchema } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const researcher = { maxTokens: 20_000, maxWallMs: 120_000 };
const agentBudgets = (name: string) => (name === 'researcher' ? researcher : undefined);

const plan = planSchema.parse({
  goal: 'g',
  steps: [
    { id: 'page', tool: 'page.fetch', input: { page: 'otters' } },
    { id: 'facts', tool: 'agent:researcher', input: { goal: 'What do otters do?' }, dependsOn: ['page'] },
    { id: 'other', tool: 'agent:writer', input: { goal: 'Draft.' } },
    { id: 'note', tool: 'notes.write', dependsOn: ['facts', 'other'] },
  ],
});

describe('estimatePlan', () => {
  it('counts tool calls and agent runs, sub-goals at their agents’ budgets, and the longest chain', () => {
    expect(estimatePlan(plan, { agentBudgets, toolCallMs: 1000 })).toEqual({
      steps: 4,
      toolCalls: 2,
      subGoals: 2,
      // researcher's budget, and writer at the agents plugin's default (100 000 tokens, 300 s).
      tokens: 120_000,
      // {"page":"otters"} 18 chars → 5, {"goal":"What do otters do?"} 29 → 8, {"goal":"Draft."} 17 → 5, {} → 1.
      inputTokens: 19,
      depth: 3,
      // other (300 s) then note (1 s) beats page (1 s), facts (120 s), note (1 s).
      wallMs: 301_000,
    });
  });

  it('refuses a plan over its token, tool-call or time budget before it runs, naming the estimate', () => {
    const options = {
      tools: ['page.fetch', 'notes.write'],
      agents: ['researcher', 'writer'],
      estimate: { agentBudgets, toolCallMs: 1000 },
    };
    const over = checkPlan(plan, { ...options, constraints: { maxTokens: 100_000, maxToolCalls: 1, maxWallMs: 300_000 } }).problems;
    expect(over.map((problem) => [problem.code, problem.message])).toEqual([
      ['over-budget', "the plan may spend 120000 model tokens (2 sub-goals at their agents' budgets); the budget allows 100000"],
      ['over-budget', 'the plan makes 2 tool calls; the budget allows 1'],
      ['over-budget', "the plan's longest chain of 3 steps may take 301000 ms; the budget allows 300000"],
    ]);
    expect(checkPlan(plan, { ...options, constraints: { maxTokens: 120_000, maxToolCalls: 2, maxWallMs: 301_000 } }).problems).toEqual([]);
  });

  it('gives the longest dependency chain of any DAG of tool steps (seeded)', () => {
    const dags = fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 12 }).map((rows) =>
      rows.map(
        (deps, i): PlanStepInput => ({
          id: `s${i}`,
          tool: 't',
          dependsOn: i === 0 ? [] : [...new Set(deps.map((dep) => `s${dep % i}`))],
        }),
      ),
    );
    fc.assert(
      fc.property(dags, (steps) => {
        const parsed = planSchema.parse({ goal: 'g', steps });
        // Brute force: the longest path ending at each step, by recursion over its dependencies.
        const longest = (id: string): number => {
          const step = parsed.steps.find((candidate) => candidate.id === id);
          return 1 + Math.max(0, ...(step?.dependsOn ?? []).map(longest));
        };
        const depth = Math.max(...parsed.steps.map((step) => longest(step.id)));
        const estimate = estimatePlan(parsed, { toolCallMs: 7 });
        expect(estimate.depth).toBe(depth);
        expect(estimate.wallMs).toBe(7 * depth);
        expect(estimate.toolCalls).toBe(steps.length);
        expect(estimate.tokens).toBe(0);
      }),
      { seed: 19, numRuns: 200 },
    );
  });
});
