import { z } from 'zod';
import { defineEvent } from '../events/EventDefinition.js';

const call = { tool: z.string(), callId: z.string(), caller: z.string() };

/**
 * Published when a tool call passed input validation and its handler is about to run.
 * @public
 */
export const toolExecutionStartedEvent = defineEvent({
  type: 'tool.execution.started',
  version: '1.0.0',
  description: 'A tool call passed input validation and its handler is about to run.',
  data: z.object(call),
});

/**
 * Published when a tool call returned a valid result, with its duration.
 * @public
 */
export const toolExecutionCompletedEvent = defineEvent({
  type: 'tool.execution.completed',
  version: '1.0.0',
  description: 'A tool call returned a valid result.',
  data: z.object({ ...call, durationMs: z.number().nonnegative() }),
});

/**
 * Published when a tool call failed (invalid input or output, handler error, abort), with the error code and message.
 * @public
 */
export const toolExecutionFailedEvent = defineEvent({
  type: 'tool.execution.failed',
  version: '1.0.0',
  description: 'A tool call failed (invalid input or output, handler error, abort).',
  data: z.object({ ...call, durationMs: z.number().nonnegative(), code: z.string(), message: z.string() }),
});

/**
 * Published when tools are added to or removed from the registry.
 * @public
 */
export const toolsChangedEvent = defineEvent({
  type: 'tool.registry.changed',
  version: '1.0.0',
  description: 'A tool was added to or removed from the registry.',
  data: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
});
