import type { z } from 'zod';
import { KernelError } from '../errors/KernelError.js';
import type { ToolContext } from './ToolContext.js';
import type { ToolResult } from './ToolContent.js';

/** Tool names: letters, digits, `_`, `-` and `.`, 1–128 characters (MCP's tool-name rule). */
const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Hints about a tool's behaviour, as MCP defines them.
 * @public
 */
export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/**
 * A tool: one definition serves in-process, REST and MCP callers.
 * @public
 */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly input: I;
  readonly output?: O;
  readonly annotations?: ToolAnnotations;
  readonly handler: (input: z.output<I>, context: ToolContext) => Promise<z.input<O> | ToolResult<z.input<O>>> | z.input<O> | ToolResult<z.input<O>>;
}

/**
 * Defines a tool, checking its name and parts.
 * @throws {@link KernelError} `TOOL_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const echo = defineTool({
 *   name: 'echo', description: 'Repeats its input.',
 *   input: z.object({ text: z.string() }), output: z.object({ text: z.string() }),
 *   handler: ({ text }) => ({ text }),
 * });
 * ```
 * @public
 */
export function defineTool<I extends z.ZodType, O extends z.ZodType = z.ZodType>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  if (!TOOL_NAME_PATTERN.test(definition.name)) {
    throw new KernelError('TOOL_DEFINITION_INVALID', `Tool name "${definition.name}" is invalid: use 1–128 letters, digits, "_", "-" or ".".`, { details: { tool: definition.name } });
  }
  if (typeof definition.description !== 'string' || definition.description.trim() === '') {
    throw new KernelError('TOOL_DEFINITION_INVALID', `Tool "${definition.name}" needs a description: callers (and models) choose tools by it.`, { details: { tool: definition.name } });
  }
  if (typeof definition.handler !== 'function') {
    throw new KernelError('TOOL_DEFINITION_INVALID', `Tool "${definition.name}" needs a handler function.`, { details: { tool: definition.name } });
  }
  return Object.freeze({ ...definition });
}
