// Capture → retrieval → few-shot, on real memory (SQLite file, local embedder, hybrid search):
// a run that a critic passed becomes a learning example; a similar goal recalls it, the plan
// names it, and adapted replay reports each step's confidence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, definePlugin, defineTool, kernelExtensionPoints } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { expectCortexError } from '@cortex-os/kernel/testing';
import {
  adaptExample,
  captureLearningExample,
  cerebrumPlugin,
  createPlanner,
  createRuleCritic,
  type Plan,
  recallFromMemoryTool,
  validatePlan,
} from '@cortex-os/plugin-cerebrum';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-learning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tools = [
  defineTool({ name: 'web.fetch', description: 'Fetches a page.', input: z.object({ url: z.string() }), handler: () => ({}) }),
  defineTool({ name: 'text.summarise', description: 'Summarises text.', input: z.object({ words: z.int() }), handler: () => ({}) }),
];

describe('learning examples', () => {
  it('captures a passed run, recalls it for a similar goal, names it in the plan, and adapts its plan', async () => {
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        routerPlugin(),
        localEmbeddersPlugin(),
        memoryPlugin({ dataDir: dir, store: { kind: 'sqlite' } }),
        definePlugin({ name: 'web', version: '1.0.0', contributes: { tools: kernelExtensionPoints.tools }, start: () => ({ tools }) })(),
      ],
    });
    await kernel.start();
    const names = ['web.fetch', 'text.summarise'];
    const worked: Plan = validatePlan(
      {
        goal: 'Summarise the release notes of fastify',
        steps: [
          { id: 'page', tool: 'web.fetch', input: { url: 'fastify' } },
          { id: 'sum', tool: 'text.summarise', input: { words: 50 }, dependsOn: ['page'], inputsFrom: { text: 'page' } },
        ],
      },
      { tools: names },
    );
    const critic = createRuleCritic([{ name: 'short', check: ({ answer }) => (answer.length < 400 ? undefined : 'too long') }]);
    const verdict = await critic.critique({ goal: worked.goal, answer: 'Fastify 5.2 adds typed hooks.' });

    await expectCortexError(
      captureLearningExample(kernel.tools, {
        goal: worked.goal,
        summary: 'x',
        source: { runId: 'r0' },
        critique: { score: 0.2, satisfied: false, feedback: [] },
      }),
      'CEREBRUM_EXAMPLE_UNEARNED',
    );
    const id = await captureLearningExample(kernel.tools, {
      goal: worked.goal,
      summary: 'Fetched the release page, then summarised it in 50 words.',
      source: { runId: 'run-1' },
      plan: worked,
      critique: verdict,
      principal: 'ada',
    });
    const stored = await kernel.tools.call('memory.get', { id });
    expect(stored.structured).toMatchObject({
      memory: {
        kind: 'learning-example',
        tags: ['cerebrum', 'cerebrum.principal:ada'],
        metadata: { runId: 'run-1', principal: 'ada', plan: { goal: worked.goal } },
      },
    });

    const model = createScriptedModelProvider({
      script: [
        {
          text: JSON.stringify({
            goal: 'x',
            context: [],
            steps: [
              { id: 'page', tool: 'web.fetch', input: { url: 'vitest' }, inputsFrom: {}, dependsOn: [] },
              { id: 'sum', tool: 'text.summarise', input: { words: 50 }, inputsFrom: { text: 'page' }, dependsOn: ['page'] },
            ],
          }),
        },
      ],
    });
    const planner = createPlanner({ model, tools: kernel.tools, recall: recallFromMemoryTool(kernel.tools) });
    const example = (stored.structured as { memory: { metadata: { plan: Plan } } }).memory.metadata.plan;
    const adapted = await adaptExample(planner, example, 'Summarise the release notes of vitest', { principal: 'ada' });

    expect(adapted.planning.examples).toEqual([id]);
    const system = String(model.requests[0]?.messages[0]?.content);
    expect(system).toContain('[learning-example] Goal: Summarise the release notes of fastify');
    expect(system).toContain('A plan that worked for a similar goal ("Summarise the release notes of fastify")');
    expect(adapted.adaptations.map((step) => [step.adapted?.id, step.confidence, step.changed])).toEqual([
      ['page', 1, ['url']],
      ['sum', 1, []],
    ]);
    expect(adapted.confidence).toBe(1);

    // A person may vouch for a run instead of a critic; a blank name vouches for nothing.
    await expectCortexError(
      captureLearningExample(kernel.tools, { goal: 'g', summary: 'x', source: { taskId: 't0' }, markedBy: '' }),
      'CEREBRUM_EXAMPLE_UNEARNED',
    );
    const marked = await captureLearningExample(kernel.tools, {
      goal: 'File the weekly report of fastify',
      summary: 'Fetched the report page and filed it.',
      source: { taskId: 'task-7' },
      markedBy: 'ada',
    });
    expect((await kernel.tools.call('memory.get', { id: marked })).structured).toMatchObject({
      memory: { kind: 'learning-example', metadata: { taskId: 'task-7', markedBy: 'ada' } },
    });
  });

  it("informs a principal's plans with their own examples only, never another's nor one without an owner", async () => {
    const written = {
      text: JSON.stringify({
        goal: 'x',
        context: [],
        steps: [{ id: 'page', tool: 'web.fetch', input: { url: 'vitest' }, inputsFrom: {}, dependsOn: [] }],
      }),
    };
    const model = createScriptedModelProvider({ script: [written, written, written] });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model,
        tools,
        agents: [],
        plugins: [
          localEmbeddersPlugin(),
          memoryPlugin({ dataDir: join(dir, 'owners'), store: { kind: 'sqlite' } }),
          cerebrumPlugin({ durable: false }),
        ],
      }),
    });
    await kernel.start();
    const goal = 'Fetch the release notes of fastify';
    const learned = { goal, summary: 'Fetched the release page.', markedBy: 'ada' };
    const adas = await captureLearningExample(kernel.tools, { ...learned, source: { taskId: 'task-ada' }, principal: 'ada' });
    // As every example was stored before owners were recorded: no owner, so nobody's plans see it.
    await captureLearningExample(kernel.tools, { ...learned, source: { taskId: 'task-old' } });

    const plan = async (caller?: { transport: 'rest'; id: string }) => {
      const { structured } = await kernel.tools.call(
        'cerebrum.plan',
        { goal: 'Fetch the release notes of vitest' },
        caller === undefined ? {} : { caller },
      );
      const prompt = String(model.requests.at(-1)?.messages[0]?.content);
      return { examples: (structured as { examples: string[] }).examples, prompt };
    };
    const bob = await plan({ transport: 'rest', id: 'bob' });
    expect(bob.examples).toEqual([]);
    expect(bob.prompt).not.toContain('[learning-example]');
    const host = await plan();
    expect(host.examples).toEqual([]);
    const ada = await plan({ transport: 'rest', id: 'ada' });
    expect(ada.examples).toEqual([adas]);
    expect(ada.prompt.match(/\[learning-example\]/g)).toHaveLength(1);
  });
});
