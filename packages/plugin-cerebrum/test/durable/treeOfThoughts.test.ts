// Tree of thoughts as the cerebrum plugin's option: every planning call writes N candidates, the
// configured critic (or, by default, a model critic through the router) scores them, the best runs,
// and the scores are in `cerebrum.plan.created` and in the plan task's detail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import {
  type CerebrumPlanCreatedEventData,
  type CerebrumPluginOptionsInput,
  cerebrumPlanCreatedEvent,
  cerebrumPlugin,
  cerebrumPluginOptions,
  createRuleCritic,
  type PlanTaskDetail,
} from '@cortex-os/plugin-cerebrum';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import type { ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { planReply, startCerebrumKernel } from './planTaskKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-tot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const long = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'b', tool: 'archive.fetch', input: { page: 'otters' }, dependsOn: ['a'] },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'b'], inputsFrom: { a: 'a', b: 'b' } },
]);
const short = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'n', tool: 'notes.write', input: { b: 'none' }, dependsOn: ['a'], inputsFrom: { a: 'a' } },
]);
/** Prefers short plans: a three-step plan passes one rule of two (0.5), a two-step plan both (1). */
const critic = createRuleCritic([
  { name: 'short', check: ({ answer }) => ((JSON.parse(answer) as unknown[]).length <= 2 ? undefined : 'too many steps') },
  { name: 'reads', check: ({ answer }) => (answer.includes('page.fetch') ? undefined : 'reads nothing') },
]);

async function start(file: string, script: readonly ScriptedModelReply[], options: CerebrumPluginOptionsInput) {
  const started = await startCerebrumKernel(file, script, options);
  onTestFinished(async () => {
    await started.kernel.stop();
  });
  return started;
}

const tools = ['page.fetch', 'archive.fetch', 'notes.write'];

describe('tree of thoughts as a plugin option', () => {
  it('writes the candidates, runs the one the critic scores best, and shows every score in the event and the task detail', async () => {
    const { kernel, model, counts } = await start(join(dir, 'rule.sqlite'), [long, short], {
      treeOfThoughts: { candidates: 2, critic },
    });
    using created = createEventRecorder(kernel.events, cerebrumPlanCreatedEvent);
    const result = await kernel.tools.call('cerebrum.execute', { goal: 'Save a note about otters', tools });
    const output = result.structured as { taskId: string; ran: string[] };
    expect(output.ran).toEqual(['a', 'n']);
    expect(counts).toEqual({ 'page.fetch': 1, 'notes.write': 1 });
    expect(model.requests).toHaveLength(2);

    const data = created.events.map((event) => event.data as CerebrumPlanCreatedEventData);
    expect(data).toHaveLength(1);
    expect(data[0]?.candidates).toEqual([
      { candidate: 0, score: 0.5, chosen: false, steps: ['a', 'b', 'c'] },
      { candidate: 1, score: 1, chosen: true, steps: ['a', 'n'] },
    ]);
    const task = await kernel.get(tasksServiceToken).get(output.taskId);
    const detail = task.detail as PlanTaskDetail;
    expect(detail.history).toEqual([
      {
        replan: 0,
        steps: ['a', 'n'],
        candidates: [
          { candidate: 0, score: 0.5, feedback: ['short: too many steps'], chosen: false, steps: ['a', 'b', 'c'] },
          { candidate: 1, score: 1, feedback: [], chosen: true, steps: ['a', 'n'] },
        ],
      },
    ]);
  });

  it('scores with a model critic through the router when no critic is given', async () => {
    const verdict = (score: number, feedback: string[]) => ({ text: JSON.stringify({ score, feedback }) });
    const { kernel, model } = await start(join(dir, 'model.sqlite'), [long, short, verdict(0.9, []), verdict(0.3, ['too thin'])], {
      treeOfThoughts: { candidates: 2, threshold: 0.5 },
      durable: false,
    });
    const result = await kernel.tools.call('cerebrum.plan', { goal: 'Save a note about otters', tools });
    const planned = result.structured as { plan: { steps: { id: string }[] }; candidates: unknown[] };
    expect(planned.plan.steps.map((step) => step.id)).toEqual(['a', 'b', 'c']);
    expect(planned.candidates).toMatchObject([
      { candidate: 0, score: 0.9, feedback: [], chosen: true },
      { candidate: 1, score: 0.3, feedback: ['too thin'], chosen: false },
    ]);
    // Two plans written, then each judged: the critic saw the candidate's steps.
    expect(model.requests).toHaveLength(4);
    expect(JSON.stringify(model.requests[3]?.messages)).toContain('notes.write');
  });

  it('refuses tree-of-thoughts options out of range or a critic that is not one', () => {
    const problems = (options: unknown) => {
      const parsed = cerebrumPluginOptions.safeParse(options);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(problems({ treeOfThoughts: { candidates: 3, critic } })).toEqual([]);
    expect(problems({ treeOfThoughts: { candidates: 1 } })).toEqual(['treeOfThoughts.candidates']);
    expect(problems({ treeOfThoughts: { candidates: 9 } })).toEqual(['treeOfThoughts.candidates']);
    expect(problems({ treeOfThoughts: { candidates: 2, critic: { score: 1 } } })).toEqual(['treeOfThoughts.critic']);
    expect(problems({ treeOfThoughts: { candidates: 2, threshold: 2 } })).toEqual(['treeOfThoughts.threshold']);
    expect(problems({ treeOfThoughts: { candidates: 2, depth: 3 } })).toEqual(['treeOfThoughts']);
    // The schema is the one the plugin assembles with: a bad option fails assembly.
    expect(() => createKernel({ plugins: [routerPlugin(), cerebrumPlugin({ treeOfThoughts: { candidates: 1 } })] })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.objectContaining({ code: 'PLUGIN_OPTIONS_INVALID', message: expect.stringContaining('treeOfThoughts.candidates') }),
        ]),
      }),
    );
  });
});
