import { createKernel, createLogger, definePlugin, defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createPlanner, createRuleCritic } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function registry() {
  const tools = createToolRegistry();
  tools.register(
    defineTool({
      name: 'notes.search',
      description: 'Searches notes.',
      input: z.object({ q: z.string().min(1) }),
      handler: () => ({ hits: [] }),
    }),
  );
  tools.register(
    defineTool({ name: 'notes.write', description: 'Writes a note.', input: z.object({ text: z.string() }), handler: () => ({}) }),
  );
  tools.register(
    defineTool({
      name: 'web.fetch',
      description: 'Fetches a page.',
      input: z.object({ url: z.url() }),
      annotations: { openWorldHint: true },
      handler: () => ({}),
    }),
  );
  return tools;
}

const reply = (steps: unknown[]) => ({ text: JSON.stringify({ goal: 'ignored', context: [], steps }) });
const search = { id: 'find', tool: 'notes.search', input: { q: 'otters' }, inputsFrom: {}, dependsOn: [] };
const write = { id: 'save', tool: 'notes.write', input: {}, inputsFrom: { text: 'find' }, dependsOn: ['find'] };

describe('createPlanner', () => {
  it('offers the allowed tools with their schemas, the context and the constraints, and asks for a plan as structured output', async () => {
    const model = createScriptedModelProvider({ script: [reply([search, write])] });
    const planner = createPlanner({
      model,
      tools: registry(),
      allowedTools: ['notes.search', 'notes.write'],
      recall: async (goal) => [`[planning-context] notes about ${goal} live in notes.search`],
    });
    const result = await planner.plan('summarise otters', { context: ['the user likes short notes'], constraints: { maxSteps: 4 } });

    expect(result.plan).toMatchObject({ goal: 'summarise otters', steps: [{ id: 'find' }, { id: 'save' }] });
    // The goal and context are the planner's, whatever the model wrote.
    expect(result.plan.context).toEqual([
      'the user likes short notes',
      '[planning-context] notes about summarise otters live in notes.search',
    ]);
    expect(result.attempts).toEqual([{ candidate: 0, round: 0, problems: [] }]);
    const [request] = model.requests;
    expect(request?.options.responseFormat).toMatchObject({ type: 'json_schema', name: 'plan' });
    const system = String(request?.messages[0]?.content);
    expect(system).toContain('- notes.search: Searches notes.');
    expect(system).toContain('"q":{"type":"string","minLength":1}');
    expect(system).not.toContain('web.fetch');
    expect(system).toContain('at most 4 steps');
    expect(system).toContain('- the user likes short notes');
    expect(request?.messages[1]).toEqual({ role: 'user', content: 'Goal: summarise otters' });
  });

  it('sends an invalid plan back with its exact problems, then takes the corrected one', async () => {
    const model = createScriptedModelProvider({
      script: [
        reply([
          { ...search, input: { q: '' } },
          { ...write, tool: 'web.fetch' },
        ]),
        { text: `Sorry, \`\`\`json\n${reply([search, write]).text}\n\`\`\`` },
      ],
    });
    const planner = createPlanner({ model, tools: registry() });
    const result = await planner.plan('summarise otters', { constraints: { localOnly: true } });

    expect(result.attempts.map((attempt) => attempt.problems.map((problem) => `${problem.step}:${problem.code}`))).toEqual([
      ['find:input-invalid', 'save:input-invalid', 'save:not-local'],
      [],
    ]);
    const repair = model.requests[1]?.messages.at(-1);
    expect(repair?.role).toBe('user');
    expect(String(repair?.content)).toContain('step "save": not-local: tool "web.fetch" reaches outside the host');
    expect(model.requests[1]?.messages.at(-2)).toMatchObject({ role: 'assistant' });
    expect(result.plan.steps.map((step) => step.tool)).toEqual(['notes.search', 'notes.write']);
  });

  it('fails with every last problem once the repairs are spent', async () => {
    const model = createScriptedModelProvider({ script: [{ text: 'no plan' }, reply([{ ...search, tool: 'ghost' }])] });
    const planner = createPlanner({ model, tools: registry(), maxRepairs: 1 });
    const error = await expectCortexError(planner.plan('g'), 'CEREBRUM_PLAN_INVALID');
    expect(error.details).toMatchObject({ attempts: 2, problems: [{ code: 'unknown-tool', step: 'find' }] });
    expect(model.requests).toHaveLength(2);
  });

  it('writes several candidates and runs the one the critic scores best, keeping the others with their scores', async () => {
    const model = createScriptedModelProvider({
      script: [reply([search]), reply([search, write]), reply([{ ...search, tool: 'ghost' }]), reply([search, { ...write, id: 'keep' }])],
    });
    const critic = createRuleCritic([
      { name: 'saves', check: ({ answer }) => (answer.includes('notes.write') ? undefined : 'the summary is never saved') },
      { name: 'short', check: ({ answer }) => (JSON.parse(answer).length <= 2 ? undefined : 'too many steps') },
    ]);
    const planner = createPlanner({ model, tools: registry(), candidates: 3, critic, maxRepairs: 1 });
    const result = await planner.plan('summarise otters');

    expect(result.candidates.map(({ candidate, score, chosen }) => ({ candidate, score, chosen }))).toEqual([
      { candidate: 0, score: 0.5, chosen: false },
      { candidate: 1, score: 1, chosen: true },
      { candidate: 2, score: 1, chosen: false },
    ]);
    expect(result.plan.steps.map((step) => step.id)).toEqual(['find', 'save']);
    expect(result.candidates[0]?.feedback).toEqual(['saves: the summary is never saved']);
    // Candidate 2's first reply was invalid and repaired: both replies are in the attempts.
    expect(result.attempts.filter((attempt) => attempt.candidate === 2).map((attempt) => attempt.problems.length)).toEqual([1, 0]);
  });

  it('refuses options it cannot honour', () => {
    const model = createScriptedModelProvider({ script: [] });
    expect(() => createPlanner({ model, tools: registry(), candidates: 2 })).toThrow(/need a critic/);
    expect(() => createPlanner({ model, tools: registry(), maxRepairs: -1, candidates: 0 })).toThrow(
      expect.objectContaining({ code: 'CEREBRUM_PLANNER_OPTIONS_INVALID', message: expect.stringContaining('maxRepairs must be') }),
    );
  });

  it('writes a localOnly plan on a local model only, through the policy router', async () => {
    const remote = createScriptedModelProvider({ name: 'remote', locality: 'remote', script: [reply([search])] });
    const local = createScriptedModelProvider({ name: 'local', locality: 'local', script: [reply([search])] });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        // The runtime prefers the remote model, so only the plan's own policy keeps it local.
        routerPlugin({ preferLocal: false, order: ['remote', 'local'] }),
        definePlugin({
          name: 'models',
          version: '1.0.0',
          provides: { models: modelProviderToken },
          start: () => ({ models: [remote, local] }),
        })(),
      ],
    });
    await kernel.start();
    const planner = createPlanner({ model: kernel.get(policyRouterToken), tools: registry() });
    await planner.plan('Find otters', {});
    expect([remote.requests.length, local.requests.length]).toEqual([1, 0]);
    await planner.plan('Find otters', { constraints: { localOnly: true } });
    expect([remote.requests.length, local.requests.length]).toEqual([1, 1]);
  });
});
