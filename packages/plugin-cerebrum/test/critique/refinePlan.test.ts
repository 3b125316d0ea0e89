import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { createPlanner, createRuleCritic, refinePlan } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function registry() {
  const tools = createToolRegistry();
  tools.register(
    defineTool({ name: 'notes.search', description: 'Searches notes.', input: z.object({ q: z.string() }), handler: () => ({}) }),
  );
  tools.register(
    defineTool({ name: 'notes.write', description: 'Writes a note.', input: z.object({ text: z.string() }), handler: () => ({}) }),
  );
  return tools;
}

const reply = (steps: unknown[]) => ({ text: JSON.stringify({ goal: 'ignored', context: [], steps }) });
const search = { id: 'find', tool: 'notes.search', input: { q: 'otters' }, inputsFrom: {}, dependsOn: [] };
const write = { id: 'save', tool: 'notes.write', input: {}, inputsFrom: { text: 'find' }, dependsOn: ['find'] };
const saves = createRuleCritic([
  { name: 'saves', check: ({ answer }) => (answer.includes('notes.write') ? undefined : 'the summary is never saved') },
]);

describe('refinePlan', () => {
  it('critiques a plan before it runs and has the planner revise it with the feedback until the critic passes', async () => {
    const model = createScriptedModelProvider({ script: [reply([search]), reply([search, write])] });
    const planner = createPlanner({ model, tools: registry() });
    const result = await refinePlan(planner, 'summarise otters into a note', { critic: saves });

    expect(result.plan.steps.map((step) => step.id)).toEqual(['find', 'save']);
    expect(result.refinement).toMatchObject({ satisfied: true, rounds: 1, stoppedBecause: 'satisfied' });
    // Every round is recorded: the draft's critique, then the revision's.
    expect(result.refinement.history.map((round) => round.critique.feedback)).toEqual([['saves: the summary is never saved'], []]);
    expect(result.plannings).toHaveLength(2);
    // The revision request carried the previous plan and the critic's exact feedback.
    const revision = String(model.requests[1]?.messages[0]?.content);
    expect(revision).toContain('A critic judged your previous plan');
    expect(revision).toContain('- saves: the summary is never saved');
    expect(revision).toContain('"tool":"notes.search"');
  });

  it('stops on no progress — the planner writes the same plan again — and keeps the best plan', async () => {
    const model = createScriptedModelProvider({ script: [reply([search]), reply([search])] });
    const planner = createPlanner({ model, tools: registry() });
    const result = await refinePlan(planner, 'summarise otters into a note', { critic: saves, maxRounds: 3 });

    expect(result.refinement).toMatchObject({ satisfied: false, rounds: 1, stoppedBecause: 'no-progress' });
    expect(result.plan.steps.map((step) => step.id)).toEqual(['find']);
    expect(model.requests).toHaveLength(2);
  });

  it('runs no revision when the critic passes the first plan', async () => {
    const model = createScriptedModelProvider({ script: [reply([search, write])] });
    const result = await refinePlan(createPlanner({ model, tools: registry() }), 'g', { critic: saves });
    expect(result.refinement).toMatchObject({ satisfied: true, rounds: 0 });
    expect(result.plannings).toHaveLength(1);
  });
});
