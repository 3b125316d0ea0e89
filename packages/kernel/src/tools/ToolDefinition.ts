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
  /** A human-readable title for the tool. */
  readonly title?: string;
  /**
   * True when the tool does not change its environment.
   * @defaultValue `false` (as MCP clients assume)
   */
  readonly readOnlyHint?: boolean;
  /**
   * True when the tool may destroy or overwrite data; meaningful only when it is not read-only.
   * @defaultValue `true` (as MCP clients assume)
   */
  readonly destructiveHint?: boolean;
  /**
   * True when calling again with the same input has no further effect; meaningful only when it is not read-only.
   * @defaultValue `false` (as MCP clients assume)
   */
  readonly idempotentHint?: boolean;
  /**
   * True when the tool reaches an open world (the web, other systems); false for a closed domain.
   * @defaultValue `true` (as MCP clients assume)
   */
  readonly openWorldHint?: boolean;
}

/**
 * A tool: one definition serves in-process, REST and MCP callers.
 * @public
 */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Unique name: 1–128 letters, digits, `_`, `-` or `.`. */
  readonly name: string;
  /** What the tool does; callers (and models) choose tools by it. */
  readonly description: string;
  /** Schema of the input; a call's input is validated against it before the handler runs. */
  readonly input: I;
  /** Schema of the structured output; when present, the handler's output is validated against it. */
  readonly output?: O;
  /** Hints about the tool's behaviour for clients. */
  readonly annotations?: ToolAnnotations;
  /** Does the work: gets the validated input and the context, and returns the output or a {@link toolResult}. */
  readonly handler: (
    input: z.output<I>,
    context: ToolContext,
  ) => Promise<z.input<O> | ToolResult<z.input<O>>> | z.input<O> | ToolResult<z.input<O>>;
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
    throw new KernelError(
      'TOOL_DEFINITION_INVALID',
      `Tool name "${definition.name}" is invalid: use 1–128 letters, digits, "_", "-" or ".".`,
      { details: { tool: definition.name } },
    );
  }
  if (typeof definition.description !== 'string' || definition.description.trim() === '') {
    throw new KernelError(
      'TOOL_DEFINITION_INVALID',
      `Tool "${definition.name}" needs a description: callers (and models) choose tools by it.`,
      { details: { tool: definition.name } },
    );
  }
  if (typeof definition.handler !== 'function') {
    throw new KernelError('TOOL_DEFINITION_INVALID', `Tool "${definition.name}" needs a handler function.`, {
      details: { tool: definition.name },
    });
  }
  return Object.freeze({ ...definition });
}
