import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import type { AgentsService } from '@cortex-os/plugin-agents';
import type { TasksService } from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import { planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { replayPlanTask } from '../replay/replayPlanTask.js';
import { replayTask } from '../replay/replayTask.js';
import type { PlanRunEnvironment } from './runPlanRequest.js';
import { travelTask } from '../replay/createTravelTaskRunner.js';

const taskId = z.string().min(1).max(200).describe('The id of a completed agent task (or, to replay, a plan task).');

/**
 * The cerebrum tools over durable tasks, for REST, MCP and agent callers: `cerebrum.replay`
 * replays an agent task from its checkpoints; `cerebrum.travel` starts a time-travel task from
 * one. Each acts only on the caller's tasks, by the tasks plugin's rule (`TasksService.scopeOf`: a
 * caller with its admin scope, or host code in-process without a caller id, acts on all).
 */
export function createTaskTools(agents: AgentsService, tasks: TasksService, env: PlanRunEnvironment): ToolDefinition[] {
  const replay = defineTool({
    name: 'cerebrum.replay',
    description:
      'Replays a completed agent task or plan task from its checkpoints, offline, and says whether it still takes the same steps.',
    input: z.strictObject({ task: taskId }),
    annotations: { title: 'Replay a task', readOnlyHint: true, openWorldHint: false },
    async handler(input, ctx) {
      const principal = tasks.scopeOf(ctx.caller);
      if ((await tasks.get(input.task, principal)).agent === planTaskRunnerName) {
        const report = await replayPlanTask(env, tasks, input.task, principal);
        const plans = report.calls.filter((call) => call.startsWith('plan:')).length;
        return {
          identical: report.identical,
          replayed: { plans, steps: report.calls.length - plans },
          status: report.identical ? 'completed' : 'diverged',
          ...(report.divergence === undefined ? {} : { divergence: report.divergence }),
        };
      }
      const report = await replayTask(agents, tasks, input.task, principal);
      return {
        identical: report.identical,
        replayed: report.replayed,
        status: report.result.status,
        ...(report.divergence === undefined ? {} : { divergence: report.divergence }),
      };
    },
  });
  const travel = defineTool({
    name: 'cerebrum.travel',
    description:
      "Re-runs a recorded agent task or plan task from a step with that step's tool results or tool call inputs replaced, as a new task linked to the original.",
    input: z.strictObject({
      task: taskId,
      step: z
        .int()
        .min(0)
        .describe(
          'The step whose tool results change (a plan task: the k-th step it ran); earlier steps are replayed, later ones run live.',
        ),
      overrides: z
        .array(z.strictObject({ callId: z.string().min(1), content: z.string(), outcome: z.enum(['succeeded', 'failed']).optional() }))
        .max(50)
        .default([])
        .describe("Tool results of that step to use instead (by the model's call id; a plan task: the step's id and its output as JSON)."),
      inputs: z
        .array(z.strictObject({ callId: z.string().min(1), input: z.json() }))
        .max(50)
        .default([])
        .describe("Tool call inputs of that step to use instead (by the model's call id): those calls run live with them."),
    }),
    annotations: { title: 'Time travel', readOnlyHint: false, openWorldHint: false },
    async handler(input, ctx) {
      // Host code in-process without a caller id, or a caller with the tasks' admin scope, acts for the original's owner.
      const principal = tasks.scopeOf(ctx.caller) ?? (await tasks.get(input.task)).principal;
      const task = await travelTask(tasks, { ...input, principal });
      return { taskId: task.id, state: task.state };
    },
  });
  return [replay, travel] as ToolDefinition[];
}
