import { defineTool, type ToolDefinition, type ToolRegistry } from '@cortex-os/kernel';
import { principalOfCaller } from '@cortex-os/plugin-agents';
import type { TasksService } from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import { completedTask } from '../critique/critiqueTask.js';
import { planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { captureLearningExample } from '../learning/captureLearningExample.js';
import { planSchema } from '../plan/planSchema.js';

/** The plan a plan task ran, when its output holds a valid one: adapted replay starts from it. */
function planOf(agent: string, output: unknown) {
  if (agent !== planTaskRunnerName) return undefined;
  const parsed = planSchema.safeParse((output as { plan?: unknown } | null)?.plan);
  return parsed.success ? parsed.data : undefined;
}

/**
 * `cerebrum.learn`: the caller marks a completed task of theirs as a learning example — a
 * `learning-example` memory holding the task's goal, a summary and its id (and a plan task's
 * plan), stored through `memory.store` as the task owner's; the planner recalls it as few-shot
 * context for similar goals of that principal only.
 */
export function createLearnTool(tools: Pick<ToolRegistry, 'call'>, tasks: TasksService): ToolDefinition {
  return defineTool({
    name: 'cerebrum.learn',
    description:
      'Marks a completed task of yours as a learning example: its goal, a summary and its id become a memory the planner recalls for similar goals.',
    input: z.strictObject({
      task: z.string().min(1).max(200).describe('The id of a completed task of yours.'),
      summary: z
        .string()
        .min(1)
        .max(2000)
        .optional()
        .describe("What was done and how it ended, in a few sentences (default: the task's answer)."),
    }),
    annotations: { title: 'Learn from a task', readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    async handler(input, ctx) {
      const { task, goal, answer } = await completedTask(tasks, input.task, tasks.scopeOf(ctx.caller), 'learned from');
      // Who marks it: the caller's principal (`host` for host code in-process without one).
      const markedBy = principalOfCaller(ctx.caller);
      const plan = planOf(task.agent, task.output);
      const example = await captureLearningExample(tools, {
        goal,
        summary: input.summary ?? `Answer: ${answer.slice(0, 1000)}`,
        source: { taskId: task.id },
        markedBy,
        // The task's owner, not the marker: host code marking someone's task teaches that someone's plans.
        principal: task.principal,
        ...(plan === undefined ? {} : { plan }),
      });
      return { example, task: task.id, goal, markedBy, principal: task.principal };
    },
  });
}
