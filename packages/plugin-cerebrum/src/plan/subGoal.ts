import type { AgentsService } from '@cortex-os/plugin-agents';
import { z } from 'zod';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { PlanStep } from './planSchema.js';

/**
 * The `tool` of a sub-goal step is `agent:<name>`: the step hands a sub-goal to that agent
 * instead of calling a tool. Tool names cannot hold a colon, so it never names a tool.
 * @public
 */
export const subAgentPrefix = 'agent:';

/**
 * The agent a step hands its sub-goal to; undefined for a tool step.
 * @public
 */
export function subAgentOf(tool: string): string | undefined {
  return tool.startsWith(subAgentPrefix) ? tool.slice(subAgentPrefix.length) : undefined;
}

/** The literal input of a sub-goal step: the sub-goal, in words. */
export const subGoalInputSchema = z.strictObject({ goal: z.string().min(1).max(4000) });

/** The input a sub-agent runs on: the sub-goal, then the outputs of the steps it reads, as JSON. */
function subGoalText(args: Readonly<Record<string, unknown>>): string {
  const { goal, ...inputs } = args;
  const lines = Object.entries(inputs).map(([name, value]) => `- ${name}: ${JSON.stringify(value)}`);
  return lines.length === 0 ? String(goal) : `${String(goal)}\n\nInputs from earlier steps:\n${lines.join('\n')}`;
}

/**
 * Runs a sub-goal step: the agent runs to its end on the sub-goal (with the outputs of the steps
 * it reads), its output (or final text) is the step's output; a run that does not complete fails
 * the step with `CEREBRUM_SUBGOAL_FAILED` (its status and reason, never its text). Under a
 * `localOnly` plan the agent runs `localOnly` too: every model call of it (and of the agents it
 * calls as tools) stays on local providers, whatever its own policy allows.
 */
export async function runSubGoal(
  agents: Pick<AgentsService, 'run'>,
  step: PlanStep,
  args: Readonly<Record<string, unknown>>,
  signal: AbortSignal | undefined,
  localOnly = false,
): Promise<unknown> {
  const agent = subAgentOf(step.tool) as string;
  const result = await agents.run(agent, {
    input: subGoalText(args),
    ...(signal === undefined ? {} : { signal }),
    ...(localOnly ? { localOnly } : {}),
  });
  if (result.status !== 'completed')
    throw CerebrumError.create(
      'CEREBRUM_SUBGOAL_FAILED',
      { step: step.id, agent, status: result.status, reason: result.reason },
      { details: { step: step.id, agent, status: result.status, reason: result.reason } },
    );
  return { output: result.output ?? result.text, steps: result.usage.steps, totalTokens: result.usage.totalTokens };
}
