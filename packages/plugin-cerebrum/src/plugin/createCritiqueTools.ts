import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import type { PolicyRouter } from '@cortex-os/kernel/router';
import type { TasksService } from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import type { Critic } from '../critique/Critic.js';
import { createModelReviser } from '../critique/createModelReviser.js';
import { critiqueTask } from '../critique/critiqueTask.js';
import { refineAnswer } from '../critique/refineAnswer.js';
import { CerebrumError } from '../errors/CerebrumError.js';

const text = (what: string) => z.string().min(1).max(100_000).describe(what);

const critiqueInput = z
  .strictObject({
    goal: text('What the answer should achieve.').optional(),
    answer: text('The output to judge against the goal.').optional(),
    task: z
      .string()
      .min(1)
      .max(200)
      .describe('Instead of goal and answer: a completed task of yours, judged by its output against its input.')
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.task !== undefined) {
      for (const field of ['goal', 'answer'] as const)
        if (input[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'give either task, or goal and answer' });
      return;
    }
    for (const field of ['goal', 'answer'] as const)
      if (input[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'required unless task is given' });
  });

const refineInput = z.strictObject({
  goal: text('What the answer should achieve.'),
  draft: text('The first answer: critiqued, then revised until the critic is satisfied.'),
  maxRounds: z.int().min(1).max(10).default(3).describe('Most revisions.'),
  maxTokens: z.int().min(1).max(1_000_000).optional().describe('Most tokens the revisions may spend; no round starts once spent.'),
});

/**
 * `cerebrum.critique` and `cerebrum.refine`: the plugin's critic judges an answer — or, with the
 * tasks plugin, a completed task of the caller's — against its goal; refinement critiques a draft
 * and has the policy router revise it until the critic is satisfied, the round limit, the token
 * budget, or a round without progress, returning every round. Both only read: nothing is stored.
 */
export function createCritiqueTools(critic: Critic, router: Pick<PolicyRouter, 'generate'>, tasks?: TasksService): ToolDefinition[] {
  const critique = defineTool({
    name: 'cerebrum.critique',
    description:
      "Judges an answer against a goal with the runtime's critic — or a completed task of yours by its output against its input — and returns a score, a verdict and what to fix.",
    input: critiqueInput,
    annotations: { title: 'Critique', readOnlyHint: true, openWorldHint: false },
    async handler(input, ctx) {
      if (input.task === undefined) {
        const verdict = await critic.critique({ goal: input.goal ?? '', answer: input.answer ?? '', signal: ctx.signal });
        return { ...verdict };
      }
      if (tasks === undefined)
        throw CerebrumError.create('CEREBRUM_TASK_UNSUITABLE', { task: input.task, use: 'critiqued', why: 'this runtime keeps no tasks' });
      return { ...(await critiqueTask(tasks, input.task, critic, { principal: tasks.scopeOf(ctx.caller), signal: ctx.signal })) };
    },
  });
  const refine = defineTool({
    name: 'cerebrum.refine',
    description:
      "Critiques a draft answer with the runtime's critic and revises it through the model router until the critic is satisfied, the round limit or token budget is spent, or a round makes no progress; returns the best answer and every round.",
    input: refineInput,
    annotations: { title: 'Refine an answer', readOnlyHint: true, openWorldHint: false },
    async handler(input, ctx) {
      const result = await refineAnswer({
        goal: input.goal,
        draft: input.draft,
        critic,
        revise: createModelReviser(router, ctx.signal),
        maxRounds: input.maxRounds,
        ...(input.maxTokens === undefined ? {} : { maxTokens: input.maxTokens }),
        signal: ctx.signal,
      });
      return { ...result, history: result.history.map((round, index) => ({ round: index, ...round })) };
    },
  });
  return [critique, refine] as ToolDefinition[];
}
