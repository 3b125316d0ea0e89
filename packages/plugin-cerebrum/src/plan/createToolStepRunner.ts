import type { ToolCallOptions, ToolRegistry } from '@cortex-os/kernel';
import type { PlanStep } from './planSchema.js';

/**
 * A `runStep` for {@link executePlan} that calls each step's tool through the runtime's tool
 * registry (so interceptors, approval and tool events apply as for any other call). The step's
 * output is the tool's structured result, or its content when it has none.
 * @public
 */
export function createToolStepRunner(
  tools: Pick<ToolRegistry, 'call'>,
  options: ToolCallOptions = {},
): (step: PlanStep, args: Readonly<Record<string, unknown>>) => Promise<unknown> {
  return async (step, args) => {
    const result = await tools.call(step.tool, args, { ...options, correlationId: options.correlationId ?? step.id });
    return result.structured ?? result.content;
  };
}
