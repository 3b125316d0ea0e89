import { z } from 'zod';
import type { ReplanRequest } from '../plan/executePlan.js';
import type { PlanConstraints } from '../plan/PlanToolContract.js';
import { stepErrorCode } from '../plan/stepErrorCode.js';

/** The input of `cerebrum.plan` and `cerebrum.execute`. */
export const planRequestSchema = z.strictObject({
  goal: z.string().min(1).max(4000).describe('What the plan must achieve.'),
  context: z.array(z.string().max(4000)).max(50).optional().describe('Facts the planner should know, besides what it recalls from memory.'),
  tools: z.array(z.string().min(1)).max(200).optional().describe('The tools the plan may use; default every tool but the cerebrum tools.'),
  agents: z
    .array(z.string().min(1))
    .max(50)
    .optional()
    .describe('The agents a step may hand a sub-goal to ("tool": "agent:<name>"); default every agent of the runtime.'),
  localOnly: z.boolean().optional().describe('Refuse tools that reach outside the host.'),
  maxSteps: z.int().min(1).max(100).optional().describe('Most steps the plan may have.'),
  maxTokens: z
    .int()
    .min(1)
    .optional()
    .describe("Most model tokens the plan may spend (sub-goals at their agents' budgets), checked before it runs."),
  maxToolCalls: z.int().min(1).max(1000).optional().describe('Most tool calls the plan may make.'),
  plan: z
    .looseObject({ steps: z.array(z.unknown()) })
    .optional()
    .describe(
      'A plan to run instead of writing one (an adapted learning example, say): validated like any plan; re-plans are written as usual.',
    ),
  maxWallMs: z.int().min(1).optional().describe('Most wall time (ms) its longest chain of steps may take, estimated before it runs.'),
});

/** A parsed plan request. */
export type PlanRequestInput = z.output<typeof planRequestSchema>;

/** The constraints a request sets. */
export function constraintsOf(input: PlanRequestInput): PlanConstraints {
  return {
    ...(input.localOnly === undefined ? {} : { localOnly: input.localOnly }),
    ...(input.maxSteps === undefined ? {} : { maxSteps: input.maxSteps }),
    ...(input.maxTokens === undefined ? {} : { maxTokens: input.maxTokens }),
    ...(input.maxToolCalls === undefined ? {} : { maxToolCalls: input.maxToolCalls }),
    ...(input.maxWallMs === undefined ? {} : { maxWallMs: input.maxWallMs }),
  };
}

/** The failure a re-plan is told about: the step, its tool and the error's code, never a raw message. */
export function failureContext(request: ReplanRequest): string[] {
  const failed = request.plan.steps.find((step) => step.id === request.failedStep);
  const code = stepErrorCode(request.error);
  return [
    `Step "${request.failedStep}" (tool ${failed?.tool ?? '?'}) failed with ${code === 'UNKNOWN' ? 'an error' : code}; plan around it.`,
    ...[...request.completed.keys()].map((id) => `Step "${id}" already finished; keep its id and tool to reuse its output.`),
  ];
}
