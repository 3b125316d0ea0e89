import { defineTool, type PowerMode, type ToolDefinition, toolResult } from '@cortex-os/kernel';
import { z } from 'zod';
import type { PowerModeSwitch } from './PowerModeSwitch.js';

/**
 * Input of the `energy.powerMode` tool: the mode to switch to, or nothing to read it.
 * @public
 */
export interface PowerModeToolInput {
  readonly mode?: PowerMode | undefined;
}

/**
 * Output of the `energy.powerMode` tool and of the REST route: the mode now, and the one before the call.
 * @public
 */
export interface PowerModeToolOutput {
  readonly mode: PowerMode;
  readonly previous: PowerMode;
}

/** The schema of a power mode, shared by the tool and the REST route. */
export const powerModeSchema = z.enum(['normal', 'low-power']);

/** The schema of the tool's and the route's answer. */
export const powerModeAnswerSchema = z.object({ mode: powerModeSchema, previous: powerModeSchema });

/**
 * The `energy.powerMode` tool: reads the runtime's power mode, or switches it.
 * @public
 */
export function createPowerModeTool(
  power: PowerModeSwitch,
): ToolDefinition<z.ZodType<PowerModeToolInput, PowerModeToolInput>, z.ZodType<PowerModeToolOutput, PowerModeToolOutput>> {
  return defineTool({
    name: 'energy.powerMode',
    description:
      'Reads the runtime power mode, or switches it: low-power runs fewer model calls at once with larger embedding batches, prefers the cheapest capable provider and checks health less often, for the same results.',
    input: z.object({ mode: powerModeSchema.optional() }).strict() as z.ZodType<PowerModeToolInput, PowerModeToolInput>,
    output: powerModeAnswerSchema as z.ZodType<PowerModeToolOutput, PowerModeToolOutput>,
    annotations: { title: 'Power mode', readOnlyHint: false, idempotentHint: true, openWorldHint: false },
    handler: async ({ mode }) => {
      const previous = mode === undefined ? power.mode : power.set(mode);
      const answer = { mode: power.mode, previous };
      const text = previous === answer.mode ? `power mode: ${answer.mode}` : `power mode: ${previous} → ${answer.mode}`;
      return toolResult({ structured: answer, content: [{ type: 'text', text }] });
    },
  });
}
