import { z } from 'zod';
import { defineEvent, type EventDefinition } from '../events/EventDefinition.js';
import type { SchemaFits } from '../lifecycle/pluginOptionsSchema.js';

/**
 * Data of `tool.execution.started`: which call of which tool, by whom.
 * @public
 */
export interface ToolCallEventData {
  /** The tool's name. */
  readonly tool: string;
  /** The call's id, unique per registry. */
  readonly callId: string;
  /** Who called: `mcp`, `rest`, `in-process`, … */
  readonly caller: string;
}

/**
 * Data of `tool.execution.completed`.
 * @public
 */
export interface ToolCallCompletedEventData extends ToolCallEventData {
  /** How long the call took, in milliseconds. */
  readonly durationMs: number;
}

/**
 * Data of `tool.execution.failed`.
 * @public
 */
export interface ToolCallFailedEventData extends ToolCallCompletedEventData {
  /** The error's code. */
  readonly code: string;
  /** The error's message. */
  readonly message: string;
}

/**
 * Data of `tool.registry.changed`.
 * @public
 */
export interface ToolsChangedEventData {
  /** Names of the tools added. */
  readonly added: readonly string[];
  /** Names of the tools removed. */
  readonly removed: readonly string[];
}

const call = { tool: z.string(), callId: z.string(), caller: z.string() };
const startedData = z.object(call);
const completedData = z.object({ ...call, durationMs: z.number().nonnegative() });
const failedData = z.object({ ...call, durationMs: z.number().nonnegative(), code: z.string(), message: z.string() });
const changedData = z.object({ added: z.array(z.string()).readonly(), removed: z.array(z.string()).readonly() });

// Compile-time proof that the event schemas and the data interfaces have not drifted apart.
true satisfies SchemaFits<ToolCallEventData, typeof startedData>;
true satisfies SchemaFits<ToolCallCompletedEventData, typeof completedData>;
true satisfies SchemaFits<ToolCallFailedEventData, typeof failedData>;
true satisfies SchemaFits<ToolsChangedEventData, typeof changedData>;

/**
 * Published when a tool call passed input validation and its handler is about to run.
 * @public
 */
export const toolExecutionStartedEvent: EventDefinition<z.ZodType<ToolCallEventData>> = defineEvent({
  type: 'tool.execution.started',
  version: '1.0.0',
  description: 'A tool call passed input validation and its handler is about to run.',
  data: startedData,
});

/**
 * Published when a tool call returned a valid result, with its duration.
 * @public
 */
export const toolExecutionCompletedEvent: EventDefinition<z.ZodType<ToolCallCompletedEventData>> = defineEvent({
  type: 'tool.execution.completed',
  version: '1.0.0',
  description: 'A tool call returned a valid result.',
  data: completedData,
});

/**
 * Published when a tool call failed (invalid input or output, handler error, abort), with the error code and message.
 * @public
 */
export const toolExecutionFailedEvent: EventDefinition<z.ZodType<ToolCallFailedEventData>> = defineEvent({
  type: 'tool.execution.failed',
  version: '1.0.0',
  description: 'A tool call failed (invalid input or output, handler error, abort).',
  data: failedData,
});

/**
 * Published when tools are added to or removed from the registry.
 * @public
 */
export const toolsChangedEvent: EventDefinition<z.ZodType<ToolsChangedEventData>> = defineEvent({
  type: 'tool.registry.changed',
  version: '1.0.0',
  description: 'A tool was added to or removed from the registry.',
  data: changedData,
});
